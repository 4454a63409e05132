import { createPool } from './pool';
import { createTestDatabase, type TestDatabase } from './testing';

describe('createPool (real PostgreSQL)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  const parallelWorkers = async (interactive: boolean): Promise<string> => {
    const pool = createPool({ connectionString: db.url, max: 1, applicationName: 'cls-test-pool', interactive, onIdleError: () => undefined });
    try {
      const { rows } = await pool.query<{ max_parallel_workers_per_gather: string }>('SHOW max_parallel_workers_per_gather');
      return rows[0]!.max_parallel_workers_per_gather;
    } finally {
      await pool.end();
    }
  };

  it('gives the sessions of a pool that serves requests no parallel workers, and leaves other pools the server\'s setting', async () => {
    const { rows } = await db.pool.query<{ setting: string }>(`SELECT reset_val AS setting FROM pg_settings WHERE name = 'max_parallel_workers_per_gather'`);
    expect(await parallelWorkers(true)).toBe('0');
    expect(await parallelWorkers(false)).toBe(rows[0]!.setting);
  });

  it('survives the end of a checked-out session: the error is reported, the next query fails, and the pool carries on', async () => {
    const ended: Error[] = [];
    const pool = createPool({ connectionString: db.url, max: 1, applicationName: 'cls-test-checked-out', onIdleError: (error) => ended.push(error) });
    try {
      const client = await pool.connect();
      try {
        const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        await db.pool.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
        // The server's notice arrives on the socket a moment after the termination: wait for it, within a generous bound.
        for (const deadline = Date.now() + 15_000; ended.length === 0 && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 20));
        expect(ended.length).toBeGreaterThan(0);
        await expect(client.query('SELECT 1')).rejects.toThrow('not queryable');
      } finally {
        // Released even when an assertion failed: the pool's end waits for every client checked out.
        client.release();
      }
      const again = await pool.query<{ one: number }>('SELECT 1 AS one');
      expect(again.rows).toEqual([{ one: 1 }]);
    } finally {
      await pool.end();
    }
  }, 30_000);
});

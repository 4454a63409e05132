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
});

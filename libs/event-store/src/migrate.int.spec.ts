import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { runner } from 'node-pg-migrate';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eventStoreMigrations, migrate, type MigrationSet } from './migrate';
import { PostgresEventStore } from './event-store';
import { createTestDatabase, pendingEvent, type TestDatabase } from './testing';

describe('migrate', () => {
  let db: TestDatabase;
  let readModel: MigrationSet;

  beforeAll(async () => {
    db = await createTestDatabase();
    // A second owner with its own ledger, as the reporting app has: node-pg-migrate locks per database, not per set.
    const dir = await mkdtemp(path.join(tmpdir(), 'cls-migrations-'));
    await writeFile(path.join(dir, '1700000000000_read_model.sql'), '-- Up Migration\nCREATE TABLE read_model (id int);\n-- Down Migration\nDROP TABLE read_model;\n');
    readModel = { dir, table: 'read_model_migrations' };
  });

  afterAll(async () => {
    await db?.drop();
    if (readModel) await rm(readModel.dir, { recursive: true, force: true });
  });

  it('lets processes that start together migrate one after another, whichever sets they own, instead of failing on the lock', async () => {
    const runs = Array.from({ length: 6 }, (_, index) => migrate(db.url, index % 2 === 0 ? eventStoreMigrations : readModel));
    await expect(Promise.all(runs)).resolves.toHaveLength(6);
    const { rows } = await db.pool.query<{ count: string }>('SELECT count(*) FROM read_model_migrations');
    expect(Number(rows[0]?.count)).toBe(1);
  });
});

describe('the process owners migration (real PostgreSQL)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  const owners = async (): Promise<Record<string, string>> => {
    const { rows } = await db.pool.query<{ process_id: string; organisation: string }>('SELECT process_id::text, organisation FROM process_owners');
    return Object.fromEntries(rows.map((row) => [row.process_id, row.organisation]));
  };

  it('records each process\'s owner as its first CommissionOpened is appended, from events already stored when it runs, and never changes one', async () => {
    const store = new PostgresEventStore(db.pool);
    const [before, after] = [randomUUID(), randomUUID()];
    await store.append(`contract-${before}`, 0, [pendingEvent('CommissionOpened', { organisation: 'somerset' }), pendingEvent('RouteDecided')]);
    await store.append(`contract-${before}`, 2, [pendingEvent('CommissionOpened', { organisation: 'wiltshire' })]);
    expect(await owners()).toEqual({ [before]: 'somerset' });

    const rerun = (direction: 'up' | 'down') =>
      runner({ databaseUrl: db.url, dir: eventStoreMigrations.dir, migrationsTable: eventStoreMigrations.table, direction, count: 1, log: () => undefined });
    await rerun('down');
    await store.append(`contract-${after}`, 0, [pendingEvent('CommissionOpened', { organisation: 'dorset' })]);
    await rerun('up');
    expect(await owners()).toEqual({ [before]: 'somerset', [after]: 'dorset' });

    await expect(db.pool.query(`UPDATE process_owners SET organisation = 'elsewhere'`)).rejects.toThrow(/immutable/);
    await expect(db.pool.query('TRUNCATE process_owners')).rejects.toThrow(/immutable/);
  });
});

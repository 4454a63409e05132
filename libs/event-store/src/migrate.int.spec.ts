import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eventStoreMigrations, migrate, type MigrationSet } from './migrate';
import { createTestDatabase, type TestDatabase } from './testing';

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

import { migrate } from '@cls/event-store';
import { createTestDatabase, type TestDatabase } from '@cls/event-store/testing';
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { reportingMigrations } from '../database/reporting-migrations';

const awardMigration = '1764000000000_contract_register_award.sql';

describe('reporting migration: the award columns (real PostgreSQL)', () => {
  let db: TestDatabase;
  let before: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    // The register as it stood before the award: every migration up to the one under test.
    before = await mkdtemp(path.join(tmpdir(), 'reporting-migrations-'));
    const files = (await readdir(reportingMigrations.dir)).filter((file) => file.endsWith('.sql') && file < awardMigration);
    await Promise.all(files.map((file) => copyFile(path.join(reportingMigrations.dir, file), path.join(before, file))));
    await migrate(db.url, { ...reportingMigrations, dir: before });
  });
  afterAll(async () => {
    await db.drop();
    await rm(before, { recursive: true, force: true });
  });

  it("moves a direct award the old register showed at 'contract-issue' to 'award', and leaves the other stages", async () => {
    await db.pool.query(
      `INSERT INTO reporting.contract_register (contract_id, title, organisation, stage, route, last_event_type, last_event_at, version)
       VALUES ('a', 'Direct award', 'gcc', 'contract-issue', 'direct-award', 'SpecificationAgreed', now(), 4),
              ('b', 'Tender', 'gcc', 'procurement', 'tender', 'SpecificationAgreed', now(), 4)`,
    );

    await migrate(db.url, reportingMigrations);

    const { rows } = await db.pool.query<{ contract_id: string; stage: string; supplier_name: string | null; value_pence: string | null }>(
      `SELECT contract_id, stage, supplier_name, value_pence FROM reporting.contract_register ORDER BY contract_id`,
    );
    expect(rows).toEqual([
      { contract_id: 'a', stage: 'award', supplier_name: null, value_pence: null },
      { contract_id: 'b', stage: 'procurement', supplier_name: null, value_pence: null },
    ]);
  });

  it('refuses half a supplier and a negative value', async () => {
    await expect(db.pool.query(`UPDATE reporting.contract_register SET supplier_name = 'Acme' WHERE contract_id = 'a'`)).rejects.toThrow(
      /contract_register_supplier_whole/,
    );
    await expect(db.pool.query(`UPDATE reporting.contract_register SET value_pence = -1 WHERE contract_id = 'a'`)).rejects.toThrow(/check/);
  });
});

import { defaultMonitoringPolicy, type StoredEvent } from '@cls/domain';
import { migrate } from '@cls/event-store';
import { createTestDatabase, type TestDatabase } from '@cls/event-store/testing';
import { randomUUID } from 'node:crypto';
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Pool } from 'pg';
import { reportingMigrations } from '../database/reporting-migrations';
import { dueItemsProjectionFor } from '../due-items/due-items.projection';
import { governanceLogProjection } from '../governance-log/governance-log.projection';
import { planTrackerProjection } from '../plan-tracker/plan-tracker.projection';
import { ContractRegisterProjector } from '../register/contract-register.projector';
import { ContractRegisterRepository } from '../register/contract-register.repository';
import { providerScorecardProjection } from '../scorecards/provider-scorecard.projection';
import { processEvents } from '../testing/process-events';
import { foldProcess, type ProcessProjection } from './process-projection';
import { Projectors } from './projectors';

const firstCompacting = '1764200000000_compact_projection_documents.sql';

const tables = {
  provider_scorecards: 'contract_id',
  due_items: 'contract_id, item_id',
  plan_tracker: 'plan_id',
  governance_log: 'event_id',
  due_item_concerns: 'contract_id, concern_id',
  projection_documents: 'projection, contract_id',
} as const;

const snapshot = async (pool: Pool) => {
  const rows: Record<string, unknown[]> = {};
  for (const [table, order] of Object.entries(tables)) rows[table] = (await pool.query(`SELECT * FROM reporting.${table} ORDER BY ${order}`)).rows;
  return rows;
};

const projectorsOn = (pool: Pool) => new Projectors(pool, new ContractRegisterProjector(pool, new ContractRegisterRepository(pool)), defaultMonitoringPolicy);

/**
 * `since`: only the projections that existed before the compaction, on both sides of the comparison. One added
 * later (payments compliance) never saw the earlier events' process opened: it starts from a rebuild, as a
 * projection added to a running deployment does (README, Reporting).
 */
const applyAll = async (pool: Pool, contractId: string, events: readonly StoredEvent[], { since = false }: { since?: boolean } = {}) => {
  for (const projector of projectorsOn(pool).all.filter((candidate) => !since || candidate.name !== 'payments-compliance')) {
    const outcomes = await projector.applyAll(contractId, events);
    expect(outcomes.filter((outcome) => outcome.kind === 'rejected')).toEqual([]);
  }
};

/** What the projectors wrote before the documents were compacted: the whole fold, and every row replaced from it. */
const writeWhole = async <Model, Row>(pool: Pool, projection: ProcessProjection<Model, Row>, contractId: string, events: readonly StoredEvent[]) => {
  const document = foldProcess(projection, contractId, events);
  if (!document) throw new Error(`${projection.name} folded no document`);
  const table = `reporting.${projection.table}`;
  await pool.query(`INSERT INTO reporting.projection_documents (projection, contract_id, document) VALUES ($1, $2, $3)`, [
    projection.name,
    contractId,
    JSON.stringify(document),
  ]);
  await pool.query(`INSERT INTO ${table} SELECT * FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)`, [JSON.stringify(projection.rowsOf(document))]);
};

describe('reporting migrations: compact projection documents and scorecard entries (real PostgreSQL)', () => {
  let migrated: TestDatabase;
  let fresh: TestDatabase;
  let before: string;
  const contractId = randomUUID();
  const e = processEvents(contractId, { startsAt: '2026-06-01T09:00:00.000Z' });
  const earlier = [
    ...e.active(),
    e.kpiAssessed('assessment-1', 'Visits on time', 'inadequate', '2027-03-31'),
    e.riskRatingChanged('rating-1', 'green', 'red', '2027-04-02'),
    e.concernLogged('concern-1', 'serious', '2027-04-03'),
    e.returnReminder('2027-04-04/2027-07-03', '2027-07-31'),
    e.correctivePlanOpened(1, '2027-04-05'),
    e.planOpened(1, '2027-04-05'),
    e.actionsAgreed(1, [{ actionId: 'a1', dueDate: '2027-07-05' }, { actionId: 'a2', dueDate: '2027-06-01' }], '2027-04-06'),
    e.varied(true, '2027-04-07'),
  ];
  // Each names something only the earlier events recorded: a refusal would show the migration lost it.
  const later = [
    e.contract('AssessmentCommented', { assessmentId: 'assessment-1', kpi: 'Visits on time', comment: 'Disputed', commentedOn: '2027-04-08' }),
    e.concernUpdated('concern-1', '2027-04-09'),
    e.milestoneMissed(1, 'a2', '2027-06-01', '2027-06-02'),
    e.actionCompleted(1, 'a1', '2027-07-05', '2027-07-01'),
    e.planClosed(1, 'successful', '2027-07-02'),
    e.correctivePlanEnded(1, 'successful', '2027-07-02'),
    e.returnSubmitted('2027-04-04/2027-07-03', '2027-07-31', '2027-07-20'),
    e.terminated('2027-09-01'),
  ];

  beforeAll(async () => {
    [migrated, fresh] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    before = await mkdtemp(path.join(tmpdir(), 'reporting-migrations-'));
    const files = (await readdir(reportingMigrations.dir)).filter((file) => file.endsWith('.sql') && file < firstCompacting);
    await Promise.all(files.map((file) => copyFile(path.join(reportingMigrations.dir, file), path.join(before, file))));
    await migrate(migrated.url, { ...reportingMigrations, dir: before });
    await migrate(fresh.url, reportingMigrations);
  });
  afterAll(async () => {
    await Promise.all([migrated.drop(), fresh.drop()]);
    await rm(before, { recursive: true, force: true });
  });

  it('leaves the read models as a fold of every event would: the events after it apply as if it had always been so', async () => {
    for (const projection of [providerScorecardProjection, dueItemsProjectionFor(defaultMonitoringPolicy), planTrackerProjection, governanceLogProjection]) {
      await writeWhole(migrated.pool, projection as ProcessProjection<unknown, unknown>, contractId, earlier);
    }
    // The register's storage is as it was: it applies the earlier events itself.
    await new ContractRegisterProjector(migrated.pool, new ContractRegisterRepository(migrated.pool)).applyAll(contractId, earlier);
    await migrate(migrated.url, reportingMigrations);
    await applyAll(migrated.pool, contractId, later, { since: true });

    await applyAll(fresh.pool, contractId, [...earlier, ...later], { since: true });
    const expected = await snapshot(fresh.pool);
    expect((expected['provider_scorecards']?.[0] as { concerns: unknown[] }).concerns).toHaveLength(1);
    expect(expected['due_item_concerns']).toHaveLength(1);
    expect(await snapshot(migrated.pool)).toEqual(expected);
  });
});

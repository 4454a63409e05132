import { randomUUID } from 'node:crypto';
import { processEvents } from '../testing/process-events';
import { startReportingTestApp, type ReportingTestApp } from '../testing/reporting-test-app';
import { Projectors } from './projectors';

describe('applying a batch of one process to a projection (real PostgreSQL)', () => {
  let reporting: ReportingTestApp;

  beforeAll(async () => {
    reporting = await startReportingTestApp();
  });
  afterAll(async () => {
    await reporting.close();
  });

  const projector = (name: string) => {
    const found = reporting.app.get(Projectors).all.find((candidate) => candidate.name === name);
    if (!found) throw new Error(`no projector ${name}`);
    return found;
  };

  it('answers an outcome per event: a repeat within the batch is a duplicate, a rejected event is skipped and left unrecorded', async () => {
    const contractId = randomUUID();
    const e = processEvents(contractId);
    const opened = e.opened();
    const broken = e.contract('ReminderIssued', { subject: 'return', periodId: 'q1', dueOn: 'soon' });
    const varied = e.varied(true, '2027-06-01');
    const outcomes = await projector('governance-log').applyAll(contractId, [opened, broken, varied, opened]);
    expect(outcomes).toEqual([
      { kind: 'applied' },
      { kind: 'rejected', reason: expect.stringMatching(/ReminderIssued data is invalid/) },
      { kind: 'applied' },
      { kind: 'duplicate' },
    ]);
    const { rows } = await reporting.db.pool.query<{ event_id: string }>(
      `SELECT event_id::text FROM reporting.processed_events WHERE projection = 'governance-log' AND event_id = ANY($1::uuid[]) ORDER BY event_id`,
      [[opened.eventId, broken.eventId, varied.eventId]],
    );
    expect(rows.map((row) => row.event_id)).toEqual([opened.eventId, varied.eventId].sort());
    const logged = await reporting.db.pool.query<{ kind: string }>(`SELECT kind FROM reporting.governance_log WHERE contract_id = $1`, [contractId]);
    expect(logged.rows).toEqual([{ kind: 'variation-beyond-limits' }]);
    expect(await projector('governance-log').apply(contractId, varied)).toEqual({ kind: 'duplicate' });
  });

  it('applies a batch to every projection in one transaction: when one of them fails, none has applied it', async () => {
    const projectors = reporting.app.get(Projectors);
    const { pool } = reporting.db;
    const contractId = randomUUID();
    const e = processEvents(contractId);
    const batch = [e.opened(), e.routeDecided('tender')];
    const recorded = async () =>
      (
        await pool.query<{ projection: string }>(
          `SELECT projection FROM reporting.processed_events WHERE event_id = ANY($1::uuid[]) ORDER BY projection, event_id`,
          [batch.map((event) => event.eventId)],
        )
      ).rows.map((row) => row.projection);
    // The last projection's statements fail for this process only (the test's own database).
    await pool.query(`CREATE FUNCTION reporting.refuse_for_test() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused for the test'; END $$`);
    await pool.query(
      `CREATE TRIGGER refuse_for_test BEFORE INSERT ON reporting.governance_log FOR EACH ROW
       WHEN (NEW.contract_id = '${contractId}') EXECUTE FUNCTION reporting.refuse_for_test()`,
    );

    await expect(projectors.applyAll(contractId, batch)).rejects.toThrow(/refused for the test/);
    expect(await recorded()).toEqual([]);
    const register = await pool.query(`SELECT 1 FROM reporting.contract_register WHERE contract_id = $1`, [contractId]);
    expect(register.rows).toEqual([]);

    await pool.query(`DROP TRIGGER refuse_for_test ON reporting.governance_log`);
    const applied = await projectors.applyAll(contractId, batch);
    expect(applied.map(({ projection, outcomes }) => [projection, outcomes.map((outcome) => outcome.kind)])).toEqual(
      projectors.names.map((name) => [name, ['applied', 'applied']]),
    );
    expect(await recorded()).toEqual([...projectors.names].sort().flatMap((name) => [name, name]));
    const logged = await pool.query<{ kind: string }>(`SELECT kind FROM reporting.governance_log WHERE contract_id = $1`, [contractId]);
    expect(logged.rows).toEqual([{ kind: 'tender-route' }]);
  });
});

import { encodeContractEvent } from '@cls/kafka';
import { eventually } from '@cls/kafka/testing';
import { randomUUID } from 'node:crypto';
import { rebuildLockKey } from '../projections/projection-transaction';
import { ContractRegisterProjector } from '../register/contract-register.projector';
import { ProjectionLatency } from './projection-latency';
import { contractStream, startReportingTestApp, type ReportingTestApp } from '../testing/reporting-test-app';

interface RegisterRow {
  title: string;
  stage: string;
  last_event_type: string;
  last_event_at: Date;
  version: number;
}

describe('ContractEventsConsumer (real Kafka and PostgreSQL)', () => {
  let reporting: ReportingTestApp;

  beforeAll(async () => {
    reporting = await startReportingTestApp();
  });
  afterAll(async () => {
    await reporting.close();
  });

  const rowOf = async (contractId: string): Promise<RegisterRow | undefined> =>
    (
      await reporting.db.pool.query<RegisterRow>(
        `SELECT title, stage, last_event_type, last_event_at, version FROM reporting.contract_register WHERE contract_id = $1`,
        [contractId],
      )
    ).rows[0];

  const processedIds = async (eventIds: string[]): Promise<string[]> =>
    (
      await reporting.db.pool.query<{ event_id: string }>(
        `SELECT event_id::text FROM reporting.processed_events
         WHERE projection = 'contract-register' AND event_id = ANY($1::uuid[]) ORDER BY event_id`,
        [eventIds],
      )
    ).rows.map((row) => row.event_id);

  it('builds a register row per contract from its events', async () => {
    const assessedId = randomUUID();
    const assessed = contractStream(assessedId, '2026-11-20T09:00:00.000Z');
    const unknownTypeId = randomUUID();
    const unknownType = contractStream(unknownTypeId, '2026-11-21T09:00:00.000Z');
    await reporting.publish(
      [assessed.opened('Short breaks'), unknownType.opened('Home care'), assessed.assessed(), unknownType.other('TenderPublished')].map(
        encodeContractEvent,
      ),
    );

    await eventually(async () => {
      expect(await rowOf(assessedId)).toEqual({
        title: 'Short breaks',
        stage: 'route-decision',
        last_event_type: 'NeedsAssessmentRecorded',
        last_event_at: new Date('2026-11-20T10:00:00.000Z'),
        version: 2,
      });
      expect(await rowOf(unknownTypeId)).toEqual({
        title: 'Home care',
        stage: 'needs-assessment',
        last_event_type: 'TenderPublished',
        last_event_at: new Date('2026-11-21T10:00:00.000Z'),
        version: 2,
      });
    });
  });

  it('observes how long each event took from its commit in the store to its projections’ commit', async () => {
    const latency = reporting.app.get(ProjectionLatency);
    const observed = async () => {
      const { values } = await latency.histogram.get();
      const of = (name: string) => values.find((value) => value.metricName === name && value.labels['le'] === undefined)?.value ?? 0;
      return { count: of('cls_projection_latency_seconds_count'), sum: of('cls_projection_latency_seconds_sum') };
    };
    const before = await observed();
    // Committed to the store five seconds ago, as if the relay had been slow to publish it.
    const late = contractStream(randomUUID(), new Date(Date.now() - 5_000).toISOString());
    await reporting.publish([late.opened('Late to the register')].map(encodeContractEvent));
    await eventually(async () => {
      const after = await observed();
      expect(after.count - before.count).toBe(1);
      expect(after.sum - before.sum).toBeGreaterThanOrEqual(5);
      expect(after.sum - before.sum).toBeLessThan(120);
    });
  });

  it('lets a redelivered event take effect once', async () => {
    const contractId = randomUUID();
    const stream = contractStream(contractId, '2026-11-20T09:00:00.000Z');
    const opened = stream.opened();
    const assessed = stream.assessed();
    const reviewed = stream.other('ReviewScheduled');
    // The same key keeps all of them on one partition: when the last is applied, the repeats before it were handled.
    await reporting.publish([opened, opened, assessed, opened, assessed, reviewed].map(encodeContractEvent));

    await eventually(async () => expect((await rowOf(contractId))?.version).toBe(3));
    expect(await rowOf(contractId)).toMatchObject({ stage: 'route-decision', last_event_type: 'ReviewScheduled' });
    const ids = [opened, assessed, reviewed].map((event) => event.eventId);
    expect(await processedIds(ids)).toEqual([...ids].sort());

    const projector = reporting.app.get(ContractRegisterProjector);
    expect(await projector.apply(contractId, assessed)).toEqual({ kind: 'duplicate' });
    expect(await rowOf(contractId)).toMatchObject({ version: 3, last_event_type: 'ReviewScheduled' });
  });

  it('dead-letters messages it cannot read, and goes on with the next', async () => {
    const contractId = randomUUID();
    const stream = contractStream(contractId, '2026-11-20T09:00:00.000Z');
    const someoneElses = contractStream(randomUUID(), '2026-11-20T09:00:00.000Z').opened();
    await reporting.publish([
      { key: contractId, value: '{"eventId": "truncated' },
      { ...encodeContractEvent(someoneElses), key: contractId },
      encodeContractEvent(stream.opened()),
    ]);

    await eventually(async () => expect(await rowOf(contractId)).toMatchObject({ stage: 'needs-assessment', version: 1 }));
    const letters = reporting.deadLetters.filter((letter) => letter.key === contractId);
    expect(letters.map((letter) => letter.reason)).toEqual([
      expect.stringMatching(/value is not JSON/),
      expect.stringMatching(/^key .* is not the process id/),
    ]);
    expect(letters[0]).toMatchObject({ valuePreview: '{"eventId": "truncated', offset: expect.any(String) });
  });

  it('dead-letters an event the register cannot apply, leaving no record that it was processed', async () => {
    const stream = contractStream(randomUUID(), '2026-11-20T09:00:00.000Z');
    stream.opened();
    const orphan = stream.assessed();
    await reporting.publish([encodeContractEvent(orphan)]);

    await eventually(() =>
      expect(reporting.deadLetters.map((letter) => letter.reason)).toContainEqual(expect.stringMatching(/has not seen opened/)),
    );
    expect(await processedIds([orphan.eventId])).toEqual([]);
  });

  it('waits while a rebuild holds its lock, then applies what arrived meanwhile', async () => {
    const contractId = randomUUID();
    const rebuild = await reporting.db.pool.connect();
    try {
      await rebuild.query('SELECT pg_advisory_lock($1::bigint)', [rebuildLockKey]);
      await reporting.publish([encodeContractEvent(contractStream(contractId, '2026-11-20T09:00:00.000Z').opened('During a rebuild'))]);
      // The consumer has the message and is waiting on the lock, not past it.
      await eventually(async () => {
        const { rows } = await reporting.db.pool.query<{ waiting: number }>(
          `SELECT count(*)::int AS waiting FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        );
        expect(rows[0]?.waiting).toBeGreaterThan(0);
      });
      expect(await rowOf(contractId)).toBeUndefined();
    } finally {
      await rebuild.query('SELECT pg_advisory_unlock($1::bigint)', [rebuildLockKey]);
      rebuild.release();
    }
    await eventually(async () => expect(await rowOf(contractId)).toMatchObject({ title: 'During a rebuild', version: 1 }));
  });
});

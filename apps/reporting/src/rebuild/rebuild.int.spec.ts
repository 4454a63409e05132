import type { PendingEvent, StoredEvent } from '@cls/domain';
import { PostgresEventStore } from '@cls/event-store';
import { createKafka, encodeContractEvent } from '@cls/kafka';
import { eventually, testKafkaBrokers, uniqueName } from '@cls/kafka/testing';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { Projectors } from '../projections/projectors';
import { processEvents } from '../testing/process-events';
import { startReportingTestApp, type ReportingTestApp } from '../testing/reporting-test-app';
import { rebuildProjections, type RebuildProgress } from './rebuild';

const tables = {
  contract_register: 'contract_id',
  provider_scorecards: 'contract_id',
  due_items: 'contract_id, item_id',
  plan_tracker: 'plan_id',
  governance_log: 'event_id',
  projection_documents: 'projection, contract_id',
} as const;

describe('rebuilding the read models (real PostgreSQL and Kafka)', () => {
  let reporting: ReportingTestApp;
  let stored: StoredEvent[];

  /** Every read model's rows, in a stable order. */
  const snapshot = async () => {
    const rows: Record<string, unknown[]> = {};
    for (const [table, order] of Object.entries(tables)) {
      rows[table] = (await reporting.db.pool.query(`SELECT * FROM reporting.${table} ORDER BY ${order}`)).rows;
    }
    return rows;
  };

  const appliedCounts = async () =>
    (await reporting.db.pool.query<{ projection: string; events_applied: string }>(
      'SELECT projection, events_applied FROM reporting.projection_positions ORDER BY projection',
    )).rows;

  beforeAll(async () => {
    reporting = await startReportingTestApp();
    const store = new PostgresEventStore(reporting.db.pool);
    const histories = [randomUUID(), randomUUID()].map((contractId, index) => {
      const e = processEvents(contractId, { startsAt: `2026-0${index + 3}-01T09:00:00.000Z` });
      return [
        ...e.active(),
        e.kpiAssessed('assessment-1', 'Visits on time', 'inadequate', '2027-03-31'),
        e.riskRatingChanged('rating-1', 'green', 'amber', '2027-04-02'),
        e.concernLogged('concern-1', 'high', '2027-04-03'),
        e.returnReminder('2027-04-04/2027-07-03', '2027-07-31'),
        e.correctivePlanOpened(1, '2027-04-05'),
        e.planOpened(1, '2027-04-05'),
        e.actionsAgreed(1, [{ actionId: 'a1', dueDate: '2027-07-05' }], '2027-04-06'),
        e.milestoneMissed(1, 'a1', '2027-07-05', '2027-07-06'),
        e.planEscalated(1, ['a1'], '2027-07-13'),
        e.varied(true, '2027-08-01'),
      ];
    });
    // Interleaved, as processes are in the store; each appended at its stream's version.
    stored = [];
    for (let index = 0; index < histories[0]!.length; index += 1) {
      for (const history of histories) {
        const event = history[index]!;
        const pending: PendingEvent = { eventId: event.eventId, type: event.type, schemaVersion: 1, data: event.data, metadata: event.metadata };
        const { events } = await store.append(event.streamId, event.streamVersion - 1, [pending]);
        stored.push(...events);
      }
    }
    await reporting.publish(stored.map(encodeContractEvent));
    await eventually(async () => {
      expect((await appliedCounts()).map((row) => Number(row.events_applied))).toEqual([stored.length, stored.length, stored.length, stored.length, stored.length, stored.length]);
    });
  }, 60_000);
  afterAll(async () => {
    await reporting.close();
  });

  it('from the event store, gives the same rows, reporting progress as it goes', async () => {
    const before = await snapshot();
    const reports: RebuildProgress[] = [];
    const result = await rebuildProjections({
      pool: reporting.db.pool,
      projectors: reporting.app.get(Projectors).all,
      source: 'store',
      onProgress: (progress) => reports.push(progress),
      reportEvery: 10,
      batchSize: 7,
    });

    expect(result).toMatchObject({ source: 'store', events: stored.length, rejected: 0, position: stored.at(-1)?.globalPosition, done: true });
    // Batches of seven: a report each time another ten events are in, and the last.
    const counts = reports.map((report) => report.events);
    expect(counts.at(-1)).toBe(stored.length);
    expect(counts.slice(0, -1).map((count) => Math.floor(count / 10))).toEqual(Array.from({ length: Math.floor(stored.length / 10) }, (_, index) => index + 1));
    expect(result.eventsPerSecond).toBeGreaterThan(0);
    expect(await snapshot()).toEqual(before);
    expect((await appliedCounts()).every((row) => Number(row.events_applied) === stored.length)).toBe(true);
  });

  it('from the start of the topic, as a fresh consumer group, gives the same rows', async () => {
    const before = await snapshot();
    const kafka = createKafka({ clientId: 'rebuild-test', brokers: testKafkaBrokers() });
    const result = await rebuildProjections({
      pool: reporting.db.pool,
      projectors: reporting.app.get(Projectors).all,
      source: 'topic',
      kafka,
      topic: reporting.config.KAFKA_TOPIC_CONTRACT_EVENTS,
      groupId: uniqueName('rebuild-test'),
      onProgress: () => undefined,
    });

    expect(result).toMatchObject({ source: 'topic', events: stored.length, rejected: 0, done: true });
    expect(await snapshot()).toEqual(before);
    const offsets = await reporting.db.pool.query<{ total: string }>(
      `SELECT sum("offset" + 1)::text AS total FROM reporting.projection_offsets WHERE projection = 'due-items'`,
    );
    expect(Number(offsets.rows[0]?.total)).toBe(stored.length);
  });

  it('runs as `npm run rebuild`, printing its progress', async () => {
    const before = await snapshot();
    const { stdout } = await promisify(execFile)('npm', ['run', '-s', 'rebuild', '--', '--from', 'store'], {
      cwd: path.join(__dirname, '..', '..'),
      env: {
        ...process.env,
        DATABASE_URL: reporting.db.url,
        KAFKA_BROKERS: testKafkaBrokers().join(','),
        KAFKA_TOPIC_CONTRACT_EVENTS: reporting.config.KAFKA_TOPIC_CONTRACT_EVENTS,
        LOG_LEVEL: 'warn',
      },
    });
    expect(stdout).toMatch(new RegExp(`\\[rebuild:store\\] done: ${stored.length} events applied position ${stored.at(-1)?.globalPosition} \\d+ events/s`));
    expect(await snapshot()).toEqual(before);
  }, 60_000);
});

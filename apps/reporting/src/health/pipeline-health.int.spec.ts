import { migrate, PostgresEventStore } from '@cls/event-store';
import { pendingEvent } from '@cls/event-store/testing';
import { encodeContractEvent } from '@cls/kafka';
import { eventually, switchableKafka } from '@cls/kafka/testing';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import request from 'supertest';
import type { App } from 'supertest/types';
import { ContractEventsConsumer } from '../consumer/contract-events.consumer';
import { contractStream, startReportingTestApp, type ReportingTestApp } from '../testing/reporting-test-app';

const problemOf = (response: request.Response) => {
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  return response.body as Record<string, unknown>;
};

const manager = { id: 'u-2', role: 'contract-manager', organisation: 'gloucestershire-cc' } as const;
const projectionNames = ['contract-register', 'provider-scorecards', 'due-items', 'plan-tracker', 'governance-log', 'payments-compliance'];

describe('the relay’s lag in GET /projections and GET /health (real PostgreSQL and Kafka)', () => {
  let reporting: ReportingTestApp;
  let server: App;
  let token: string;
  const stream = `contract-${randomUUID()}`;
  let appended: { globalPosition: string }[] = [];

  beforeAll(async () => {
    reporting = await startReportingTestApp({ env: { RELAY_STALL_SECONDS: '2' } });
    server = reporting.app.getHttpServer() as App;
    token = await reporting.token(manager);
  });
  afterAll(async () => {
    await reporting.close();
  });

  const projections = () => request(server).get('/projections').set('authorization', `Bearer ${token}`);

  /** Where a relay would have saved its checkpoint after publishing the event at that position. */
  const checkpointAt = async (globalPosition: string) => {
    await reporting.db.pool.query(
      `INSERT INTO relay_checkpoints (relay_name, transaction_id, global_position)
       SELECT 'contract-events', transaction_id, global_position FROM events WHERE global_position = $1
       ON CONFLICT (relay_name) DO UPDATE SET transaction_id = EXCLUDED.transaction_id, global_position = EXCLUDED.global_position`,
      [globalPosition],
    );
  };

  it('counts events appended while no relay runs as unpublished, though every projection is caught up with the topic', async () => {
    const store = new PostgresEventStore(reporting.db.pool);
    ({ events: appended } = await store.append(stream, 0, [
      pendingEvent('CommissionOpened'),
      pendingEvent('NeedsAssessmentRecorded'),
      pendingEvent('ReviewScheduled'),
    ]));

    const response = await projections().expect(200);
    expect(response.body).toMatchObject({
      relay: { relay: 'contract-events', head: appended[2]?.globalPosition, published: null, unpublishedEvents: 3 },
    });
    const body = response.body as { relay: { lagSeconds: number }; projections: { projection: string; lagEvents: number }[] };
    expect(body.relay.lagSeconds).toBeGreaterThanOrEqual(0);
    expect(body.projections.map((projection) => [projection.projection, projection.lagEvents])).toEqual(
      projectionNames.map((name) => [name, 0]),
    );
  });

  it('counts only what lies after the relay’s checkpoint once it has one', async () => {
    // The relay owns its table; the test creates it as the relay does on start.
    await migrate(reporting.db.url, { dir: path.join(__dirname, '..', '..', '..', 'relay', 'migrations'), table: 'relay_migrations' });
    await checkpointAt(appended[0]!.globalPosition);

    const response = await projections().expect(200);
    expect(response.body).toMatchObject({
      relay: { head: appended[2]?.globalPosition, published: { globalPosition: appended[0]?.globalPosition }, unpublishedEvents: 2 },
    });
  });

  it('is not ready once an event has waited longer than RELAY_STALL_SECONDS, and says what it knows', async () => {
    const response = await eventually(async () => request(server).get('/health').expect(503), { timeoutMs: 20_000 });
    expect(problemOf(response)).toMatchObject({
      status: 503,
      code: 'health.unavailable',
      detail: expect.stringMatching(/^Not ready: the relay has left events unpublished for \d+ s$/),
      checks: { database: 'up', kafka: 'up', consumer: 'running', relay: 'stalled' },
      relay: { head: appended[2]?.globalPosition, unpublishedEvents: 2, stalled: true },
      projections: projectionNames.map((projection) => ({ projection, globalPosition: null })),
    });
  });

  it('documents each 503 as problem+json carrying the relay’s lag, from the zod schemas the answers are typed by', async () => {
    const document = (await request(server).get('/openapi.json').expect(200)).body as {
      paths: Record<string, { get: { responses: Record<string, { content: Record<string, { schema: { $ref: string } }> }> } }>;
      components: { schemas: Record<string, { properties: Record<string, unknown>; required: string[] }> };
    };
    for (const path of ['/health', '/projections']) {
      const ref = document.paths[path]?.get.responses['503']?.content['application/problem+json']?.schema.$ref ?? '';
      const schema = document.components.schemas[ref.replace('#/components/schemas/', '')];
      expect(schema?.required).toEqual(expect.arrayContaining(['status', 'code', 'correlationId', 'relay', 'projections']));
    }
  });

  it('is ready again once the relay has published everything', async () => {
    await checkpointAt(appended[2]!.globalPosition);
    const response = await request(server).get('/health').expect(200);
    expect(response.body).toMatchObject({
      status: 'ok',
      checks: { database: 'up', kafka: 'up', consumer: 'running', relay: 'current' },
      relay: { head: appended[2]?.globalPosition, unpublishedEvents: 0, lagSeconds: 0, stalled: false },
    });
  });
});

describe('reporting through a broker outage (real PostgreSQL and Kafka)', () => {
  const broker = switchableKafka('reporting-outage-test');
  let reporting: ReportingTestApp;
  let server: App;
  let token: string;

  beforeAll(async () => {
    reporting = await startReportingTestApp({ kafka: broker.kafka });
    server = reporting.app.getHttpServer() as App;
    token = await reporting.token(manager);
  }, 60_000);
  afterAll(async () => {
    broker.up();
    await reporting.close();
  });

  const registered = async (contractId: string) =>
    (await reporting.db.pool.query('SELECT 1 FROM reporting.contract_register WHERE contract_id = $1', [contractId])).rowCount;

  it('starts without the broker, and answers 503 with what it knows from the database', async () => {
    const health = problemOf(await request(server).get('/health').expect(503));
    expect(health).toMatchObject({
      code: 'health.unavailable',
      checks: { database: 'up', kafka: 'down', consumer: 'stopped', relay: 'current' },
      relay: { relay: 'contract-events', head: null, published: null, unpublishedEvents: 0 },
    });

    const report = problemOf(await request(server).get('/projections').set('authorization', `Bearer ${token}`).expect(503));
    expect(report).toMatchObject({
      status: 503,
      code: 'projections.kafka-unreachable',
      topic: reporting.config.KAFKA_TOPIC_CONTRACT_EVENTS,
      relay: { head: null, unpublishedEvents: 0 },
      projections: projectionNames.map((projection) => ({ projection, lastApplied: null, eventsApplied: 0 })),
    });
  });

  it('starts consuming once the broker answers, and again after the broker went away mid-run', async () => {
    const consumer = reporting.app.get(ContractEventsConsumer);
    broker.up();
    await eventually(async () => request(server).get('/health').expect(200), { timeoutMs: 30_000 });
    const before = randomUUID();
    await reporting.publish([encodeContractEvent(contractStream(before, '2026-11-20T09:00:00.000Z').opened('Before the outage'))]);
    await eventually(async () => expect(await registered(before)).toBe(1), { timeoutMs: 20_000 });

    broker.down();
    const outage = await eventually(async () => request(server).get('/health').expect(503), { timeoutMs: 30_000 });
    expect(problemOf(outage)).toMatchObject({ checks: { database: 'up', kafka: 'down' } });
    // Published by the test's own client while the app's connections are cut: the app must fetch it once back.
    const after = randomUUID();
    await reporting.publish([encodeContractEvent(contractStream(after, '2026-11-21T09:00:00.000Z').opened('During the outage'))]);
    broker.up();
    await eventually(async () => expect(await registered(after)).toBe(1), { timeoutMs: 60_000 });
    await eventually(() => expect(consumer.isRunning).toBe(true));
  }, 150_000);

  it('keeps projecting after the server ends its database sessions, as a PostgreSQL restart does', async () => {
    const { rows } = await reporting.db.pool.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'cls-reporting'`,
    );
    expect(rows.length).toBeGreaterThan(0);
    await reporting.db.pool.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [rows.map((row) => row.pid)]);

    const contractId = randomUUID();
    await reporting.publish([encodeContractEvent(contractStream(contractId, '2026-11-22T09:00:00.000Z').opened('After the sessions ended'))]);
    await eventually(async () => expect(await registered(contractId)).toBe(1), { timeoutMs: 60_000 });
    await eventually(async () => request(server).get('/health').expect(200));
  }, 90_000);
});

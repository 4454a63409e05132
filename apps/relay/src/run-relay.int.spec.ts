import { loadConfig } from '@cls/config';
import { latestCheckpoint, PostgresEventStore } from '@cls/event-store';
import { createTestDatabase, pendingEvent, type TestDatabase } from '@cls/event-store/testing';
import { createKafka, decodeContractEvent } from '@cls/kafka';
import { eventually, readTopic, switchableKafka, testKafkaBrokers, uniqueName, type TopicReader } from '@cls/kafka/testing';
import type { Kafka } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { RelayConfig } from './config';
import { runRelay } from './run-relay';

const kafka = createKafka({ clientId: 'run-relay-test', brokers: testKafkaBrokers() });


interface Started {
  stop: () => Promise<void>;
  done: Promise<void>;
}

describe('runRelay (real PostgreSQL and Kafka)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let config: RelayConfig;
  let reader: TopicReader | undefined;
  const running: Started[] = [];
  const contractId = randomUUID();
  let version = 0;

  /** Publication within this bound can only come from a notification: the poll interval is a minute. */
  const woken = { timeoutMs: 5_000 };

  /** Every line the relay logs at error level, while kept. */
  let errorsLogged: string[] = [];
  const start = (kafkaOfRelay?: Kafka): Started => {
    const controller = new AbortController();
    const logger = pino({ level: 'error' }, { write: (line: string) => void errorsLogged.push(line) });
    const done = runRelay(config, { logger, signal: controller.signal, ...(kafkaOfRelay ? { kafka: kafkaOfRelay } : {}) });
    const started = {
      done,
      stop: async () => {
        controller.abort();
        await done;
      },
    };
    running.push(started);
    return started;
  };

  const append = async (type: string) => {
    const { events } = await store.append(`contract-${contractId}`, version, [pendingEvent(type)]);
    version += 1;
    return events[0]!.eventId;
  };

  const publishedIds = () =>
    (reader?.received ?? []).map(({ message }) => {
      const decoded = decodeContractEvent(message);
      if (!decoded.ok) throw new Error(decoded.reason);
      return decoded.event.eventId;
    });

  const backendsNamed = async (applicationName: string) =>
    (
      await db.pool.query<{ pid: number }>(
        'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1',
        [applicationName],
      )
    ).rows.map((row) => row.pid);

  const admin = kafka.admin();
  beforeAll(() => admin.connect());
  afterAll(() => admin.disconnect());

  beforeEach(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.pool);
    version = 0;
    config = loadConfig(RelayConfig, {
      DATABASE_URL: db.url,
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      KAFKA_TOPIC_CONTRACT_EVENTS: uniqueName('run-relay-test'),
      KAFKA_TOPIC_PARTITIONS: '1',
      RELAY_POLL_MS: '60000',
      LOG_LEVEL: 'silent',
    });
  });
  afterEach(async () => {
    await Promise.allSettled(running.splice(0).map((relay) => relay.stop()));
    await reader?.stop();
    reader = undefined;
    const topic = config.KAFKA_TOPIC_CONTRACT_EVENTS;
    if ((await admin.listTopics()).includes(topic)) await admin.deleteTopics({ topics: [topic] });
    await db.drop();
  });

  /** The relay creates the topic: the reader can subscribe once the first event went through. */
  const startAndPublishFirst = async (kafkaOfRelay?: Kafka): Promise<{ relay: Started; firstId: string }> => {
    const relay = start(kafkaOfRelay);
    const firstId = await append('CommissionOpened');
    await eventually(async () => expect(await admin.listTopics()).toContain(config.KAFKA_TOPIC_CONTRACT_EVENTS), woken);
    reader = await readTopic(kafka, config.KAFKA_TOPIC_CONTRACT_EVENTS);
    await eventually(() => expect(publishedIds()).toEqual([firstId]), woken);
    return { relay, firstId };
  };

  it('publishes an append as soon as it is notified, long before the next poll', async () => {
    const { firstId } = await startAndPublishFirst();
    const secondId = await append('NeedsAssessmentRecorded');
    await eventually(() => expect(publishedIds()).toEqual([firstId, secondId]), woken);
  });

  it('listens again after its notification connection is dropped', async () => {
    const { firstId } = await startAndPublishFirst();
    const [listener] = await backendsNamed('cls-relay-listener');
    await db.pool.query('SELECT pg_terminate_backend($1)', [listener]);
    await eventually(async () => expect((await backendsNamed('cls-relay-listener')).filter((pid) => pid !== listener)).toHaveLength(1), woken);

    const secondId = await append('NeedsAssessmentRecorded');
    await eventually(() => expect(publishedIds()).toEqual([firstId, secondId]), woken);
  });

  it('keeps a second relay waiting until the first stops, which then resumes from the checkpoint', async () => {
    const { relay: first, firstId } = await startAndPublishFirst();
    const second = start();
    let secondSettled = false;
    const settle = () => (secondSettled = true);
    second.done.then(settle, settle);
    await eventually(async () => expect(await backendsNamed(`cls-relay-lock:${config.RELAY_NAME}`)).toHaveLength(2), woken);

    const secondId = await append('NeedsAssessmentRecorded');
    await eventually(() => expect(publishedIds()).toEqual([firstId, secondId]), woken);
    await first.stop();
    expect(secondSettled).toBe(false);

    const thirdId = await append('ReviewScheduled');
    await eventually(() => expect(publishedIds()).toEqual([firstId, secondId, thirdId]), woken);
  });

  it('takes a periodic audit checkpoint covering what was appended, and none while nothing is new', async () => {
    config = { ...config, AUDIT_CHECKPOINT_INTERVAL_MS: 1_000 };
    const { firstId } = await startAndPublishFirst();
    await eventually(async () => expect(await latestCheckpoint(db.pool)).toMatchObject({ trigger: 'periodic', events: 1 }), woken);
    const first = await latestCheckpoint(db.pool);
    expect(first?.coversPosition).toBe((await store.readStream(`contract-${contractId}`))[0]?.globalPosition);
    expect(firstId).toBeDefined();

    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect((await latestCheckpoint(db.pool))?.checkpointId).toBe(first?.checkpointId);
    await append('NeedsAssessmentRecorded');
    await eventually(async () => expect(await latestCheckpoint(db.pool)).toMatchObject({ events: 2 }), woken);
  });

  it('rides out the end of every session it holds: it takes its lock again and publishes what is appended afterwards', async () => {
    const { relay, firstId } = await startAndPublishFirst();
    let settled = false;
    const settle = () => (settled = true);
    relay.done.then(settle, settle);
    const lockName = `cls-relay-lock:${config.RELAY_NAME}`;
    const before = [
      ...(await backendsNamed(lockName)),
      ...(await backendsNamed('cls-relay-listener')),
      ...(await backendsNamed('cls-relay')),
    ];
    expect(before.length).toBeGreaterThanOrEqual(3);
    // What a PostgreSQL restart does to the relay's sessions, without restarting the server others share.
    await db.pool.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [before]);

    const secondId = await append('NeedsAssessmentRecorded');
    await eventually(() => expect(publishedIds()).toEqual([firstId, secondId]), { timeoutMs: 30_000 });
    const thirdId = await append('ReviewScheduled');
    await eventually(() => expect(publishedIds()).toEqual([firstId, secondId, thirdId]), { timeoutMs: 30_000 });

    const [lockSession] = await backendsNamed(lockName);
    expect(before).not.toContain(lockSession);
    const { rows } = await db.pool.query<{ granted: boolean }>(
      `SELECT granted FROM pg_locks WHERE locktype = 'advisory' AND pid = $1`,
      [lockSession],
    );
    expect(rows).toEqual([{ granted: true }]);
    expect(settled).toBe(false);
  });

  it('rides out a broker outage: what is appended meanwhile reaches the topic once the broker answers again', async () => {
    const broker = switchableKafka('run-relay-outage-test');
    broker.up();
    const { relay, firstId } = await startAndPublishFirst(broker.kafka);
    let settled = false;
    const settle = () => (settled = true);
    relay.done.then(settle, settle);

    errorsLogged = [];
    broker.down();
    const duringId = await append('NeedsAssessmentRecorded');
    // The producer's own retries have given up and the relay's loop has taken over.
    await eventually(() => expect(errorsLogged.join('')).toContain('Publishing failed; retrying from the checkpoint'), { timeoutMs: 60_000 });
    expect(publishedIds()).toEqual([firstId]);
    broker.up();
    // The relay's retries back off up to 30 s, and a producer that lost its broker may fail once more before it
    // reconnects: two or three such waits on a loaded machine.
    await eventually(() => expect(publishedIds()).toEqual([firstId, duringId]), { timeoutMs: 150_000 });
    expect(settled).toBe(false);
  }, 240_000);
});

import { migrate, PostgresEventStore, startOfCommits, type CommitCheckpoint } from '@cls/event-store';
import { createTestDatabase, pendingEvent, waitUntilSettled, type TestDatabase } from '@cls/event-store/testing';
import { createKafka, decodeContractEvent, ensureTopic } from '@cls/kafka';
import { eventually, readTopic, testKafkaBrokers, uniqueName, type TopicReader } from '@cls/kafka/testing';
import type { Admin, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import pino from 'pino';
import { PostgresCheckpointStore, relayMigrations } from './checkpoint-store';
import { Relay, type CommittedEventSource, type RelayDeps } from './relay';

const kafka = createKafka({ clientId: 'relay-test', brokers: testKafkaBrokers() });
const logger = pino({ level: 'silent' });


/** An append outside the store, in a transaction the test controls, to interleave commits. */
const insertIn = async (client: PoolClient, contractId: string, type: string): Promise<string> => {
  const event = pendingEvent(type);
  const { rows } = await client.query<{ global_position: string }>(
    `INSERT INTO events (event_id, stream_id, stream_version, event_type, schema_version, data, metadata, occurred_at)
     VALUES ($1, $2, 1, $3, 1, '{}', $4, now()) RETURNING global_position::text`,
    [event.eventId, `contract-${contractId}`, type, JSON.stringify(event.metadata)],
  );
  return rows[0]!.global_position;
};

/** Everything received, decoded; fails the surrounding assertion on a message the relay should never publish. */
const decodedEvents = (reader: TopicReader) =>
  reader.received.map(({ message }) => {
    const decoded = decodeContractEvent(message);
    if (!decoded.ok) throw new Error(decoded.reason);
    return decoded.event;
  });

describe('Relay (real PostgreSQL and Kafka)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let admin: Admin;
  let producer: Producer;
  let topic: string;
  let reader: TopicReader;
  let relayName: string;

  const relayWith = (overrides: Partial<RelayDeps> = {}, batchSize = 100) =>
    new Relay(
      { store, producer, checkpoints: new PostgresCheckpointStore(db.pool, relayName), logger, ...overrides },
      { topic, batchSize, pollIntervalMs: 20 },
    );

  const savedCheckpoint = () => new PostgresCheckpointStore(db.pool, relayName).load();

  /** Everything stored so far, once no older transaction elsewhere in the cluster holds it back. */
  const drain = async (relay: Relay): Promise<number> => {
    await waitUntilSettled(db.pool);
    let total = 0;
    for (let published = -1; published !== 0; total += published) published = await relay.publishNextBatch();
    return total;
  };

  beforeAll(async () => {
    admin = kafka.admin();
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await Promise.all([admin.connect(), producer.connect()]);
  });
  const topics: string[] = [];
  afterAll(async () => {
    await producer.disconnect();
    // Only once the producer is gone: kafkajs keeps refreshing metadata for every topic it ever sent to, and
    // fails every later send once one of them is deleted.
    await admin.deleteTopics({ topics });
    await admin.disconnect();
  });

  beforeEach(async () => {
    db = await createTestDatabase();
    await migrate(db.url, relayMigrations);
    store = new PostgresEventStore(db.pool);
    relayName = uniqueName('relay');
    topic = uniqueName('relay-test');
    topics.push(topic);
    // One partition, so the test observes the relay's total order and not only the order per contract.
    await ensureTopic(admin, { topic, partitions: 1 });
    reader = await readTopic(kafka, topic);
  });
  afterEach(async () => {
    await reader.stop();
    await db.drop();
  });

  it('publishes appended events in commit order, keyed by contract id, with the envelope in headers', async () => {
    const first = randomUUID();
    const second = randomUUID();
    const appended = [
      ...(await store.append(`contract-${first}`, 0, [pendingEvent('CommissionOpened'), pendingEvent('NeedsAssessmentRecorded')])).events,
      ...(await store.append(`contract-${second}`, 0, [pendingEvent('CommissionOpened')])).events,
      ...(await store.append(`contract-${first}`, 2, Array.from({ length: 9 }, () => pendingEvent('ReviewScheduled')))).events,
    ];

    expect(await drain(relayWith({}, 4))).toBe(12);

    await eventually(() => expect(reader.received).toHaveLength(12));
    expect(decodedEvents(reader)).toEqual(appended);
    expect(reader.received.map(({ message }) => message.key?.toString())).toEqual(
      appended.map((event) => (event.streamId === `contract-${first}` ? first : second)),
    );
    const headers = reader.received[0]!.message.headers ?? {};
    expect(Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, String(value)]))).toEqual({
      'event-type': 'CommissionOpened',
      'schema-version': '1',
      'correlation-id': appended[0]!.metadata.correlationId,
      'causation-id': appended[0]!.metadata.causationId,
      'event-id': appended[0]!.eventId,
      'global-position': appended[0]!.globalPosition,
    });
    expect((await savedCheckpoint()).globalPosition).toBe(appended.at(-1)!.globalPosition);
  });

  it('keys the events of every stream of one process by the process id, in commit order', async () => {
    const processId = randomUUID();
    const appended = [
      ...(await store.append(`contract-${processId}`, 0, [pendingEvent('CommissionOpened')])).events,
      ...(await store.append(`tender-${processId}.1`, 0, [pendingEvent('TenderPublished'), pendingEvent('BidSubmitted')])).events,
      ...(await store.append(`contract-${processId}`, 1, [pendingEvent('ContractAwarded')])).events,
    ];

    expect(await drain(relayWith())).toBe(4);

    await eventually(() => expect(reader.received).toHaveLength(4));
    expect(decodedEvents(reader).map((event) => event.streamId)).toEqual(appended.map((event) => event.streamId));
    expect(reader.received.map(({ message }) => message.key?.toString())).toEqual([processId, processId, processId, processId]);
  });

  it('resumes from the saved checkpoint after a restart, without publishing anything twice', async () => {
    const contractId = randomUUID();
    const before = await store.append(`contract-${contractId}`, 0, [pendingEvent('CommissionOpened'), pendingEvent('NeedsAssessmentRecorded')]);
    expect(await drain(relayWith())).toBe(2);

    const restarted = relayWith();
    expect(await restarted.publishNextBatch()).toBe(0);
    const after = await store.append(`contract-${contractId}`, 2, [pendingEvent('ReviewScheduled')]);
    expect(await drain(restarted)).toBe(1);

    await eventually(() => expect(reader.received).toHaveLength(3));
    expect(decodedEvents(reader).map((event) => event.eventId)).toEqual(
      [...before.events, ...after.events].map((event) => event.eventId),
    );
  });

  it('holds a committed event back while an older transaction is open, then publishes both, the older first', async () => {
    const early = await db.pool.connect();
    const late = await db.pool.connect();
    const sends: string[][] = [];
    let reads = 0;
    const countingStore: CommittedEventSource = {
      readCommitted: async (after, limit) => {
        reads += 1;
        return store.readCommitted(after, limit);
      },
    };
    const recordingProducer: RelayDeps['producer'] = {
      send: async (record) => {
        sends.push(record.messages.map((message) => String(message.headers?.['event-type'])));
        return producer.send(record);
      },
    };
    const relay = relayWith({ store: countingStore, producer: recordingProducer });
    let running: Promise<void> | undefined;
    try {
      // A takes the lower position and stays open; B takes a higher one and commits first.
      await early.query('BEGIN');
      const positionA = await insertIn(early, randomUUID(), 'A');
      await late.query('BEGIN');
      const positionB = await insertIn(late, randomUUID(), 'B');
      await late.query('COMMIT');
      expect(BigInt(positionB)).toBeGreaterThan(BigInt(positionA));

      running = relay.run();
      const readsBefore = reads;
      await eventually(() => expect(reads).toBeGreaterThanOrEqual(readsBefore + 5));
      expect(sends).toEqual([]);
      expect(await savedCheckpoint()).toEqual(startOfCommits);

      await early.query('COMMIT');
      await eventually(() => expect(reader.received).toHaveLength(2));
      expect(decodedEvents(reader).map((event) => event.type)).toEqual(['A', 'B']);
      expect(sends.flat()).toEqual(['A', 'B']);
      expect((await savedCheckpoint()).globalPosition).toBe(positionB);
    } finally {
      relay.stop();
      await running;
      early.release();
      late.release();
    }
  });

  it('loses nothing when a send is refused: the checkpoint stays before the unsent events until they are sent', async () => {
    const contractId = randomUUID();
    const { events } = await store.append(`contract-${contractId}`, 0, [pendingEvent('CommissionOpened'), pendingEvent('NeedsAssessmentRecorded')]);
    const checkpointsAtFailure: CommitCheckpoint[] = [];
    let attempts = 0;
    const failingOnce: RelayDeps['producer'] = {
      send: async (record) => {
        attempts += 1;
        if (attempts === 1) {
          checkpointsAtFailure.push(await savedCheckpoint());
          throw new Error('broker unavailable');
        }
        return producer.send(record);
      },
    };
    const relay = relayWith({ producer: failingOnce });
    const running = relay.run();
    try {
      await eventually(() => expect(reader.received).toHaveLength(2));
      expect(decodedEvents(reader)).toEqual(events);
      expect(checkpointsAtFailure).toEqual([startOfCommits]);
      await eventually(async () => expect((await savedCheckpoint()).globalPosition).toBe(events.at(-1)!.globalPosition));
      expect(attempts).toBe(2);
    } finally {
      relay.stop();
      await running;
    }
  });

  it('re-sends a batch whose acknowledgement was lost, so events repeat (for consumers to drop) but none is lost', async () => {
    const contractId = randomUUID();
    const { events } = await store.append(`contract-${contractId}`, 0, [pendingEvent('CommissionOpened'), pendingEvent('NeedsAssessmentRecorded')]);
    let attempts = 0;
    const ackLostOnce: RelayDeps['producer'] = {
      send: async (record) => {
        attempts += 1;
        const written = await producer.send(record);
        if (attempts === 1) throw new Error('connection reset before the acknowledgement arrived');
        return written;
      },
    };
    const relay = relayWith({ producer: ackLostOnce });
    const running = relay.run();
    try {
      await eventually(() => expect(reader.received).toHaveLength(4));
      const ids = decodedEvents(reader).map((event) => event.eventId);
      expect(ids).toEqual([...events, ...events].map((event) => event.eventId));
      await eventually(async () => expect((await savedCheckpoint()).globalPosition).toBe(events.at(-1)!.globalPosition));
    } finally {
      relay.stop();
      await running;
    }
  });
});

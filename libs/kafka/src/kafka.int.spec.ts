import type { StoredEvent } from '@cls/domain';
import { ConfigResourceTypes, ConfigSource, type Admin, type Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { decodeContractEvent, encodeContractEvent } from './contract-events.codec';
import { createKafka } from './kafka';
import { eventually, readTopic, testKafkaBrokers, uniqueName } from './testing';
import { ensureTopic } from './topics';

const kafka = createKafka({ clientId: 'kafka-lib-test', brokers: testKafkaBrokers() });

describe('Kafka helpers (real Kafka)', () => {
  let admin: Admin;
  let producer: Producer;
  const topics: string[] = [];
  const newTopic = () => {
    const topic = uniqueName('kafka-lib');
    topics.push(topic);
    return topic;
  };

  beforeAll(async () => {
    admin = kafka.admin();
    producer = kafka.producer();
    await Promise.all([admin.connect(), producer.connect()]);
  });
  afterAll(async () => {
    await producer.disconnect();
    await admin.deleteTopics({ topics });
    await admin.disconnect();
  });

  it('creates a topic once and leaves an existing one as it is', async () => {
    const topic = newTopic();
    expect(await ensureTopic(admin, { topic, partitions: 3 })).toBe(true);
    expect(await ensureTopic(admin, { topic, partitions: 5 })).toBe(false);
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(metadata.topics[0]?.partitions).toHaveLength(3);
  });

  it("gives a topic it creates the min ISR asked for as a setting of its own, and the broker's otherwise", async () => {
    const minIsrOf = async (topic: string) => {
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['min.insync.replicas'] }],
      });
      return resources[0]?.configEntries.map(({ configValue, configSource }) => ({ configValue, topicLevel: configSource === ConfigSource.TOPIC_CONFIG }));
    };
    const [set, unset] = [newTopic(), newTopic()];
    await ensureTopic(admin, { topic: set, partitions: 1, replicationFactor: 1, minInsyncReplicas: 1 });
    await ensureTopic(admin, { topic: unset, partitions: 1 });
    expect(await minIsrOf(set)).toEqual([{ configValue: '1', topicLevel: true }]);
    expect(await minIsrOf(unset)).toEqual([{ configValue: '1', topicLevel: false }]);
  });

  it('lets processes that start together create the same topic at once: one creates it, none fails', async () => {
    const others = [kafka.admin(), kafka.admin()];
    await Promise.all(others.map((other) => other.connect()));
    try {
      for (let round = 0; round < 5; round += 1) {
        const topic = newTopic();
        const created = await Promise.all([admin, ...others].map((each) => ensureTopic(each, { topic, partitions: 3 })));
        expect(created.filter(Boolean)).toHaveLength(1);
      }
    } finally {
      await Promise.all(others.map((other) => other.disconnect()));
    }
  });

  it('carries an event through the broker with its key and headers intact', async () => {
    const topic = newTopic();
    await ensureTopic(admin, { topic, partitions: 2 });
    const contractId = randomUUID();
    const event: StoredEvent = {
      eventId: randomUUID(),
      type: 'CommissionOpened',
      schemaVersion: 1,
      streamId: `contract-${contractId}`,
      streamVersion: 1,
      globalPosition: '1',
      data: { title: 'Short breaks' },
      metadata: {
        actor: { id: 'u-1', role: 'commissioner', organisation: 'org-1' },
        correlationId: 'corr-1',
        causationId: 'cmd-1',
        occurredAt: '2026-11-22T10:00:00.000Z',
        recordedAt: '2026-11-22T10:00:00.001Z',
      },
    };
    await producer.send({ topic, messages: [encodeContractEvent(event)] });

    const reader = await readTopic(kafka, topic);
    try {
      await eventually(() =>
        expect(reader.received.map(({ message }) => decodeContractEvent(message))).toEqual([{ ok: true, contractId, event }]),
      );
    } finally {
      await reader.stop();
    }
  });
});

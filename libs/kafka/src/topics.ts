import { KafkaJSError, type Admin } from 'kafkajs';

export interface TopicSpec {
  topic: string;
  partitions: number;
  replicationFactor?: number;
  /**
   * How many replicas must hold a write before an all-replicas producer (the relay's idempotent one) is answered:
   * with 3 replicas and 2 here, a broker may fail without losing an acknowledged event or stopping writes.
   */
  minInsyncReplicas?: number;
}

/** How often, and how long apart, a creation that met a passing metadata error is tried again. */
const creationAttempts = 20;
const backoffMs = (attempt: number) => Math.min(1_000, 100 * attempt);

/**
 * Creates the topic if it does not exist yet (the brokers do not auto-create topics). An existing topic is left
 * as it is, even with a different partition count: adding partitions would move keys to other partitions and
 * break per-contract ordering, so that is an operator's decision, not a side effect of a deployment.
 *
 * Processes that start together (the relay, the reporting service) create the same topic at once; the one that
 * loses the race may ask for its leaders while the brokers are still learning of it, which Kafka answers with a
 * retriable error (UNKNOWN_TOPIC_OR_PARTITION) that kafkajs' own wait does not retry. Such errors are tried again,
 * a bounded number of times; any other error is thrown at once.
 *
 * @returns true if this call created the topic.
 */
export const ensureTopic = async (admin: Admin, { topic, partitions, replicationFactor = 1, minInsyncReplicas }: TopicSpec): Promise<boolean> => {
  const configEntries = minInsyncReplicas === undefined ? [] : [{ name: 'min.insync.replicas', value: String(minInsyncReplicas) }];
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await admin.createTopics({ topics: [{ topic, numPartitions: partitions, replicationFactor, configEntries }], waitForLeaders: true });
    } catch (error) {
      if (!(error instanceof KafkaJSError && error.retriable) || attempt >= creationAttempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt)));
    }
  }
};

import type { Admin } from 'kafkajs';

export interface TopicSpec {
  topic: string;
  partitions: number;
  replicationFactor?: number;
}

/**
 * Creates the topic if it does not exist yet (the brokers do not auto-create topics). An existing topic is left
 * as it is, even with a different partition count: adding partitions would move keys to other partitions and
 * break per-contract ordering, so that is an operator's decision, not a side effect of a deployment.
 *
 * @returns true if this call created the topic.
 */
export const ensureTopic = async (admin: Admin, { topic, partitions, replicationFactor = 1 }: TopicSpec): Promise<boolean> =>
  admin.createTopics({ topics: [{ topic, numPartitions: partitions, replicationFactor }], waitForLeaders: true });

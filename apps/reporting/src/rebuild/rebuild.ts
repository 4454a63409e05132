import type { StoredEvent } from '@cls/domain';
import { PostgresEventStore } from '@cls/event-store';
import { decodeContractEvent, processIdOfStream } from '@cls/kafka';
import type { Kafka } from 'kafkajs';
import type { Pool } from 'pg';
import type { Projector } from '../projections/process-projector';
import { rebuildLockKey, type TopicSource } from '../projections/projection-transaction';

export type RebuildSource = 'store' | 'topic';

export interface RebuildProgress {
  source: RebuildSource;
  /** Events handed to the projections so far. */
  events: number;
  /** Of those, refused by at least one projection (each named in `rejections`). */
  rejected: number;
  /** The last event's global position, and for the topic its partition and offset. */
  position: string | null;
  offset: TopicSource | null;
  eventsPerSecond: number;
  done: boolean;
}

export interface RebuildOptions {
  pool: Pool;
  projectors: readonly Projector[];
  source: RebuildSource;
  /** For the topic source. */
  kafka?: Kafka;
  topic?: string;
  /** The group the replay consumes as: fresh each time, so it starts from the beginning whatever was committed. */
  groupId?: string;
  /** Called every `reportEvery` events and once at the end. */
  onProgress: (progress: RebuildProgress) => void;
  onRejection?: (event: StoredEvent, projection: string, reason: string) => void;
  reportEvery?: number;
  batchSize?: number;
}

/** Empties the projections' read models and everything that says how far they got, in one transaction. */
const truncate = async (pool: Pool, projectors: readonly Projector[], source: RebuildSource): Promise<void> => {
  const names = projectors.map((projector) => projector.name);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`TRUNCATE ${projectors.flatMap((projector) => projector.tables).join(', ')}`);
    for (const table of ['projection_documents', 'processed_events', 'projection_positions']) {
      await client.query(`DELETE FROM reporting.${table} WHERE projection = ANY($1)`, [names]);
    }
    // A replay of the store says nothing of the topic: the offsets the live consumer reached still hold.
    if (source === 'topic') await client.query(`DELETE FROM reporting.projection_offsets WHERE projection = ANY($1)`, [names]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
};

class Progress {
  private readonly started = Date.now();
  private events = 0;
  private rejected = 0;
  private position: string | null = null;
  private offset: TopicSource | null = null;

  constructor(
    private readonly source: RebuildSource,
    private readonly onProgress: (progress: RebuildProgress) => void,
    private readonly every: number,
  ) {}

  applied(event: StoredEvent, rejected: boolean, offset?: TopicSource): void {
    this.events += 1;
    if (rejected) this.rejected += 1;
    this.position = event.globalPosition;
    this.offset = offset ?? null;
    if (this.events % this.every === 0) this.report(false);
  }

  report(done: boolean): void {
    const seconds = Math.max((Date.now() - this.started) / 1000, 0.001);
    this.onProgress({
      source: this.source,
      events: this.events,
      rejected: this.rejected,
      position: this.position,
      offset: this.offset,
      eventsPerSecond: Math.round(this.events / seconds),
      done,
    });
  }
}

const applyToAll = async (
  projectors: readonly Projector[],
  event: StoredEvent,
  source: TopicSource | undefined,
  onRejection: RebuildOptions['onRejection'],
): Promise<boolean> => {
  const contractId = processIdOfStream(event.streamId);
  let rejected = false;
  for (const projector of projectors) {
    const outcome = await projector.apply(contractId, event, { rebuilding: true, ...(source ? { source } : {}) });
    if (outcome.kind === 'rejected') {
      rejected = true;
      onRejection?.(event, projector.name, outcome.reason);
    }
  }
  return rejected;
};

/**
 * Every event in the store, by global position, until there are no more. readAll reads by position alone, so an
 * event whose transaction commits behind a later position may be passed over; the relay publishes it all the same
 * and the live consumer applies it once the rebuild lets go.
 */
const replayStore = async (options: RebuildOptions, progress: Progress): Promise<void> => {
  const store = new PostgresEventStore(options.pool);
  let after = '0';
  for (;;) {
    const batch = await store.readAll({ after, limit: options.batchSize ?? 500 });
    if (batch.length === 0) return;
    for (const event of batch) progress.applied(event, await applyToAll(options.projectors, event, undefined, options.onRejection));
    after = batch.at(-1)!.globalPosition;
  }
};

/** The topic from its beginning, as a fresh consumer group, up to the high-water marks when the replay started. */
const replayTopic = async (options: RebuildOptions, progress: Progress): Promise<void> => {
  const { kafka, topic, groupId } = options;
  if (!kafka || !topic || !groupId) throw new Error('A replay of the topic needs a Kafka client, the topic and a group id');
  const admin = kafka.admin();
  await admin.connect();
  try {
    const remaining = new Map(
      (await admin.fetchTopicOffsets(topic))
        .filter(({ high, low }) => BigInt(high) > BigInt(low))
        .map(({ partition, high }) => [partition, BigInt(high) - 1n]),
    );
    if (remaining.size > 0) {
      const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 500 });
      await consumer.connect();
      try {
        await consumer.subscribe({ topic, fromBeginning: true });
        await new Promise<void>((resolve, reject) => {
          consumer
            .run({
              eachMessage: async ({ partition, message }) => {
                const last = remaining.get(partition);
                if (last === undefined || BigInt(message.offset) > last) return;
                const decoded = decodeContractEvent(message);
                if (decoded.ok) {
                  const source = { topic, partition, offset: message.offset };
                  progress.applied(decoded.event, await applyToAll(options.projectors, decoded.event, source, options.onRejection), source);
                }
                if (BigInt(message.offset) >= last) remaining.delete(partition);
                if (remaining.size === 0) resolve();
              },
            })
            .catch(reject);
        });
      } finally {
        await consumer.disconnect();
      }
      await admin.deleteGroups([groupId]);
    }
  } finally {
    await admin.disconnect();
  }
};

/**
 * Empties the read models and replays every event into them, from the event store or from the start of the topic.
 * Holds the rebuild lock throughout: a running reporting app's consumer waits, then finds what it had not yet
 * applied either replayed (a duplicate) or still to apply, so nothing is lost to the truncation.
 */
export const rebuildProjections = async (options: RebuildOptions): Promise<RebuildProgress> => {
  const lock = await options.pool.connect();
  let final: RebuildProgress | undefined;
  try {
    await lock.query('SELECT pg_advisory_lock($1::bigint)', [rebuildLockKey]);
    await truncate(options.pool, options.projectors, options.source);
    const progress = new Progress(
      options.source,
      (report) => {
        if (report.done) final = report;
        options.onProgress(report);
      },
      options.reportEvery ?? 1000,
    );
    await (options.source === 'store' ? replayStore(options, progress) : replayTopic(options, progress));
    progress.report(true);
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1::bigint)', [rebuildLockKey]).finally(() => lock.release());
  }
  return final!;
};

import type { StoredEvent } from '@cls/domain';
import { PostgresEventStore, startOfCommits, type CommitCheckpoint } from '@cls/event-store';
import { decodeContractEvent, processIdOfStream } from '@cls/kafka';
import type { Kafka } from 'kafkajs';
import type { Pool } from 'pg';
import { byProcess, inParallel } from '../projections/batches';
import { applyToEvery, type Projector } from '../projections/process-projector';
import { rebuildLockKey, type TopicSource } from '../projections/projection-transaction';

export type RebuildSource = 'store' | 'topic';

export interface RebuildProgress {
  source: RebuildSource;
  /** Events handed to the projections so far. */
  events: number;
  /** Of those, refused by at least one projection (each reported to `onRejection`). */
  rejected: number;
  /** The furthest global position applied, and for the topic the last partition and offset. */
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
  /** Called each time another `reportEvery` events are applied, and once at the end. */
  onProgress: (progress: RebuildProgress) => void;
  onRejection?: (event: StoredEvent, projection: string, reason: string) => void;
  reportEvery?: number;
  /** Events read at a time from the store; each process's events among them are applied in one transaction. */
  batchSize?: number;
  /** Processes applied at once: they are independent of each other. Needs as many pool connections, and one more. */
  concurrency?: number;
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

  /** A batch applied: how many events, how many of them refused, the furthest of them, and where on the topic. */
  applied(events: number, rejected: number, furthest: StoredEvent, offset?: TopicSource): void {
    const before = Math.floor(this.events / this.every);
    this.events += events;
    this.rejected += rejected;
    if (this.position === null || BigInt(furthest.globalPosition) > BigInt(this.position)) this.position = furthest.globalPosition;
    this.offset = offset ?? null;
    if (Math.floor(this.events / this.every) > before) this.report(false);
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

/** Applies a batch: each process's events to every projection in one transaction, several processes at once. */
const applyBatch = async (options: RebuildOptions, events: readonly StoredEvent[], source?: TopicSource): Promise<number> => {
  let rejected = 0;
  await inParallel(byProcess(events, (event) => processIdOfStream(event.streamId)), options.concurrency ?? 4, async ([contractId, group]) => {
    const refused = new Set<string>();
    const applied = await applyToEvery(options.pool, options.projectors, contractId, group, { rebuilding: true, ...(source ? { source } : {}) });
    for (const { projection, outcomes } of applied) {
      outcomes.forEach((outcome, index) => {
        const event = group[index];
        if (outcome.kind !== 'rejected' || !event) return;
        refused.add(event.eventId);
        options.onRejection?.(event, projection, outcome.reason);
      });
    }
    rejected += refused.size;
  });
  return rejected;
};

const furthestOf = (events: readonly StoredEvent[]): StoredEvent | undefined =>
  events.reduce<StoredEvent | undefined>((best, event) => (best && BigInt(best.globalPosition) >= BigInt(event.globalPosition) ? best : event), undefined);

/**
 * Every event in the store in commit order (readCommitted, as the relay reads it), so none whose transaction
 * committed behind a later position is passed over. readCommitted holds back events while an older transaction
 * anywhere in the cluster is still open, so an empty page ends the replay only once nothing stored before the
 * replay began is held back; what is stored after it reaches the read models through the topic.
 */
const replayStore = async (options: RebuildOptions, progress: Progress): Promise<void> => {
  const store = new PostgresEventStore(options.pool);
  const { rows } = await options.pool.query<{ last: string | null }>('SELECT max(global_position)::text AS last FROM events');
  const lastAtStart = rows[0]?.last ?? '0';
  let after: CommitCheckpoint = startOfCommits;
  for (;;) {
    const batch = await store.readCommitted(after, options.batchSize ?? 5000);
    const last = batch.at(-1);
    if (last) {
      progress.applied(batch.length, await applyBatch(options, batch), last);
      after = { transactionId: last.transactionId, globalPosition: last.globalPosition };
      continue;
    }
    const { rows: waiting } = await options.pool.query<{ held: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM events WHERE global_position <= $1::bigint
         AND transaction_id >= pg_snapshot_xmin(pg_current_snapshot())) AS held`,
      [lastAtStart],
    );
    if (!waiting[0]?.held) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
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
    if (remaining.size === 0) return;
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 500 });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        consumer
          .run({
            // A fetched batch is one partition's: its processes are applied together, as from the store.
            eachBatch: async (payload) => {
              const { batch } = payload;
              const last = remaining.get(batch.partition);
              if (last === undefined) return;
              const wanted = batch.messages.filter((message) => BigInt(message.offset) <= last);
              const events = wanted.flatMap((message) => {
                const decoded = decodeContractEvent(message);
                return decoded.ok ? [decoded.event] : [];
              });
              const final = wanted.at(-1);
              const furthest = furthestOf(events);
              if (final && furthest) {
                const source = { topic, partition: batch.partition, offset: final.offset };
                progress.applied(events.length, await applyBatch(options, events, source), furthest, source);
              }
              await payload.heartbeat();
              if (final && BigInt(final.offset) >= last) remaining.delete(batch.partition);
              if (remaining.size === 0) resolve();
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
    }
    await admin.deleteGroups([groupId]);
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
      options.reportEvery ?? 10_000,
    );
    await (options.source === 'store' ? replayStore(options, progress) : replayTopic(options, progress));
    progress.report(true);
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1::bigint)', [rebuildLockKey]).finally(() => lock.release());
  }
  if (!final) throw new Error('The rebuild ended without its final report');
  return final;
};

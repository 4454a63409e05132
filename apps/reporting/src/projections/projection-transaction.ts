import type { StoredEvent } from '@cls/domain';
import type { Pool, PoolClient } from 'pg';

/** Where a message came from on the topic: recorded so each projection's lag can be measured against it. */
export interface TopicSource {
  topic: string;
  partition: number;
  offset: string;
}

export interface ApplyOptions {
  /** For a batch, the last message's. */
  source?: TopicSource;
  /** Set by the rebuild, which holds the rebuild lock itself: waiting for it here would wait for ever. */
  rebuilding?: boolean;
}

export type ProjectionOutcome =
  | { kind: 'applied' }
  /** This event id was applied before: a redelivery, with no effect. */
  | { kind: 'duplicate' }
  | { kind: 'unchanged' }
  /** Not the projection's business (another aggregate's event); recorded as processed all the same. */
  | { kind: 'ignored' }
  | { kind: 'rejected'; reason: string };

/** What a projection's fold makes of one event, given its state so far. */
export type ProjectionStep<State> =
  | { kind: 'write'; state: State }
  | { kind: 'unchanged' }
  | { kind: 'ignored' }
  | { kind: 'rejected'; reason: string };

/**
 * How one projection keeps the state of one process: read it locked (with whatever of it the batch's events
 * touch), fold an event into it, write back what changed.
 */
export interface ProjectionStore<State> {
  load(client: PoolClient, events: readonly StoredEvent[]): Promise<State | undefined>;
  step(state: State | undefined, event: StoredEvent): ProjectionStep<State>;
  save(client: PoolClient, state: State): Promise<void>;
}

/**
 * A rebuild truncates the read models and replays every event; a live event applied in between would be lost to
 * the truncation. Live applies share this lock, the rebuild holds it alone. (An arbitrary, fixed 64-bit key.)
 */
export const rebuildLockKey = '7345012993400561';

/**
 * Records the events applied and keeps the projection's position: the furthest event it handled (partitions
 * interleave, so the last one applied need not be the furthest) and, for topic messages, the offset per partition.
 * One statement, whichever of them there is to write.
 */
const recordApplied = async (client: PoolClient, projection: string, recorded: readonly StoredEvent[], options: ApplyOptions): Promise<void> => {
  const furthest = recorded.reduce<StoredEvent | undefined>(
    (best, event) => (best && BigInt(best.globalPosition) >= BigInt(event.globalPosition) ? best : event),
    undefined,
  );
  if (!furthest && !options.source) return;
  const source = options.source;
  await client.query(
    `WITH processed AS (
       INSERT INTO reporting.processed_events (projection, event_id) SELECT $1, unnest($2::uuid[])
     ), position AS (
       INSERT INTO reporting.projection_positions (projection, global_position, event_id, recorded_at, applied_at, events_applied)
       SELECT $1, $3::bigint, $4::uuid, $5::timestamptz, now(), $6::bigint WHERE $3::bigint IS NOT NULL
       ON CONFLICT (projection) DO UPDATE SET
         global_position = GREATEST(projection_positions.global_position, EXCLUDED.global_position),
         event_id = CASE WHEN EXCLUDED.global_position >= projection_positions.global_position THEN EXCLUDED.event_id ELSE projection_positions.event_id END,
         recorded_at = CASE WHEN EXCLUDED.global_position >= projection_positions.global_position THEN EXCLUDED.recorded_at ELSE projection_positions.recorded_at END,
         applied_at = EXCLUDED.applied_at,
         events_applied = projection_positions.events_applied + EXCLUDED.events_applied
     ), topic_offset AS (
       INSERT INTO reporting.projection_offsets (projection, topic, partition, "offset")
       SELECT $1, $7::text, $8::integer, $9::bigint WHERE $7::text IS NOT NULL
       ON CONFLICT (projection, topic, partition) DO UPDATE SET "offset" = GREATEST(projection_offsets."offset", EXCLUDED."offset")
     )
     SELECT 1`,
    [
      projection,
      recorded.map((event) => event.eventId),
      furthest?.globalPosition ?? null,
      furthest?.eventId ?? null,
      furthest?.metadata.recordedAt ?? null,
      recorded.length,
      source?.topic ?? null,
      source?.partition ?? null,
      source?.offset ?? null,
    ],
  );
};

/**
 * Runs the work in one transaction, which a rebuild does not interleave with (see rebuildLockKey): commits what it
 * did, or nothing if it throws.
 */
export const inTransaction = async <T>(pool: Pool, options: ApplyOptions, work: (client: PoolClient) => Promise<T>): Promise<T> => {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    if (!options.rebuilding) await client.query('SELECT pg_advisory_xact_lock_shared($1::bigint)', [rebuildLockKey]);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
};

/**
 * Applies events of one process to one projection within the caller's transaction, with the record that each was
 * applied and the projection's new position, so an event takes effect exactly once however often it is delivered.
 * The state is read once, folded through every event in memory and written once. A rejected event leaves no
 * record, so it is applied if replayed once the projection can handle it; the events after it fold on without it,
 * as they would have one by one. Answers one outcome per event, in order.
 */
export const applyInTransaction = async <State>(
  client: PoolClient,
  projection: string,
  events: readonly StoredEvent[],
  options: ApplyOptions,
  store: ProjectionStore<State>,
): Promise<ProjectionOutcome[]> => {
  const { rows } = await client.query<{ event_id: string }>(
    `SELECT event_id::text FROM reporting.processed_events WHERE projection = $1 AND event_id = ANY($2::uuid[])`,
    [projection, events.map((event) => event.eventId)],
  );
  const seen = new Set(rows.map((row) => row.event_id));
  let state: State | undefined = await store.load(client, events);
  let changed = false;
  const recorded: StoredEvent[] = [];
  const outcomes = events.map((event): ProjectionOutcome => {
    if (seen.has(event.eventId)) return { kind: 'duplicate' };
    const step = store.step(state, event);
    if (step.kind === 'rejected') return step;
    seen.add(event.eventId);
    recorded.push(event);
    if (step.kind !== 'write') return step;
    state = step.state;
    changed = true;
    return { kind: 'applied' };
  });
  if (changed && state !== undefined) await store.save(client, state);
  // A redelivered message still moves the offset on: it has been handled, and lag must not count it.
  await recordApplied(client, projection, recorded, options);
  return outcomes;
};

/** Applies events of one process to one projection in a transaction of its own (see applyInTransaction). */
export const inProjectionTransaction = <State>(
  pool: Pool,
  projection: string,
  events: readonly StoredEvent[],
  options: ApplyOptions,
  store: ProjectionStore<State>,
): Promise<ProjectionOutcome[]> => inTransaction(pool, options, (client) => applyInTransaction(client, projection, events, options, store));

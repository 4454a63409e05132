import type { StoredEvent } from '@cls/domain';
import type { Pool, PoolClient } from 'pg';

/** Where a message came from on the topic: recorded so each projection's lag can be measured against it. */
export interface TopicSource {
  topic: string;
  partition: number;
  offset: string;
}

export interface ApplyOptions {
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

/** What a projection decided inside its transaction. */
export type ProjectionStep = Exclude<ProjectionOutcome, { kind: 'duplicate' }>;

/**
 * A rebuild truncates the read models and replays every event; a live event applied in between would be lost to
 * the truncation. Live applies share this lock, the rebuild holds it alone. (An arbitrary, fixed 64-bit key.)
 */
export const rebuildLockKey = '7345012993400561';

/**
 * Keeps each projection's position: the furthest event it handled (partitions interleave, so the last one applied
 * need not be the furthest) and, for topic messages, the offset per partition.
 */
const recordPosition = async (client: PoolClient, projection: string, event: StoredEvent, options: ApplyOptions, applied: boolean) => {
  await client.query(
    `INSERT INTO reporting.projection_positions (projection, global_position, event_id, recorded_at, applied_at, events_applied)
     VALUES ($1, $2, $3, $4, now(), $5)
     ON CONFLICT (projection) DO UPDATE SET
       global_position = GREATEST(projection_positions.global_position, EXCLUDED.global_position),
       event_id = CASE WHEN EXCLUDED.global_position >= projection_positions.global_position THEN EXCLUDED.event_id ELSE projection_positions.event_id END,
       recorded_at = CASE WHEN EXCLUDED.global_position >= projection_positions.global_position THEN EXCLUDED.recorded_at ELSE projection_positions.recorded_at END,
       applied_at = EXCLUDED.applied_at,
       events_applied = projection_positions.events_applied + EXCLUDED.events_applied`,
    [projection, event.globalPosition, event.eventId, event.metadata.recordedAt, applied ? 1 : 0],
  );
  if (options.source) {
    const { topic, partition, offset } = options.source;
    await client.query(
      `INSERT INTO reporting.projection_offsets (projection, topic, partition, "offset") VALUES ($1, $2, $3, $4)
       ON CONFLICT (projection, topic, partition) DO UPDATE SET "offset" = GREATEST(projection_offsets."offset", EXCLUDED."offset")`,
      [projection, topic, partition, offset],
    );
  }
};

/**
 * Applies one event for one projection in one transaction with the record that it was applied and the
 * projection's new position, so an event takes effect exactly once however often it is delivered. A rejected
 * event leaves no record, so it is applied if replayed once the projection can handle it.
 */
export const inProjectionTransaction = async (
  pool: Pool,
  projection: string,
  event: StoredEvent,
  options: ApplyOptions,
  step: (client: PoolClient) => Promise<ProjectionStep>,
): Promise<ProjectionOutcome> => {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    if (!options.rebuilding) await client.query('SELECT pg_advisory_xact_lock_shared($1::bigint)', [rebuildLockKey]);
    const recorded = await client.query(
      `INSERT INTO reporting.processed_events (projection, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [projection, event.eventId],
    );
    if (recorded.rowCount === 0) {
      // The offset still moves on: a redelivered message has been handled, and lag must not count it.
      if (options.source) await recordPosition(client, projection, event, options, false);
      await client.query('COMMIT');
      return { kind: 'duplicate' };
    }
    const outcome = await step(client);
    if (outcome.kind === 'rejected') {
      await client.query('ROLLBACK');
      return outcome;
    }
    await recordPosition(client, projection, event, options, true);
    await client.query('COMMIT');
    return outcome;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
};

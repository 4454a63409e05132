import type { PendingEvent, StoredEvent } from '@cls/domain';
import type { Pool, PoolClient } from 'pg';
import { WrongExpectedVersionError } from './errors';

export interface AppendResult {
  /** The stream's version after the append. */
  nextVersion: number;
  events: StoredEvent[];
  /** True when these exact events were already stored by an earlier attempt: a retry, answered idempotently. */
  alreadyAppended: boolean;
}

/** A point in the committed order: transaction first, then position within it (see readCommitted). */
export interface CommitCheckpoint {
  transactionId: string;
  globalPosition: string;
}

export const startOfCommits: CommitCheckpoint = { transactionId: '0', globalPosition: '0' };

export interface CommittedEvent extends StoredEvent {
  transactionId: string;
}

/** The channel an append notifies on commit, so readers wake without waiting for their next poll. */
export const eventsAppendedChannel = 'cls_events_appended';

interface EventRow {
  position_text: string;
  event_id: string;
  stream_id: string;
  stream_version: number;
  event_type: string;
  schema_version: number;
  data: Record<string, unknown>;
  metadata: Omit<StoredEvent['metadata'], 'recordedAt'>;
  recorded_at: Date;
  transaction_text: string;
}

// Positions and transaction ids are bigints: read as text so no precision is lost. The aliases differ from the
// column names on purpose, or ORDER BY would sort by the text and put position 10 before position 9.
const columns = `global_position::text AS position_text, event_id::text, stream_id, stream_version, event_type,
  schema_version, data, metadata, recorded_at, transaction_id::text AS transaction_text`;

const toStoredEvent = (row: EventRow): StoredEvent => ({
  eventId: row.event_id,
  streamId: row.stream_id,
  streamVersion: row.stream_version,
  globalPosition: row.position_text,
  type: row.event_type,
  schemaVersion: row.schema_version,
  data: row.data,
  metadata: { ...row.metadata, recordedAt: row.recorded_at.toISOString() },
});

export class PostgresEventStore {
  constructor(private readonly pool: Pool) {}

  /**
   * Appends events to a stream if it is at `expectedVersion` (0 for a new stream). Event ids are chosen by the
   * caller before the first attempt, so a retry of an append that did commit finds the same ids at the same
   * versions and succeeds without writing them twice; anything else at those versions is a conflict.
   */
  async append(streamId: string, expectedVersion: number, events: readonly PendingEvent[]): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    return this.inTransaction(async (client) => {
      await client.query('INSERT INTO event_streams (stream_id, version) VALUES ($1, 0) ON CONFLICT DO NOTHING', [streamId]);
      const { rows } = await client.query<{ version: number }>(
        'SELECT version FROM event_streams WHERE stream_id = $1 FOR UPDATE',
        [streamId],
      );
      const actualVersion = rows[0]?.version ?? 0;
      if (actualVersion !== expectedVersion) {
        const earlier = await this.findEarlierAttempt(client, streamId, expectedVersion, events);
        if (earlier) return { nextVersion: expectedVersion + events.length, events: earlier, alreadyAppended: true };
        throw new WrongExpectedVersionError(streamId, expectedVersion, actualVersion);
      }

      const values: unknown[] = [];
      const tuples = events.map((event, index) => {
        const base = values.length;
        values.push(
          event.eventId,
          streamId,
          expectedVersion + index + 1,
          event.type,
          event.schemaVersion,
          JSON.stringify(event.data),
          JSON.stringify(event.metadata),
          event.metadata.occurredAt,
        );
        return `($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}, $${base + 5}, $${base + 6}, $${base + 7}, $${base + 8})`;
      });
      const inserted = await client.query<EventRow>(
        `INSERT INTO events (event_id, stream_id, stream_version, event_type, schema_version, data, metadata, occurred_at)
         VALUES ${tuples.join(', ')} RETURNING ${columns}`,
        values,
      );
      const nextVersion = expectedVersion + events.length;
      await client.query('UPDATE event_streams SET version = $2 WHERE stream_id = $1', [streamId, nextVersion]);
      await client.query('SELECT pg_notify($1, $2)', [eventsAppendedChannel, streamId]);
      return { nextVersion, events: inserted.rows.map(toStoredEvent), alreadyAppended: false };
    });
  }

  async readStream(streamId: string, options: { fromVersion?: number; toVersion?: number } = {}): Promise<StoredEvent[]> {
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${columns} FROM events
       WHERE stream_id = $1 AND stream_version >= $2 AND stream_version <= $3
       ORDER BY stream_version`,
      [streamId, options.fromVersion ?? 1, options.toVersion ?? 2147483647],
    );
    return rows.map(toStoredEvent);
  }

  async streamVersion(streamId: string): Promise<number> {
    const { rows } = await this.pool.query<{ version: number }>('SELECT version FROM event_streams WHERE stream_id = $1', [
      streamId,
    ]);
    return rows[0]?.version ?? 0;
  }

  /** Everything after a global position, in position order: for rebuilding read models offline. */
  async readAll(options: { after?: string; limit?: number } = {}): Promise<StoredEvent[]> {
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${columns} FROM events WHERE global_position > $1 ORDER BY global_position LIMIT $2`,
      [options.after ?? '0', options.limit ?? 1000],
    );
    return rows.map(toStoredEvent);
  }

  /**
   * Events after a checkpoint, for readers that must see every event exactly in commit order (the relay).
   * Identity values are taken when a row is inserted, not when its transaction commits, so position 7 can become
   * visible while position 6 is still uncommitted; reading by position alone would skip 6 for good. Reading only
   * events of transactions older than the oldest one still running, ordered by (transaction, position), never
   * moves past an event that may still appear.
   */
  async readCommitted(after: CommitCheckpoint, limit = 500): Promise<CommittedEvent[]> {
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${columns} FROM events
       WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
         AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY transaction_id, global_position
       LIMIT $3`,
      [after.transactionId, after.globalPosition, limit],
    );
    return rows.map((row) => ({ ...toStoredEvent(row), transactionId: row.transaction_text }));
  }

  private async findEarlierAttempt(
    client: PoolClient,
    streamId: string,
    expectedVersion: number,
    events: readonly PendingEvent[],
  ): Promise<StoredEvent[] | undefined> {
    const { rows } = await client.query<EventRow>(
      `SELECT ${columns} FROM events WHERE stream_id = $1 AND stream_version > $2 AND stream_version <= $3
       ORDER BY stream_version`,
      [streamId, expectedVersion, expectedVersion + events.length],
    );
    const same = rows.length === events.length && rows.every((row, index) => row.event_id === events[index]?.eventId);
    return same ? rows.map(toStoredEvent) : undefined;
  }

  private async inTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }
}

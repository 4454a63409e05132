import type { PendingEvent, StoredEvent } from '@cls/domain';
import { DatabaseError, type Pool } from 'pg';
import { WrongExpectedVersionError } from './errors';
import { jsonForm } from './hash-chain';
import { sealStreamLocked } from './seal';

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

type StoredRow = Omit<EventRow, 'transaction_text'>;

const toStoredEvent = (row: StoredRow): StoredEvent => ({
  eventId: row.event_id,
  streamId: row.stream_id,
  streamVersion: row.stream_version,
  globalPosition: row.position_text,
  type: row.event_type,
  schemaVersion: row.schema_version,
  data: row.data,
  metadata: { ...row.metadata, recordedAt: row.recorded_at.toISOString() },
});

/**
 * A row of append_events (see its migration): one per event, or one alone for a conflict. Data and metadata are
 * there only for a retry's stored events; a fresh append's are what the caller sent.
 */
interface AppendRow extends Omit<StoredRow, 'stream_id' | 'data' | 'metadata'> {
  outcome: 'appended' | 'retried' | 'conflict';
  /** The stream's version after the append, or where it stands for a conflict. */
  version: number;
  data: StoredRow['data'] | null;
  metadata: StoredRow['metadata'] | null;
}

const appendStatement = `SELECT outcome, version, global_position::text AS position_text, event_id::text, stream_version,
  event_type, schema_version, data, metadata, recorded_at
  FROM append_events($1, $2, $3::uuid[], $4::text[], $5::integer[], $6::text[], $7::text[], $8::text[])`;

/** append_events' SQLSTATE for a stream whose head has no hash yet, which the client must seal first. */
const unsealedHeadCode = 'CLS01';

export class PostgresEventStore {
  constructor(private readonly pool: Pool) {}

  /**
   * Appends events to a stream if it is at `expectedVersion` (0 for a new stream). Event ids are chosen by the
   * caller before the first attempt, so a retry of an append that did commit finds the same ids at the same
   * versions and succeeds without writing them twice; anything else at those versions is a conflict.
   *
   * One round trip: append_events (migration 1764900000000) checks the version, locks the stream, hashes, inserts
   * and notifies in a single statement, which is its own transaction. Only a stream whose head predates the hash
   * chain takes a second: it is sealed, then the append is sent again.
   */
  async append(streamId: string, expectedVersion: number, events: readonly PendingEvent[]): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    // Hashed and stored as they will read back: what JSON keeps of the caller's objects (no undefined, no
    // functions), sent as the RFC 8785 texts the chain covers.
    const kept = events.map((event) => ({
      data: JSON.parse(JSON.stringify(event.data)) as Record<string, unknown>,
      metadata: JSON.parse(JSON.stringify(event.metadata)) as Omit<StoredEvent['metadata'], 'recordedAt'>,
    }));
    const query = {
      name: 'cls-append-events',
      text: appendStatement,
      values: [
        streamId,
        expectedVersion,
        events.map((event) => event.eventId),
        events.map((event) => event.type),
        events.map((event) => event.schemaVersion),
        kept.map((event) => jsonForm(event.data)),
        kept.map((event) => jsonForm(event.metadata)),
        events.map((event) => event.metadata.occurredAt),
      ],
    };
    let rows: AppendRow[];
    try {
      ({ rows } = await this.pool.query<AppendRow>(query));
    } catch (error) {
      if (!(error instanceof DatabaseError && error.code === unsealedHeadCode)) throw error;
      await sealStreamLocked(this.pool, streamId);
      ({ rows } = await this.pool.query<AppendRow>(query));
    }
    const first = rows[0];
    if (!first) throw new Error(`append to ${streamId} answered nothing`);
    if (first.outcome === 'conflict') throw new WrongExpectedVersionError(streamId, expectedVersion, first.version);
    const retried = first.outcome === 'retried';
    return {
      nextVersion: first.version,
      events: rows.map((row, index) => {
        const { data, metadata } = retried ? row : (kept[index] ?? {});
        if (!data || !metadata) throw new Error(`append to ${streamId} answered an event without data or metadata`);
        return toStoredEvent({ ...row, stream_id: streamId, data, metadata });
      }),
      alreadyAppended: retried,
    };
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
}

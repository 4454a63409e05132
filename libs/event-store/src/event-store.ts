import type { PendingEvent, StoredEvent } from '@cls/domain';
import type { Pool, PoolClient } from 'pg';
import { WrongExpectedVersionError } from './errors';
import { eventHash, genesisHash, jsonForm, utcText } from './hash-chain';
import { sealStream } from './seal';

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

      const inserted = await this.insertChained(client, streamId, expectedVersion, events);
      const nextVersion = expectedVersion + events.length;
      await client.query('UPDATE event_streams SET version = $2 WHERE stream_id = $1', [streamId, nextVersion]);
      await client.query('SELECT pg_notify($1, $2)', [eventsAppendedChannel, streamId]);
      return { nextVersion, events: inserted.map(toStoredEvent), alreadyAppended: false };
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

  /**
   * Writes the events with their hashes, under the stream lock the caller holds. Everything the hash covers is
   * fixed before the insert: positions are drawn from the identity's sequence (still inside this transaction, so
   * readCommitted's reasoning about in-flight positions holds), recorded_at is one clock read taken after the lock
   * (so it never runs backwards within a stream), and occurred_at is normalised by the database as it will store it.
   */
  private async insertChained(
    client: PoolClient,
    streamId: string,
    expectedVersion: number,
    events: readonly PendingEvent[],
  ): Promise<EventRow[]> {
    const { rows } = await client.query<{ recorded: string; positions: string[]; occurred: string[]; head: Buffer | null }>(
      `SELECT ${utcText('clock_timestamp()')} AS recorded,
              ARRAY(SELECT nextval(pg_get_serial_sequence('events', 'global_position')::regclass)::text
                    FROM generate_series(1, $2::integer)) AS positions,
              ARRAY(SELECT ${utcText('at::timestamptz')} FROM unnest($3::text[]) WITH ORDINALITY AS given(at, n) ORDER BY n)
                AS occurred,
              (SELECT hash FROM events WHERE stream_id = $1 AND stream_version = $4) AS head`,
      [streamId, events.length, events.map((event) => event.metadata.occurredAt), expectedVersion],
    );
    const prepared = rows[0];
    if (!prepared) throw new Error('no row from the append preparation');
    // An event stored before hashes existed is sealed first, so the chain starts at the stream's first event.
    let previous = expectedVersion === 0 ? genesisHash : (prepared.head ?? (await sealStream(client, streamId)));
    const positions = [...prepared.positions].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
    const values: unknown[] = [];
    const tuples = events.map((event, index) => {
      // Hashed and stored as they will read back: what JSON keeps of the caller's objects (no undefined, no
      // functions), as the canonical texts the chain covers.
      const data: unknown = JSON.parse(JSON.stringify(event.data));
      const metadata: unknown = JSON.parse(JSON.stringify(event.metadata));
      const globalPosition = positions[index];
      const occurredAt = prepared.occurred[index];
      if (globalPosition === undefined || occurredAt === undefined) throw new Error('append preparation is short');
      const hash = eventHash(previous, {
        eventId: event.eventId,
        streamId,
        streamVersion: expectedVersion + index + 1,
        globalPosition,
        type: event.type,
        schemaVersion: event.schemaVersion,
        data,
        metadata,
        occurredAt,
        recordedAt: prepared.recorded,
      });
      previous = hash;
      const base = values.length;
      values.push(
        globalPosition,
        event.eventId,
        streamId,
        expectedVersion + index + 1,
        event.type,
        event.schemaVersion,
        jsonForm(data),
        jsonForm(metadata),
        occurredAt,
        prepared.recorded,
        hash,
      );
      const at = (offset: number) => `$${base + offset + 1}`;
      const [dataForm, metadataForm] = [`${at(6)}::text`, `${at(7)}::text`];
      // The jsonb columns are their forms parsed, so each text is sent once.
      const fields = [...[0, 1, 2, 3, 4, 5].map(at), dataForm, metadataForm, at(8), at(9), at(10)];
      return `(${fields.join(', ')}, ${dataForm}::jsonb, ${metadataForm}::jsonb)`;
    });
    const inserted = await client.query<EventRow>(
      `INSERT INTO events (global_position, event_id, stream_id, stream_version, event_type, schema_version, data_form,
                           metadata_form, occurred_at, recorded_at, hash, data, metadata)
       OVERRIDING SYSTEM VALUE
       VALUES ${tuples.join(', ')} RETURNING ${columns}`,
      values,
    );
    return inserted.rows;
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

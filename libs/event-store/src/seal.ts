import type { Pool, PoolClient } from 'pg';
import { eventHash, genesisHash, jsonForm, utcText, type HashedFields } from './hash-chain';

/** The columns the hash covers, with timestamps as the hash takes them. */
export const hashedColumns = `global_position::text AS position_text, event_id::text, stream_id, stream_version, event_type,
  schema_version, data, metadata, ${utcText('occurred_at')} AS occurred_text, ${utcText('recorded_at')} AS recorded_text, hash`;

export interface HashedRow {
  position_text: string;
  event_id: string;
  stream_id: string;
  stream_version: number;
  event_type: string;
  schema_version: number;
  data: unknown;
  metadata: unknown;
  occurred_text: string;
  recorded_text: string;
  hash: Buffer | null;
}

export const hashedFieldsOf = (row: HashedRow): HashedFields => ({
  eventId: row.event_id,
  streamId: row.stream_id,
  streamVersion: row.stream_version,
  globalPosition: row.position_text,
  type: row.event_type,
  schemaVersion: row.schema_version,
  data: row.data,
  metadata: row.metadata,
  occurredAt: row.occurred_text,
  recordedAt: row.recorded_text,
});

/**
 * Gives the stream's events that have no hash theirs, in version order, and answers the stream's head hash. The
 * caller holds the stream's lock (or is the migration, before anything appends). Only events stored before the
 * hash chain existed, or written around the store, lack one; the trigger lets a hash be set once and nothing else.
 */
export const sealStream = async (client: PoolClient, streamId: string): Promise<Buffer> => {
  const { rows } = await client.query<HashedRow>(
    `SELECT ${hashedColumns} FROM events WHERE stream_id = $1 ORDER BY stream_version`,
    [streamId],
  );
  let previous = genesisHash;
  const sealed: { position: string; hash: Buffer }[] = [];
  for (const row of rows) {
    if (row.hash) {
      previous = row.hash;
      continue;
    }
    previous = eventHash(previous, hashedFieldsOf(row));
    sealed.push({ position: row.position_text, hash: previous });
  }
  if (sealed.length > 0) {
    await client.query(
      `UPDATE events SET hash = sealed.hash
       FROM unnest($1::bigint[], $2::bytea[]) AS sealed(position, hash)
       WHERE events.global_position = sealed.position AND events.hash IS NULL`,
      [sealed.map((event) => event.position), sealed.map((event) => event.hash)],
    );
  }
  return previous;
};

/**
 * Seals one stream in a transaction of its own under its stream lock, so appends wait rather than race, and
 * answers its head hash.
 */
export const sealStreamLocked = async (pool: Pool, streamId: string): Promise<Buffer> => {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT 1 FROM event_streams WHERE stream_id = $1 FOR UPDATE', [streamId]);
    const head = await sealStream(client, streamId);
    await client.query('COMMIT');
    return head;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
};

/** Seals every stream that has unhashed events, one at a time (see sealStreamLocked). Answers how many it sealed. */
export const sealUnhashedEvents = async (pool: Pool): Promise<number> => {
  const { rows } = await pool.query<{ stream_id: string }>('SELECT DISTINCT stream_id FROM events WHERE hash IS NULL');
  for (const { stream_id: streamId } of rows) await sealStreamLocked(pool, streamId);
  return rows.length;
};

/** A value's stored form, or null for one that has none the database would take as that value (see below). */
const formOf = (value: unknown): string | null => {
  try {
    return jsonForm(value);
  } catch {
    return null;
  }
};

/**
 * Gives every event stored without its data's and metadata's forms (before migration 1764800000000, or written
 * around the store) the forms the append would have given it, `batch` events a statement, in position order. A form
 * is set only where the database takes it as the very value stored: one that is not (an integer beyond a double's
 * precision, say) stays null, and verification canonicalises that event's jsonb as before. Answers how many events
 * it gave forms.
 */
export const fillStoredForms = async (pool: Pool, batch = 1_000): Promise<number> => {
  let after = '0';
  let filled = 0;
  for (;;) {
    const { rows } = await pool.query<{ position_text: string; data: unknown; metadata: unknown }>(
      `SELECT global_position::text AS position_text, data, metadata FROM events
       WHERE (data_form IS NULL OR metadata_form IS NULL) AND global_position > $1::bigint
       ORDER BY global_position LIMIT $2`,
      [after, batch],
    );
    const last = rows.at(-1);
    if (!last) return filled;
    // Each form kept only where it is the stored value, and only events given one are updated: the immutability
    // trigger refuses an update that gives nothing.
    const { rowCount } = await pool.query(
      `WITH fitting AS (
         SELECT events.global_position,
                CASE WHEN events.data_form IS NULL AND events.data = given.data_form::jsonb THEN given.data_form END AS data_form,
                CASE WHEN events.metadata_form IS NULL AND events.metadata = given.metadata_form::jsonb THEN given.metadata_form END
                  AS metadata_form
         FROM unnest($1::bigint[], $2::text[], $3::text[]) AS given(position, data_form, metadata_form)
         JOIN events ON events.global_position = given.position)
       UPDATE events SET data_form = coalesce(fitting.data_form, events.data_form),
                         metadata_form = coalesce(fitting.metadata_form, events.metadata_form)
       FROM fitting
       WHERE events.global_position = fitting.global_position AND (fitting.data_form IS NOT NULL OR fitting.metadata_form IS NOT NULL)`,
      [rows.map((row) => row.position_text), rows.map((row) => formOf(row.data)), rows.map((row) => formOf(row.metadata))],
    );
    filled += rowCount ?? 0;
    after = last.position_text;
  }
};

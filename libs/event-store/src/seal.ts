import type { Pool, PoolClient } from 'pg';
import { eventHash, genesisHash, utcText, type HashedFields } from './hash-chain';

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
 * Seals every stream that has unhashed events, each in a transaction of its own under its stream lock so appends
 * wait rather than race. Answers how many streams it sealed.
 */
export const sealUnhashedEvents = async (pool: Pool): Promise<number> => {
  const { rows } = await pool.query<{ stream_id: string }>('SELECT DISTINCT stream_id FROM events WHERE hash IS NULL');
  for (const { stream_id: streamId } of rows) {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT 1 FROM event_streams WHERE stream_id = $1 FOR UPDATE', [streamId]);
      await sealStream(client, streamId);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }
  return rows.length;
};

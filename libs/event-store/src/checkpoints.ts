import type { Pool, PoolClient } from 'pg';
import { chainedDigest, genesisHash, utcText } from './hash-chain';

export const checkpointScheme = 'cls-checkpoint-sha256-jcs/1';

export type CheckpointTrigger = 'periodic' | 'on-demand';

export interface Checkpoint {
  checkpointId: string;
  createdAt: string;
  trigger: CheckpointTrigger;
  requestedBy: string | null;
  /** The last event covered, in commit order: every event at or before it is covered, none after. */
  coversTransactionId: string;
  coversPosition: string;
  streams: number;
  events: number;
  digest: string;
}

/** A stream's head as a checkpoint records it. */
export interface CheckpointHead {
  streamId: string;
  processId: string;
  streamVersion: number;
  hash: Buffer | null;
}

interface CheckpointRow {
  checkpoint_id: string;
  created_text: string;
  trigger: CheckpointTrigger;
  requested_by: string | null;
  covers_transaction_id: string;
  covers_position: string;
  streams: string;
  events: string;
  previous_digest: Buffer | null;
  digest: Buffer;
}

export const checkpointColumns = `checkpoint_id::text, ${utcText('created_at')} AS created_text, trigger, requested_by,
  covers_transaction_id::text, covers_position::text, streams::text, events::text, previous_digest, digest`;

export const toCheckpoint = (row: CheckpointRow): Checkpoint => ({
  checkpointId: row.checkpoint_id,
  createdAt: row.created_text,
  trigger: row.trigger,
  requestedBy: row.requested_by,
  coversTransactionId: row.covers_transaction_id,
  coversPosition: row.covers_position,
  streams: Number(row.streams),
  events: Number(row.events),
  digest: row.digest.toString('hex'),
});

export type { CheckpointRow };

const byStreamId = (a: CheckpointHead, b: CheckpointHead) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0);

/** What a checkpoint's digest covers. Heads sort by stream id in code units, independent of any collation. */
export const checkpointDigest = (
  previous: Buffer | null,
  checkpoint: Omit<Checkpoint, 'checkpointId' | 'digest'>,
  heads: readonly CheckpointHead[],
): Buffer =>
  chainedDigest(previous ?? genesisHash, {
    scheme: checkpointScheme,
    createdAt: checkpoint.createdAt,
    trigger: checkpoint.trigger,
    requestedBy: checkpoint.requestedBy,
    coversTransactionId: checkpoint.coversTransactionId,
    coversPosition: checkpoint.coversPosition,
    streams: checkpoint.streams,
    events: checkpoint.events,
    heads: [...heads].sort(byStreamId).map((head) => [head.streamId, head.streamVersion, head.hash?.toString('hex') ?? null]),
  });

/** Checkpoints are taken one at a time, whoever asks (the relay's timer, an auditor). */
const checkpointLock = 'cls-audit-checkpoint';

/**
 * Takes a checkpoint covering every event committed before the oldest transaction still running (so nothing it
 * covers can still change by ordinary means), recording the heads of the streams that changed since the last one.
 * A periodic checkpoint with nothing new to cover is skipped (answers undefined); one asked for is always taken.
 */
export const createCheckpoint = async (
  pool: Pool,
  trigger: CheckpointTrigger,
  requestedBy: string | null = null,
): Promise<Checkpoint | undefined> => {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await takeCheckpoint(client, trigger, requestedBy);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
};

const takeCheckpoint = async (
  client: PoolClient,
  trigger: CheckpointTrigger,
  requestedBy: string | null,
): Promise<Checkpoint | undefined> => {
  await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [checkpointLock]);
  const previous = (
    await client.query<CheckpointRow>(`SELECT ${checkpointColumns} FROM audit_checkpoints ORDER BY checkpoint_id DESC LIMIT 1`)
  ).rows[0];
  const from = { transactionId: previous?.covers_transaction_id ?? '0', position: previous?.covers_position ?? '0' };
  // Aliased apart from the columns, or ORDER BY would sort the text and take position 9999 for the last of 50000.
  const { rows: covers } = await client.query<{ transaction_text: string; position_text: string }>(
    `SELECT transaction_id::text AS transaction_text, global_position::text AS position_text FROM events
     WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
     ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
  );
  const latest = covers[0];
  const advanced =
    latest !== undefined &&
    (BigInt(latest.transaction_text) > BigInt(from.transactionId) ||
      (latest.transaction_text === from.transactionId && BigInt(latest.position_text) > BigInt(from.position)));
  const to = advanced ? { transactionId: latest.transaction_text, position: latest.position_text } : from;
  if (to === from && trigger === 'periodic') return undefined;

  const range = [from.transactionId, from.position, to.transactionId, to.position];
  const { rows: heads } = await client.query<{ stream_id: string; process_text: string; stream_version: number; hash: Buffer | null }>(
    `SELECT DISTINCT ON (stream_id) stream_id, process_id::text AS process_text, stream_version, hash FROM events
     WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint) AND (transaction_id, global_position) <= ($3::xid8, $4::bigint)
     ORDER BY stream_id, stream_version DESC`,
    range,
  );
  const { rows: counted } = await client.query<{ events: string; new_streams: string; now: string }>(
    `SELECT count(*)::text AS events, count(*) FILTER (WHERE stream_version = 1)::text AS new_streams,
            ${utcText('clock_timestamp()')} AS now
     FROM events
     WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint) AND (transaction_id, global_position) <= ($3::xid8, $4::bigint)`,
    range,
  );
  const count = counted[0];
  if (!count) throw new Error('no count row');
  const content = {
    createdAt: count.now,
    trigger,
    requestedBy,
    coversTransactionId: to.transactionId,
    coversPosition: to.position,
    streams: Number(previous?.streams ?? 0) + Number(count.new_streams),
    events: Number(previous?.events ?? 0) + Number(count.events),
  };
  const recordedHeads: CheckpointHead[] = heads.map((head) => ({
    streamId: head.stream_id,
    processId: head.process_text,
    streamVersion: head.stream_version,
    hash: head.hash,
  }));
  const digest = checkpointDigest(previous?.digest ?? null, content, recordedHeads);
  const { rows: inserted } = await client.query<CheckpointRow>(
    `INSERT INTO audit_checkpoints (created_at, trigger, requested_by, covers_transaction_id, covers_position, streams,
                                    events, previous_digest, digest)
     VALUES ($1::timestamptz, $2, $3, $4::xid8, $5::bigint, $6, $7, $8, $9) RETURNING ${checkpointColumns}`,
    [
      content.createdAt,
      trigger,
      requestedBy,
      content.coversTransactionId,
      content.coversPosition,
      content.streams,
      content.events,
      previous?.digest ?? null,
      digest,
    ],
  );
  const row = inserted[0];
  if (!row) throw new Error('no checkpoint row');
  if (recordedHeads.length > 0) {
    await client.query(
      `INSERT INTO audit_checkpoint_heads (checkpoint_id, stream_id, process_id, stream_version, hash)
       SELECT $1::bigint, * FROM unnest($2::text[], $3::uuid[], $4::integer[], $5::bytea[])`,
      [
        row.checkpoint_id,
        recordedHeads.map((head) => head.streamId),
        recordedHeads.map((head) => head.processId),
        recordedHeads.map((head) => head.streamVersion),
        recordedHeads.map((head) => head.hash),
      ],
    );
  }
  return toCheckpoint(row);
};

export const latestCheckpoint = async (pool: Pool): Promise<Checkpoint | undefined> => {
  const { rows } = await pool.query<CheckpointRow>(
    `SELECT ${checkpointColumns} FROM audit_checkpoints ORDER BY checkpoint_id DESC LIMIT 1`,
  );
  return rows[0] ? toCheckpoint(rows[0]) : undefined;
};

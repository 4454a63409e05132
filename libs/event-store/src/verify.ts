import type { Pool } from 'pg';
import { ChainWalk, processSelection, storedFormsGuardedSql, walkSelection, walkStore, type BrokenEvent } from './chain-walk';
import {
  checkpointColumns,
  checkpointDigest,
  toCheckpoint,
  type Checkpoint,
  type CheckpointHead,
  type CheckpointRow,
} from './checkpoints';
import { hashScheme } from './hash-chain';

export type { BrokenEvent, EventProblem } from './chain-walk';

export type CheckpointProblem =
  | 'checkpoint-digest-mismatch'
  | 'head-event-missing'
  | 'head-hash-differs'
  | 'covered-events-missing';

export interface CheckpointCheck {
  checkpointId: string;
  createdAt: string;
  coversPosition: string;
  /** Streams of the verified scope that the checkpoint records a head for. */
  streamsCovered: number;
  matches: boolean;
  /** The first disagreement, when it does not match. */
  mismatch?: { problem: CheckpointProblem; streamId?: string; streamVersion?: number; checkpointId?: string };
}

export interface Verification {
  status: 'intact' | 'broken';
  hashScheme: string;
  streams: number;
  events: number;
  brokenEvents: number;
  /** The earliest (by global position) event that fails. */
  firstBroken?: BrokenEvent;
  /** Null when no checkpoint has been taken yet. */
  checkpoint: CheckpointCheck | null;
}

const verification = (walk: ChainWalk, checkpoint: CheckpointCheck | null): Verification => ({
  status: walk.broken === 0 && (checkpoint?.matches ?? true) ? 'intact' : 'broken',
  hashScheme,
  streams: walk.streams,
  events: walk.events,
  brokenEvents: walk.broken,
  ...(walk.firstBroken ? { firstBroken: walk.firstBroken } : {}),
  checkpoint,
});

interface RecordedHead {
  stream_id: string;
  stream_version: number;
  hash: Buffer | null;
}

/**
 * Whether the stored forms are guarded (one query with the latest checkpoint), and that checkpoint with the heads
 * it knows of a process's streams: each stream's latest at or before it.
 */
const beforeWalking = async (
  pool: Pool,
  processId: string,
): Promise<{ forms: boolean; checkpoint: { latest: CheckpointRow; heads: RecordedHead[] } | undefined }> => {
  const { rows } = await pool.query<{ forms_guarded: boolean } & (CheckpointRow | { [column in keyof CheckpointRow]: null })>(
    `SELECT ${storedFormsGuardedSql} AS forms_guarded, latest.*
     FROM (SELECT 1) one
     LEFT JOIN LATERAL (SELECT ${checkpointColumns} FROM audit_checkpoints ORDER BY checkpoint_id DESC LIMIT 1) latest ON true`,
  );
  const row = rows[0];
  if (!row) throw new Error('no row from the verification preparation');
  const { forms_guarded: forms, ...latest } = row;
  if (latest.checkpoint_id === null) return { forms, checkpoint: undefined };
  const { rows: heads } = await pool.query<RecordedHead>(
    `SELECT DISTINCT ON (stream_id) stream_id, stream_version, hash FROM audit_checkpoint_heads
     WHERE process_id = $1 AND checkpoint_id <= $2::bigint ORDER BY stream_id, checkpoint_id DESC`,
    [processId, latest.checkpoint_id],
  );
  return { forms, checkpoint: { latest, heads } };
};

/** Compares heads a checkpoint recorded with what the walk saw of the same streams. */
const compareHeads = (latest: Checkpoint, heads: readonly RecordedHead[], walk: ChainWalk): CheckpointCheck => {
  const base = {
    checkpointId: latest.checkpointId,
    createdAt: latest.createdAt,
    coversPosition: latest.coversPosition,
    streamsCovered: heads.length,
  };
  const seenHeads = walk.heads;
  for (const head of heads) {
    const seen = seenHeads.get(head.stream_id);
    const at = { streamId: head.stream_id, streamVersion: head.stream_version };
    if (seen?.hash === undefined) return { ...base, matches: false, mismatch: { problem: 'head-event-missing', ...at } };
    if (seen.hash !== (head.hash?.toString('hex') ?? null)) {
      return { ...base, matches: false, mismatch: { problem: 'head-hash-differs', ...at } };
    }
    if (seen.versions !== head.stream_version) return { ...base, matches: false, mismatch: { problem: 'covered-events-missing', ...at } };
  }
  return { ...base, matches: true };
};

/**
 * Verifies every stream of one contracting process: each event's hash, and the stream heads that the latest
 * checkpoint recorded for them. The checkpoints' own chain is verified by verifyAll.
 */
export const verifyProcess = async (pool: Pool, processId: string): Promise<Verification> => {
  // The checkpoint is read before any event: every event it covers was committed before it, so the events read
  // next include them, even if another checkpoint is taken meanwhile.
  const { forms, checkpoint } = await beforeWalking(pool, processId);
  const headVersions = new Map(checkpoint?.heads.map((head) => [head.stream_id, head.stream_version]));
  const walk = await walkSelection(pool, processSelection(processId), forms, () => new ChainWalk(headVersions));
  return verification(walk, checkpoint ? compareHeads(toCheckpoint(checkpoint.latest), checkpoint.heads, walk) : null);
};

/**
 * Verifies the whole store: every stream's chain (read in stream order, `batchSize` events at a time), the chain
 * of checkpoint digests, and the heads of every stream as the latest checkpoint knows them.
 */
export const verifyAll = async (pool: Pool, batchSize = 5_000): Promise<Verification> =>
  verification(await walkStore(pool, batchSize), await verifyCheckpoints(pool));

const verifyCheckpoints = async (pool: Pool): Promise<CheckpointCheck | null> => {
  const { rows: checkpoints } = await pool.query<CheckpointRow>(
    `SELECT ${checkpointColumns} FROM audit_checkpoints ORDER BY checkpoint_id`,
  );
  const latestRow = checkpoints.at(-1);
  if (!latestRow) return null;
  const latest = toCheckpoint(latestRow);
  const { rows: counted } = await pool.query<{ streams: string }>('SELECT count(DISTINCT stream_id)::text AS streams FROM audit_checkpoint_heads');
  const base = {
    checkpointId: latest.checkpointId,
    createdAt: latest.createdAt,
    coversPosition: latest.coversPosition,
    streamsCovered: Number(counted[0]?.streams ?? 0),
  };
  let previous: Buffer | null = null;
  for (const row of checkpoints) {
    const { rows: heads } = await pool.query<{ stream_id: string; process_text: string; stream_version: number; hash: Buffer | null }>(
      `SELECT stream_id, process_id::text AS process_text, stream_version, hash FROM audit_checkpoint_heads WHERE checkpoint_id = $1`,
      [row.checkpoint_id],
    );
    const checkpoint = toCheckpoint(row);
    const recorded: CheckpointHead[] = heads.map((head) => ({
      streamId: head.stream_id,
      processId: head.process_text,
      streamVersion: head.stream_version,
      hash: head.hash,
    }));
    const digest = checkpointDigest(previous, checkpoint, recorded);
    const chained = previous === null ? row.previous_digest === null : row.previous_digest !== null && previous.equals(row.previous_digest);
    if (!chained || !digest.equals(row.digest)) {
      return { ...base, matches: false, mismatch: { problem: 'checkpoint-digest-mismatch', checkpointId: row.checkpoint_id } };
    }
    previous = row.digest;
  }
  const { rows: differing } = await pool.query<{ stream_id: string; stream_version: number; missing: boolean }>(
    `SELECT h.stream_id, h.stream_version, e.event_id IS NULL AS missing
     FROM (SELECT DISTINCT ON (stream_id) stream_id, stream_version, hash FROM audit_checkpoint_heads
           ORDER BY stream_id, checkpoint_id DESC) h
     LEFT JOIN events e ON e.stream_id = h.stream_id AND e.stream_version = h.stream_version
     WHERE e.event_id IS NULL OR e.hash IS DISTINCT FROM h.hash
     ORDER BY h.stream_id LIMIT 1`,
  );
  const differs = differing[0];
  if (differs) {
    return {
      ...base,
      matches: false,
      mismatch: {
        problem: differs.missing ? 'head-event-missing' : 'head-hash-differs',
        streamId: differs.stream_id,
        streamVersion: differs.stream_version,
      },
    };
  }
  const { rows: covered } = await pool.query<{ events: string }>(
    `SELECT count(*)::text AS events FROM events WHERE (transaction_id, global_position) <= ($1::xid8, $2::bigint)`,
    [latest.coversTransactionId, latest.coversPosition],
  );
  if (Number(covered[0]?.events) !== latest.events) {
    return { ...base, matches: false, mismatch: { problem: 'covered-events-missing' } };
  }
  return { ...base, matches: true };
};

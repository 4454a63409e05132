import type { Pool } from 'pg';
import {
  checkpointColumns,
  checkpointDigest,
  toCheckpoint,
  type Checkpoint,
  type CheckpointHead,
  type CheckpointRow,
} from './checkpoints';
import { eventHash, genesisHash, hashScheme } from './hash-chain';
import { hashedColumns, hashedFieldsOf, type HashedRow } from './seal';

/**
 * Why an event fails: its hash is not SHA-256 over its predecessor's hash and its own canonical form; it has no
 * hash; or the version before it is missing (removed), which also breaks its hash.
 */
export type EventProblem = 'hash-mismatch' | 'missing-hash' | 'previous-event-missing';

export interface BrokenEvent {
  streamId: string;
  streamVersion: number;
  eventId: string;
  globalPosition: string;
  problem: EventProblem;
}

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

/** Checks one stream's chain, fed its events in version order; remembers the earliest failure. */
class ChainChecker {
  streams = 0;
  events = 0;
  broken = 0;
  firstBroken: BrokenEvent | undefined;
  /** Per stream: the highest version seen and how many events (a checkpoint's head must count exactly its version). */
  readonly seen = new Map<string, { version: number; count: number; hashes: Map<number, Buffer | null> }>();
  private stream: string | undefined;
  private previous = genesisHash;
  private expectedVersion = 1;

  constructor(private readonly keepHashes: boolean) {}

  add(row: HashedRow): void {
    if (row.stream_id !== this.stream) {
      this.stream = row.stream_id;
      this.previous = genesisHash;
      this.expectedVersion = 1;
      this.streams += 1;
    }
    this.events += 1;
    const computed = eventHash(this.previous, hashedFieldsOf(row));
    const problem: EventProblem | undefined =
      row.stream_version !== this.expectedVersion
        ? 'previous-event-missing'
        : !row.hash
          ? 'missing-hash'
          : computed.equals(row.hash)
            ? undefined
            : 'hash-mismatch';
    if (problem) this.fail(row, problem);
    // Chaining on the stored hash names every altered event, not only the first of a stream.
    this.previous = row.hash ?? computed;
    this.expectedVersion = row.stream_version + 1;
    const seen = this.seen.get(row.stream_id) ?? { version: 0, count: 0, hashes: new Map<number, Buffer | null>() };
    seen.version = row.stream_version;
    seen.count += 1;
    if (this.keepHashes) seen.hashes.set(row.stream_version, row.hash);
    this.seen.set(row.stream_id, seen);
  }

  private fail(row: HashedRow, problem: EventProblem): void {
    this.broken += 1;
    if (this.firstBroken && BigInt(this.firstBroken.globalPosition) < BigInt(row.position_text)) return;
    this.firstBroken = {
      streamId: row.stream_id,
      streamVersion: row.stream_version,
      eventId: row.event_id,
      globalPosition: row.position_text,
      problem,
    };
  }
}

const verification = (chain: ChainChecker, checkpoint: CheckpointCheck | null): Verification => ({
  status: chain.broken === 0 && (checkpoint?.matches ?? true) ? 'intact' : 'broken',
  hashScheme,
  streams: chain.streams,
  events: chain.events,
  brokenEvents: chain.broken,
  ...(chain.firstBroken ? { firstBroken: chain.firstBroken } : {}),
  checkpoint,
});

const latestCheckpointRow = async (pool: Pool): Promise<CheckpointRow | undefined> =>
  (await pool.query<CheckpointRow>(`SELECT ${checkpointColumns} FROM audit_checkpoints ORDER BY checkpoint_id DESC LIMIT 1`))
    .rows[0];

/** Compares heads a checkpoint recorded with what the chain checker saw of the same streams. */
const compareHeads = (
  latest: Checkpoint,
  heads: readonly { stream_id: string; stream_version: number; hash: Buffer | null }[],
  chain: ChainChecker,
): CheckpointCheck => {
  const base = {
    checkpointId: latest.checkpointId,
    createdAt: latest.createdAt,
    coversPosition: latest.coversPosition,
    streamsCovered: heads.length,
  };
  for (const head of heads) {
    const seen = chain.seen.get(head.stream_id);
    const hash = seen?.hashes.get(head.stream_version);
    const at = { streamId: head.stream_id, streamVersion: head.stream_version };
    if (!seen || hash === undefined) return { ...base, matches: false, mismatch: { problem: 'head-event-missing', ...at } };
    if (!(hash === null ? head.hash === null : head.hash !== null && hash.equals(head.hash))) {
      return { ...base, matches: false, mismatch: { problem: 'head-hash-differs', ...at } };
    }
    const covered = [...seen.hashes.keys()].filter((version) => version <= head.stream_version).length;
    if (covered !== head.stream_version) return { ...base, matches: false, mismatch: { problem: 'covered-events-missing', ...at } };
  }
  return { ...base, matches: true };
};

/**
 * Verifies every stream of one contracting process: each event's hash, and the stream heads that the latest
 * checkpoint recorded for them. The checkpoints' own chain is verified by verifyAll.
 */
export const verifyProcess = async (pool: Pool, processId: string): Promise<Verification> => {
  // No ORDER BY: sorting thousands of wide rows costs the server more than putting each stream in version order
  // here does.
  const { rows } = await pool.query<HashedRow>(`SELECT ${hashedColumns} FROM events WHERE process_id = $1`, [processId]);
  const streams = new Map<string, HashedRow[]>();
  for (const row of rows) {
    const stream = streams.get(row.stream_id);
    if (stream) stream.push(row);
    else streams.set(row.stream_id, [row]);
  }
  const chain = new ChainChecker(true);
  for (const stream of streams.values()) {
    stream.sort((a, b) => a.stream_version - b.stream_version);
    for (const row of stream) chain.add(row);
  }
  const latest = await latestCheckpointRow(pool);
  if (!latest) return verification(chain, null);
  const { rows: heads } = await pool.query<{ stream_id: string; stream_version: number; hash: Buffer | null }>(
    `SELECT DISTINCT ON (stream_id) stream_id, stream_version, hash FROM audit_checkpoint_heads
     WHERE process_id = $1 AND checkpoint_id <= $2::bigint ORDER BY stream_id, checkpoint_id DESC`,
    [processId, latest.checkpoint_id],
  );
  return verification(chain, compareHeads(toCheckpoint(latest), heads, chain));
};

const batchSize = 5_000;

/**
 * Verifies the whole store: every stream's chain (read in stream order, a batch at a time), the chain of
 * checkpoint digests, and the heads of every stream as the latest checkpoint knows them.
 */
export const verifyAll = async (pool: Pool): Promise<Verification> => {
  const chain = new ChainChecker(false);
  let after: { streamId: string; version: number } | undefined;
  for (;;) {
    const { rows } = await pool.query<HashedRow>(
      after
        ? `SELECT ${hashedColumns} FROM events WHERE (stream_id, stream_version) > ($1, $2::integer)
           ORDER BY stream_id, stream_version LIMIT ${batchSize}`
        : `SELECT ${hashedColumns} FROM events ORDER BY stream_id, stream_version LIMIT ${batchSize}`,
      after ? [after.streamId, after.version] : [],
    );
    for (const row of rows) chain.add(row);
    const last = rows.at(-1);
    if (!last || rows.length < batchSize) break;
    after = { streamId: last.stream_id, version: last.stream_version };
  }
  return verification(chain, await verifyCheckpoints(pool));
};

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

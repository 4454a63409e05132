import type { Pool } from 'pg';
import { genesisHex, readPart, type EventRecord } from './chain-part';
import {
  checkpointColumns,
  checkpointDigest,
  toCheckpoint,
  type Checkpoint,
  type CheckpointHead,
  type CheckpointRow,
} from './checkpoints';
import { chainStepHex, hashScheme } from './hash-chain';

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

/** The walk met an event it cannot check from what was kept: a version that occurs twice in its stream. */
class ReadAgain extends Error {}

/** An event's hash as chained on `link`, from its kept canonical form. */
const digestOn = (link: string, record: EventRecord): string => {
  if (record.canonical === undefined) throw new ReadAgain();
  return chainStepHex(link, record.canonical);
};

/**
 * Checks each stream's chain as first written: the stream's events in version order, each event's hash SHA-256
 * over the stored hash of the event before it (32 zero bytes for the first) and its own canonical form, a gap
 * named on the event after it. Events arrive hashed (see EventRecord); an outcome is used only where it was
 * computed on exactly the hash this order chains the event on, and the rest are hashed here.
 */
class ChainWalk {
  streams = 0;
  events = 0;
  broken = 0;
  firstBroken: BrokenEvent | undefined;
  /** Per stream the latest checkpoint recorded: the stored hash at its head version, and how many distinct versions up to it. */
  readonly heads = new Map<string, { hash: string | null | undefined; versions: number }>();

  /** `headVersions`: the head version the latest checkpoint recorded for each stream it covers. */
  constructor(private readonly headVersions: ReadonlyMap<string, number> = new Map()) {}

  /** One stream's events, all of them, in any order. Counts nothing if it throws ReadAgain. */
  stream(records: EventRecord[]): void {
    const first = records[0];
    if (!first) return;
    records.sort((a, b) => a.version - b.version);
    const headVersion = this.headVersions.get(first.streamId);
    const failures: [EventRecord, EventProblem][] = [];
    let headHash: string | null | undefined;
    let upToHead = 0;
    let link = genesisHex;
    let expected = 1;
    let previousVersion = 0;
    for (const record of records) {
      const chained = record.chainedOn !== undefined && record.chainedOn === link;
      const problem: EventProblem | undefined =
        record.version !== expected
          ? 'previous-event-missing'
          : record.hash === null
            ? 'missing-hash'
            : (chained ? record.matches : digestOn(link, record) === record.hash)
              ? undefined
              : 'hash-mismatch';
      if (problem) failures.push([record, problem]);
      // Chaining on the stored hash names every altered event, not only the first of a stream.
      link = record.hash ?? (chained && record.digest !== undefined ? record.digest : digestOn(link, record));
      expected = record.version + 1;
      if (headVersion !== undefined && record.version <= headVersion) {
        if (record.version !== previousVersion) upToHead += 1;
        if (record.version === headVersion) headHash = record.hash;
      }
      previousVersion = record.version;
    }
    this.streams += 1;
    this.events += records.length;
    for (const [record, problem] of failures) this.fail(record, problem);
    if (headVersion !== undefined) this.heads.set(first.streamId, { hash: headHash, versions: upToHead });
  }

  private fail(record: EventRecord, problem: EventProblem): void {
    this.broken += 1;
    if (this.firstBroken && BigInt(this.firstBroken.globalPosition) < BigInt(record.position)) return;
    this.firstBroken = {
      streamId: record.streamId,
      streamVersion: record.version,
      eventId: record.eventId,
      globalPosition: record.position,
      problem,
    };
  }
}

const byStream = (records: readonly EventRecord[]): Map<string, EventRecord[]> => {
  const streams = new Map<string, EventRecord[]>();
  for (const record of records) {
    const stream = streams.get(record.streamId);
    if (stream) stream.push(record);
    else streams.set(record.streamId, [record]);
  }
  return streams;
};

const verification = (walk: ChainWalk, checkpoint: CheckpointCheck | null): Verification => ({
  status: walk.broken === 0 && (checkpoint?.matches ?? true) ? 'intact' : 'broken',
  hashScheme,
  streams: walk.streams,
  events: walk.events,
  brokenEvents: walk.broken,
  ...(walk.firstBroken ? { firstBroken: walk.firstBroken } : {}),
  checkpoint,
});

const latestCheckpointRow = async (pool: Pool): Promise<CheckpointRow | undefined> =>
  (await pool.query<CheckpointRow>(`SELECT ${checkpointColumns} FROM audit_checkpoints ORDER BY checkpoint_id DESC LIMIT 1`))
    .rows[0];

interface RecordedHead {
  stream_id: string;
  stream_version: number;
  hash: Buffer | null;
}

/** The latest checkpoint and the heads it knows of a process's streams (each stream's latest at or before it). */
const checkpointOf = async (pool: Pool, processId: string): Promise<{ latest: CheckpointRow; heads: RecordedHead[] } | undefined> => {
  const latest = await latestCheckpointRow(pool);
  if (!latest) return undefined;
  const { rows: heads } = await pool.query<RecordedHead>(
    `SELECT DISTINCT ON (stream_id) stream_id, stream_version, hash FROM audit_checkpoint_heads
     WHERE process_id = $1 AND checkpoint_id <= $2::bigint ORDER BY stream_id, checkpoint_id DESC`,
    [processId, latest.checkpoint_id],
  );
  return { latest, heads };
};

/** Compares heads a checkpoint recorded with what the walk saw of the same streams. */
const compareHeads = (latest: Checkpoint, heads: readonly RecordedHead[], walk: ChainWalk): CheckpointCheck => {
  const base = {
    checkpointId: latest.checkpointId,
    createdAt: latest.createdAt,
    coversPosition: latest.coversPosition,
    streamsCovered: heads.length,
  };
  for (const head of heads) {
    const seen = walk.heads.get(head.stream_id);
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
  const checkpoint = await checkpointOf(pool, processId);
  const headVersions = new Map(checkpoint?.heads.map((head) => [head.stream_id, head.stream_version]));
  // No ORDER BY: records come in any order, and the server finds the rows cheapest in the order they lie.
  const { records } = await readPart(pool, 'WHERE process_id = $1', [processId]);
  let walk = new ChainWalk(headVersions);
  try {
    for (const stream of byStream(records).values()) walk.stream(stream);
  } catch (error) {
    if (!(error instanceof ReadAgain)) throw error;
    walk = new ChainWalk(headVersions);
    const again = await readPart(pool, 'WHERE process_id = $1', [processId], true);
    for (const stream of byStream(again.records).values()) walk.stream(stream);
  }
  return verification(walk, checkpoint ? compareHeads(toCheckpoint(checkpoint.latest), checkpoint.heads, walk) : null);
};

const batchSize = 5_000;

/**
 * Verifies the whole store: every stream's chain (read in stream order, a batch at a time), the chain of
 * checkpoint digests, and the heads of every stream as the latest checkpoint knows them.
 */
export const verifyAll = async (pool: Pool): Promise<Verification> => {
  const walk = new ChainWalk();
  const walkStream = async (records: EventRecord[]): Promise<void> => {
    try {
      walk.stream(records);
    } catch (error) {
      const streamId = records[0]?.streamId;
      if (!(error instanceof ReadAgain) || streamId === undefined) throw error;
      walk.stream((await readPart(pool, 'WHERE stream_id = $1', [streamId], true)).records);
    }
  };
  let carried: EventRecord[] = [];
  let after: { streamId: string; version: number } | undefined;
  for (;;) {
    const part = await readPart(
      pool,
      after
        ? `WHERE (stream_id, stream_version) > ($1, $2::integer) ORDER BY stream_id, stream_version LIMIT ${batchSize}`
        : `ORDER BY stream_id, stream_version LIMIT ${batchSize}`,
      after ? [after.streamId, after.version] : [],
    );
    const streams = byStream(carried.concat(part.records));
    const done = !part.last || part.rows < batchSize;
    // Rows come in stream order, so every stream but the batch's last is complete; that one may go on.
    carried = done || !part.last ? [] : (streams.get(part.last.streamId) ?? []);
    if (!done && part.last) streams.delete(part.last.streamId);
    for (const stream of streams.values()) await walkStream(stream);
    if (done || !part.last) break;
    after = part.last;
  }
  return verification(walk, await verifyCheckpoints(pool));
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

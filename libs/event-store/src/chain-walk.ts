import { hash } from 'node:crypto';
import { escapeLiteral, type Pool } from 'pg';
import { ByteSink } from './byte-sink';
import { copyTuples } from './copy-binary';
import { storedColumns, storedField, storedFieldCount, writeCanonicalFormOfStored, type TimeForm } from './stored-form';

/**
 * Why an event fails: its hash is not SHA-256 over its predecessor's hash and its own canonical form; it has no
 * hash; or the version before it is missing (removed, or the version occurs twice), which also breaks its hash.
 */
export type EventProblem = 'hash-mismatch' | 'missing-hash' | 'previous-event-missing';

export interface BrokenEvent {
  streamId: string;
  streamVersion: number;
  eventId: string;
  globalPosition: string;
  problem: EventProblem;
}

/** What the latest checkpoint recorded of a stream's head, and what the walk saw of it. */
export interface SeenHead {
  /** The stored hash (hex) of the version the checkpoint recorded; null if it has none, undefined if not seen. */
  hash: string | null | undefined;
  /** Distinct versions seen up to and including that version. */
  versions: number;
}

const hashLength = 32;

/** An event that came before its predecessor: kept until that one comes, or the read ends. */
interface EarlyEvent {
  hash: Buffer | null;
  position: string;
  eventId: string;
  canonical: Buffer;
}

/** One stream as far as the walk has come. */
interface StreamState {
  streamId: string;
  /** The stored hash of the latest event walked (its computed hash if it has none): what the next one chains on. */
  link: Buffer;
  lastVersion: number;
  headVersion: number | undefined;
  head: SeenHead;
  early: Map<number, EarlyEvent> | undefined;
}

/**
 * Checks each stream's chain as first written: the stream's events in version order, each event's hash SHA-256
 * over the stored hash of the event before it (32 zero bytes for the first) and its own canonical form, a gap named
 * on the event after it, and of a version that occurs twice the second named. Chaining on the stored hash names
 * every altered event, not only the first of a stream.
 *
 * Events are walked as they arrive, in whatever order the read gives them: streams interleave, and an event whose
 * predecessor has not come yet is kept (with its canonical form) until it has, or until `finish`, which walks what
 * is left in version order: the gaps. Only a version older than one already walked cannot be placed; then `event`
 * answers false and the walk must be read again in stream order.
 */
export class ChainWalk {
  streams = 0;
  events = 0;
  broken = 0;
  firstBroken: BrokenEvent | undefined;
  private firstBrokenPosition = Number.POSITIVE_INFINITY;
  private readonly states = new Map<string, StreamState>();
  /** The stream of the latest event, as bytes: events come from a handful of streams in turn. */
  private lastStreamBytes = Buffer.alloc(0);
  private lastState: StreamState | undefined;
  /** The stream of the latest event walked (not merely kept). */
  private lastWalked: StreamState | undefined;

  /** `headVersions`: the head version the latest checkpoint recorded for each stream it covers. */
  constructor(private readonly headVersions: ReadonlyMap<string, number> = new Map()) {}

  /** The stream and version of the latest event walked. */
  get last(): { streamId: string; version: number } | undefined {
    return this.lastWalked && { streamId: this.lastWalked.streamId, version: this.lastWalked.lastVersion };
  }

  /** What the walk saw of each stream whose head the checkpoint recorded. */
  get heads(): Map<string, SeenHead> {
    const heads = new Map<string, SeenHead>();
    for (const [streamId, state] of this.states) if (state.headVersion !== undefined) heads.set(streamId, state.head);
    return heads;
  }

  /**
   * One event: its tuple (see storedField) in `buffer`, and its hash input in the sink, the canonical form after
   * room for the hash it chains on. `inStreamOrder`: the read gives each stream's events in version order, so one
   * that skips a version follows a gap and is walked at once. Answers false if it comes after a later version of
   * its stream was walked, or shares its version with an event kept.
   */
  event(buffer: Buffer, fields: Int32Array, sink: ByteSink, inStreamOrder: boolean): boolean {
    const state = this.stateOf(buffer, fields);
    const version = buffer.readInt32BE(versionAt(fields));
    if (version < state.lastVersion) return false;
    const hashStart = fields[storedField.hash * 2] as number;
    const hashed = fields[storedField.hash * 2 + 1] !== -1;
    if (!inStreamOrder && version > state.lastVersion + 1) {
      state.early ??= new Map();
      if (state.early.has(version)) return false;
      state.early.set(version, {
        hash: hashed ? Buffer.from(buffer.subarray(hashStart, hashStart + hashLength)) : null,
        position: fieldText(buffer, fields, storedField.position),
        eventId: fieldText(buffer, fields, storedField.eventId),
        canonical: Buffer.from(sink.buffer.subarray(sink.base + hashLength, sink.at)),
      });
      return true;
    }
    const problem = this.step(state, version, hashed ? buffer : null, hashStart, sink);
    if (problem) {
      this.fail(state, version, problem, fieldText(buffer, fields, storedField.position), fieldText(buffer, fields, storedField.eventId));
    }
    if (state.early) this.walkEarly(state, sink, false);
    return true;
  }

  /** Walks the events still kept, each stream's in version order: what follows a gap. */
  finish(): void {
    let sink: ByteSink | undefined;
    for (const state of this.states.values()) {
      if (!state.early) continue;
      sink ??= new ByteSink(0);
      this.walkEarly(state, sink, true);
    }
  }

  /** The kept events that now follow the latest one walked; with `all`, every kept event, gaps and all. */
  private walkEarly(state: StreamState, sink: ByteSink, all: boolean): void {
    const early = state.early as Map<number, EarlyEvent>;
    const versions = all ? [...early.keys()].sort((left, right) => left - right) : [];
    for (let index = 0; ; index += 1) {
      const version = all ? versions[index] : state.lastVersion + 1;
      if (version === undefined) break;
      const kept = early.get(version);
      if (!kept) break;
      early.delete(version);
      sink.truncate(hashLength);
      sink.copy(kept.canonical, 0, kept.canonical.length);
      const problem = this.step(state, version, kept.hash, 0, sink);
      if (problem) this.fail(state, version, problem, kept.position, kept.eventId);
    }
    if (early.size === 0) state.early = undefined;
  }

  /**
   * Checks one event, chained on the stream's link, makes it the link, and answers what is wrong with it, if
   * anything. `stored`: the buffer its stored hash lies in at `storedStart`, or null if it has none.
   */
  private step(state: StreamState, version: number, stored: Buffer | null, storedStart: number, sink: ByteSink): EventProblem | undefined {
    const link = state.link;
    let problem: EventProblem | undefined;
    if (version !== state.lastVersion + 1) problem = 'previous-event-missing';
    if (problem === undefined || stored === null) {
      const input = sink.buffer;
      for (let index = 0; index < hashLength; index += 1) input[sink.base + index] = link[index] as number;
      // The digest as a string of one character a byte ('binary' is latin1): the cheapest form to compare.
      const digest = hash('sha256', sink.output(), 'binary');
      if (stored === null) {
        problem ??= 'missing-hash';
        link.write(digest, 0, hashLength, 'binary');
      } else if (digest !== stored.toString('binary', storedStart, storedStart + hashLength)) problem = 'hash-mismatch';
    }
    if (stored !== null) for (let index = 0; index < hashLength; index += 1) link[index] = stored[storedStart + index] as number;
    if (state.headVersion !== undefined && version <= state.headVersion) {
      if (version !== state.lastVersion) state.head.versions += 1;
      if (version === state.headVersion) state.head.hash = stored ? stored.toString('hex', storedStart, storedStart + hashLength) : null;
    }
    state.lastVersion = version;
    this.lastWalked = state;
    this.events += 1;
    if (problem) this.broken += 1;
    return problem;
  }

  private stateOf(buffer: Buffer, fields: Int32Array): StreamState {
    const start = fields[storedField.streamId * 2] as number;
    const end = start + (fields[storedField.streamId * 2 + 1] as number);
    const last = this.lastStreamBytes;
    if (this.lastState && last.length === end - start && last.compare(buffer, start, end) === 0) return this.lastState;
    this.lastStreamBytes = Buffer.from(buffer.subarray(start, end));
    const streamId = buffer.toString('utf8', start, end);
    let state = this.states.get(streamId);
    if (!state) {
      const headVersion = this.headVersions.get(streamId);
      state = { streamId, link: Buffer.alloc(hashLength), lastVersion: 0, headVersion, head: { hash: undefined, versions: 0 }, early: undefined };
      this.states.set(streamId, state);
      this.streams += 1;
    }
    this.lastState = state;
    return state;
  }

  /** Keeps the broken event if it comes earliest in position order of those met so far. */
  private fail(state: StreamState, version: number, problem: EventProblem, globalPosition: string, eventId: string): void {
    if (Number(globalPosition) > this.firstBrokenPosition) return;
    this.firstBrokenPosition = Number(globalPosition);
    this.firstBroken = { streamId: state.streamId, streamVersion: version, eventId, globalPosition, problem };
  }
}

/** Where a tuple's stream version lies (readInt32BE would take undefined as 0, so it is asserted). */
const versionAt = (fields: Int32Array): number => fields[storedField.streamVersion * 2] as number;

/** A text field: latin1 for the digits and hex of positions and event ids, utf8 for stream ids. */
const fieldText = (buffer: Buffer, fields: Int32Array, field: number, encoding: 'latin1' | 'utf8' = 'latin1'): string => {
  const start = fields[field * 2] as number;
  return buffer.toString(encoding, start, start + (fields[field * 2 + 1] as number));
};

/** Which events a read selects: a condition on `events` (literals only, as COPY takes no parameters). */
export type Selection = string;

export const processSelection = (processId: string): Selection => `process_id = ${escapeLiteral(processId)}::uuid`;

/**
 * The order in which a walk never has to read again: each stream's versions in turn, ties in position order. The
 * columns are qualified: unqualified, ORDER BY would take the output column of that name, global_position::text.
 */
const streamOrder = 'ORDER BY events.stream_id, events.stream_version, events.global_position';

/**
 * The definitions of the constraints that make an event's stored forms its data and metadata (migration
 * 1764800000000_stored_forms), as PostgreSQL prints them.
 */
const formConstraints = [
  'CHECK (((data_form IS NULL) OR (data = (data_form)::jsonb)))',
  'CHECK (((metadata_form IS NULL) OR (metadata = (metadata_form)::jsonb)))',
];

/**
 * SQL answering whether both constraints stand, validated: only then is hashing the stored forms the same as
 * hashing the data and metadata. Otherwise a walk canonicalises the jsonb columns instead (slower, as sure).
 */
export const storedFormsGuardedSql = `(SELECT count(DISTINCT pg_get_constraintdef(oid)) = ${formConstraints.length} FROM pg_constraint
  WHERE conrelid = 'events'::regclass AND contype = 'c' AND convalidated
    AND pg_get_constraintdef(oid) IN (${formConstraints.map((definition) => escapeLiteral(definition)).join(', ')}))`;

export const storedFormsGuarded = async (pool: Pool): Promise<boolean> =>
  (await pool.query<{ guarded: boolean }>(`SELECT ${storedFormsGuardedSql} AS guarded`)).rows[0]?.guarded === true;

/**
 * Reads the selected events, canonicalises each as it arrives and hands it to `onEvent` with its hash input in the
 * sink. Stops handing on once `onEvent` answers false, or at a time in binary form that writeUtcTime leaves to
 * utcText; `complete` tells whether every event was handed on, `tuples` how many the read gave.
 */
const readEvents = async (
  pool: Pool,
  query: string,
  times: TimeForm,
  onEvent: (buffer: Buffer, fields: Int32Array, sink: ByteSink) => boolean,
): Promise<{ complete: boolean; tuples: number }> => {
  let walking = true;
  let tuples = 0;
  const sink = new ByteSink();
  const client = await pool.connect();
  try {
    await copyTuples(client, query, storedFieldCount, sink, (buffer, fields) => {
      tuples += 1;
      if (!walking) return;
      sink.truncate(hashLength);
      walking = writeCanonicalFormOfStored(sink, buffer, fields, times) && onEvent(sink.buffer, fields, sink);
    });
  } catch (error) {
    client.release(error instanceof Error ? error : true);
    throw error;
  }
  client.release();
  return { complete: walking, tuples };
};

/**
 * Walks the selected events. First in the order the server finds them, without ORDER BY, so that it sends each as
 * soon as it has read it: mostly the order rows were written in, which for events the store appended is each
 * stream's version order, and an event that comes before its predecessor is kept until it arrives. If that order
 * cannot be walked (see ChainWalk), or an event has a time the binary form does not serve, the walk starts again in
 * stream order with utcText's times, which always completes. `forms`: whether the stored forms are guarded.
 */
export const walkSelection = async (pool: Pool, selection: Selection, forms: boolean, start: () => ChainWalk): Promise<ChainWalk> => {
  const walk = start();
  const read = await readEvents(pool, `SELECT ${storedColumns('binary', forms)} FROM events WHERE ${selection}`, 'binary', (buffer, fields, sink) =>
    walk.event(buffer, fields, sink, false),
  );
  if (read.complete) {
    walk.finish();
    return walk;
  }
  const again = start();
  await readEvents(pool, `SELECT ${storedColumns('utc-text', forms)} FROM events WHERE ${selection} ${streamOrder}`, 'utc-text', (buffer, fields, sink) =>
    again.event(buffer, fields, sink, true),
  );
  return again;
};

/**
 * Walks the whole store in stream order, `batch` events a read, each read resuming after the last event walked (a
 * stream may span reads: the walk keeps its state). The stream-version index gives the order. Times are read in
 * binary form; from an event whose time that form does not serve, one read takes utcText's.
 */
export const walkStore = async (pool: Pool, batch: number): Promise<ChainWalk> => {
  const forms = await storedFormsGuarded(pool);
  const walk = new ChainWalk();
  let times: TimeForm = 'binary';
  for (;;) {
    const after = walk.last;
    const read = await readEvents(
      pool,
      `SELECT ${storedColumns(times, forms)} FROM events
       ${after ? `WHERE (stream_id, stream_version) > (${escapeLiteral(after.streamId)}, ${after.version})` : ''}
       ORDER BY events.stream_id, events.stream_version LIMIT ${batch}`,
      times,
      (buffer, fields, sink) => {
        if (!walk.event(buffer, fields, sink, true)) throw new Error('the store read in stream order came out of it');
        return true;
      },
    );
    if (!read.complete) {
      times = 'utc-text';
      continue;
    }
    times = 'binary';
    if (read.tuples < batch) return walk;
  }
};

/**
 * Each selected event's canonical form as verification computes it from times in the form given, and from the
 * stored forms or (`storedForms` false) the jsonb columns, by event id: for tests against canonicalForm. An event
 * whose time the binary form does not serve ends the read.
 */
export const canonicalFormsOf = async (
  pool: Pool,
  selection: Selection,
  times: TimeForm,
  storedForms: boolean,
): Promise<Map<string, string>> => {
  const forms = new Map<string, string>();
  await readEvents(pool, `SELECT ${storedColumns(times, storedForms)} FROM events WHERE ${selection}`, times, (buffer, fields, sink) => {
    forms.set(fieldText(buffer, fields, storedField.eventId), sink.buffer.toString('utf8', sink.base + hashLength, sink.at));
    return true;
  });
  return forms;
};

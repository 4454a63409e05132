import { Query, types, type CustomTypesConfig, type Pool } from 'pg';
import { chainStepHex, genesisHash } from './hash-chain';
import { hashedColumns } from './seal';
import { canonicalFormOfStored, type StoredEventText } from './stored-form';

export const genesisHex = genesisHash.toString('hex');

/**
 * What verification keeps of an event once it has read it. Each event is hashed as it arrives, on the stored hash of
 * the version before it when that one arrived first in the same read (32 zero bytes for version 1): `chainedOn` is
 * that hash and `matches` the outcome (or `digest`, for an event without a hash, whose successor chains on it).
 * Otherwise its canonical form is kept. ChainWalk (verify.ts) then puts each stream in version order and uses an
 * outcome only where the event before it in that order has exactly the hash it was computed on.
 */
export interface EventRecord {
  streamId: string;
  version: number;
  position: string;
  eventId: string;
  hash: string | null;
  chainedOn?: string;
  matches?: boolean;
  digest?: string;
  canonical?: string;
}

/** An event as verification reads it (see verificationTypes): the hash as hex. */
interface VerifiedRow extends StoredEventText {
  hash: string | null;
}

/**
 * The times as `AT TIME ZONE 'UTC'` prints them, which costs the server a fraction of utcText's to_char; isoUtcText
 * turns them into utcText's form.
 */
interface StreamedRow extends VerifiedRow {
  occurred_utc: string;
  recorded_utc: string;
}

/** The times exactly as utcText gives them (null for an infinite time). */
interface RereadRow extends VerifiedRow {
  occurred_text: string | null;
  recorded_text: string | null;
}

const streamedColumns = `global_position::text AS position_text, event_id::text, stream_id, stream_version, event_type,
  schema_version, data, metadata, occurred_at AT TIME ZONE 'UTC' AS occurred_utc, recorded_at AT TIME ZONE 'UTC' AS recorded_utc,
  hash`;

const isoUtc = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{1,6})?$/;

/**
 * utcText's form of a time that `AT TIME ZONE 'UTC'` printed in the ISO DateStyle with a four-digit year (the
 * same digits, `T` for the space, the microseconds that text leaves off trailing zeros restored, `Z`); undefined
 * for anything else (another DateStyle, a year past 9999 or BC, infinity), which is read again with utcText.
 */
const isoUtcText = (printed: string): string | undefined => {
  if (!isoUtc.test(printed)) return undefined;
  const padding = printed.length === 19 ? '.000000' : '000000'.slice(printed.length - 20);
  return `${printed.slice(0, 10)}T${printed.slice(11)}${padding}Z`;
};

const byteaOid = 17;
const timestampOid = 1114;
const jsonbOid = 3802;

const parseBytea = types.getTypeParser(byteaOid, 'text') as (text: string) => Buffer;

/** Hex as PostgreSQL prints bytea by default (`\x…`), without a buffer; in the older escape format, decoded. */
const byteaAsHex = (text: string): string => (text.startsWith('\\x') ? text.slice(2) : parseBytea(text).toString('hex'));

const asPrinted = (text: string): string => text;

/**
 * jsonb as the text PostgreSQL prints, which verification canonicalises without parsing; timestamps as printed
 * (isoUtcText reads them); bytea as hex; everything else as usual.
 */
const verificationTypes: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary'): ((text: string) => unknown) =>
    oid === jsonbOid || oid === timestampOid
      ? asPrinted
      : oid === byteaOid
        ? byteaAsHex
        : (types.getTypeParser(oid, format) as (text: string) => unknown)) as typeof types.getTypeParser,
};

/**
 * Runs a query and hands each row to `onRow` as it arrives, so the rows already received are hashed while the
 * database reads and sends the rest. An error thrown by `onRow` is kept until the query ends (thrown inside the
 * driver's socket handler it would be uncaught) and then thrown.
 */
const eachRow = async <Row extends VerifiedRow>(
  pool: Pool,
  text: string,
  values: unknown[],
  onRow: (row: Row) => void,
): Promise<void> => {
  const client = await pool.connect();
  let failure: { error: unknown } | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      const query = new Query<Row>({ text, values, types: verificationTypes });
      query.on('row', (row: Row) => {
        if (failure) return;
        try {
          onRow(row);
        } catch (error) {
          failure = { error };
        }
      });
      query.on('error', reject);
      query.on('end', () => resolve());
      client.query(query);
    });
  } catch (error) {
    client.release(error instanceof Error ? error : true);
    throw error;
  }
  client.release();
  if (failure) throw failure.error;
};

/** Turns rows into EventRecords as they arrive. */
class PartReader {
  readonly records: EventRecord[] = [];
  /** Per stream, the stored hash of each version that has arrived (null: it has none). */
  private readonly stored = new Map<string, (string | null)[]>();

  constructor(private readonly keepCanonical: boolean) {}

  add(row: VerifiedRow, occurredAt: string | null, recordedAt: string | null): void {
    const canonical = canonicalFormOfStored(row, occurredAt, recordedAt);
    let stored = this.stored.get(row.stream_id);
    if (!stored) {
      stored = [];
      this.stored.set(row.stream_id, stored);
    }
    const version = row.stream_version;
    const previous = version === 1 ? genesisHex : stored[version - 1];
    stored[version] = row.hash;
    const record: EventRecord = {
      streamId: row.stream_id,
      version,
      position: row.position_text,
      eventId: row.event_id,
      hash: row.hash,
    };
    if (typeof previous === 'string') {
      const digest = chainStepHex(previous, canonical);
      record.chainedOn = previous;
      if (row.hash === null) record.digest = digest;
      else record.matches = digest === row.hash;
    }
    if (previous === undefined || previous === null || this.keepCanonical) record.canonical = canonical;
    this.records.push(record);
  }
}

export interface Part {
  records: EventRecord[];
  /** The last row the query gave, for a caller that reads in batches. */
  last: { streamId: string; version: number } | undefined;
  rows: number;
}

/**
 * Reads the events a query selects (`SELECT … FROM events ${where}`, parameters `$1`…) and hashes each as it
 * arrives. An event whose times isoUtcText cannot read is read again afterwards with utcText: records may come in
 * any order. `keepCanonical` keeps every canonical form, for a walk that cannot trust the order the rows came in.
 */
export const readPart = async (pool: Pool, where: string, values: unknown[], keepCanonical = false): Promise<Part> => {
  const reader = new PartReader(keepCanonical);
  let rows = 0;
  let last: VerifiedRow | undefined;
  const reread: string[] = [];
  await eachRow<StreamedRow>(pool, `SELECT ${streamedColumns} FROM events ${where}`, values, (row) => {
    rows += 1;
    last = row;
    const occurredAt = isoUtcText(row.occurred_utc);
    const recordedAt = isoUtcText(row.recorded_utc);
    if (occurredAt === undefined || recordedAt === undefined) reread.push(row.position_text);
    else reader.add(row, occurredAt, recordedAt);
  });
  if (reread.length > 0) {
    await eachRow<RereadRow>(pool, `SELECT ${hashedColumns} FROM events WHERE global_position = ANY($1::bigint[])`, [reread], (row) =>
      reader.add(row, row.occurred_text, row.recorded_text),
    );
  }
  const end: VerifiedRow | undefined = last;
  return { records: reader.records, rows, last: end && { streamId: end.stream_id, version: end.stream_version } };
};

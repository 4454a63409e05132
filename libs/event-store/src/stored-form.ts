import type { ByteSink } from './byte-sink';
import { writeCanonicalJson } from './canonical-json';
import { hashScheme, utcText } from './hash-chain';

/**
 * A stored event as verification reads it by binary COPY (copy-binary.ts), one field per column below. Texts
 * (including the position, event id and schema version, cast so their bytes are the digits and hex the canonical
 * form holds) arrive as UTF-8 bytes, the version as a 32-bit integer, the hash as its 32 bytes. Data and metadata
 * arrive as their stored forms (texts) where the store guards those, and otherwise, or for an event still without
 * them, as jsonb: a version byte and its text. Times arrive either as timestamptz's binary form (microseconds since
 * 2000-01-01 UTC) or, when read again (see writeCanonicalFormOfStored), as utcText gives them.
 */
export const storedField = {
  position: 0,
  eventId: 1,
  streamId: 2,
  streamVersion: 3,
  type: 4,
  schemaVersion: 5,
  dataForm: 6,
  data: 7,
  metadataForm: 8,
  metadata: 9,
  occurredAt: 10,
  recordedAt: 11,
  hash: 12,
} as const;
export const storedFieldCount = 13;

export type TimeForm = 'binary' | 'utc-text';

/**
 * The columns of storedField. `forms`: whether the stored forms may be trusted (see storedFormsGuarded); each
 * jsonb column is read only where its form cannot serve, as printing jsonb is the costly part of a read.
 */
export const storedColumns = (times: TimeForm, forms: boolean): string =>
  'global_position::text, event_id::text, stream_id, stream_version, event_type, schema_version::text, ' +
  (forms
    ? 'data_form, CASE WHEN data_form IS NULL THEN data END, metadata_form, CASE WHEN metadata_form IS NULL THEN metadata END, '
    : 'NULL::text, data, NULL::text, metadata, ') +
  (times === 'binary' ? 'occurred_at, recorded_at' : `${utcText('occurred_at')}, ${utcText('recorded_at')}`) +
  ', hash';

const ascii = (text: string): Buffer => Buffer.from(text, 'latin1');

/**
 * The envelope between the fields, in canonicalForm's RFC 8785 member order (data, eventId, globalPosition,
 * metadata, occurredAt, recordedAt, schemaVersion, scheme, streamId, streamVersion, type).
 */
const parts = {
  data: ascii('{"data":'),
  eventId: ascii(',"eventId":"'),
  position: ascii('","globalPosition":"'),
  metadata: ascii('","metadata":'),
  occurredAt: ascii(',"occurredAt":'),
  recordedAt: ascii(',"recordedAt":'),
  schemaVersion: ascii(',"schemaVersion":'),
  scheme: ascii(`,"scheme":${JSON.stringify(hashScheme)},"streamId":`),
  streamVersion: ascii(',"streamVersion":'),
  type: ascii(',"type":'),
  end: ascii('}'),
  null: ascii('null'),
};

const quote = 0x22;
const jsonbVersion = 1;

const fieldStart = (fields: Int32Array, field: number): number => fields[field * 2] as number;
const fieldLength = (fields: Int32Array, field: number): number => fields[field * 2 + 1] as number;

/** The field's bytes as they stand: texts of digits, hex and `-`, which JSON writes unescaped. */
const copyField = (sink: ByteSink, buffer: Buffer, fields: Int32Array, field: number): void => {
  const start = fieldStart(fields, field);
  sink.copy(buffer, start, start + fieldLength(fields, field));
};

/** JSON.stringify of a text field: its bytes between quotes unless it holds something JSON escapes. */
const jsonStringField = (sink: ByteSink, buffer: Buffer, fields: Int32Array, field: number): void => {
  const start = fieldStart(fields, field);
  const end = start + fieldLength(fields, field);
  for (let index = start; index < end; index += 1) {
    const code = buffer[index] as number;
    if (code < 0x20 || code === quote || code === 0x5c) {
      sink.text(JSON.stringify(buffer.toString('utf8', start, end)));
      return;
    }
  }
  sink.byte(quote);
  sink.copy(buffer, start, end);
  sink.byte(quote);
};

/** Data or metadata: its stored form as it stands, or its jsonb canonicalised where there is no form. */
const jsonField = (sink: ByteSink, buffer: Buffer, fields: Int32Array, form: number, jsonb: number): void => {
  if (fieldLength(fields, form) !== -1) {
    copyField(sink, buffer, fields, form);
    return;
  }
  const start = fieldStart(fields, jsonb);
  if (buffer[start] !== jsonbVersion) throw new Error(`jsonb in binary format version ${buffer[start]}, expected ${jsonbVersion}`);
  writeCanonicalJson(buffer, start + 1, start + fieldLength(fields, jsonb), sink);
};

const microsPerDay = 86_400_000_000;
/** 2000-01-01, timestamptz's epoch, in days since 1970-01-01. */
const postgresEpochDay = 10_957;
/** Times further from 2000 than this (about 142 years) are read again: their microseconds are not exact as doubles. */
const largestHigh = 2 ** 20;

/** "00" to "99" as bytes, two a number: times are written two digits at a time. */
const digitPairs = Buffer.from(Array.from({ length: 100 }, (_, value) => String(value).padStart(2, '0')).join(''), 'latin1');

const pair = (buffer: Buffer, at: number, value: number): void => {
  buffer[at] = digitPairs[value * 2] as number;
  buffer[at + 1] = digitPairs[value * 2 + 1] as number;
};

/**
 * The date part (`YYYY-MM-DD`) of the latest day written: consecutive events mostly fall on one day, and the
 * civil date (Howard Hinnant's days-to-civil algorithm) costs more than copying its ten bytes.
 */
const dayCache = { days: Number.NaN, text: Buffer.alloc(10) };

const writeDate = (days: number): void => {
  const shifted = days + postgresEpochDay + 719_468;
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const text = dayCache.text;
  pair(text, 0, Math.floor(year / 100));
  pair(text, 2, year % 100);
  text[4] = 0x2d;
  pair(text, 5, month);
  text[7] = 0x2d;
  pair(text, 8, day);
  dayCache.days = days;
};

/**
 * A timestamptz in binary form as utcText prints it (`"2026-11-22T10:00:00.123456Z"`, 29 bytes with the quotes).
 * Answers false, writing nothing, for a time it does not write (far from 2000, or infinite), which the caller
 * reads again with utcText.
 */
export const writeUtcTime = (sink: ByteSink, buffer: Buffer, start: number): boolean => {
  const high = buffer.readInt32BE(start);
  if (high >= largestHigh || high < -largestHigh) return false;
  const micros = high * 4_294_967_296 + buffer.readUInt32BE(start + 4);
  const days = Math.floor(micros / microsPerDay);
  const ofDay = micros - days * microsPerDay;
  if (days !== dayCache.days) writeDate(days);
  sink.reserve(29);
  const out = sink.buffer;
  const at = sink.at;
  out[at] = quote;
  const date = dayCache.text;
  for (let index = 0; index < 10; index += 1) out[at + 1 + index] = date[index] as number;
  const seconds = Math.floor(ofDay / 1_000_000);
  const fraction = ofDay - seconds * 1_000_000;
  out[at + 11] = 0x54;
  pair(out, at + 12, (seconds / 3600) | 0);
  out[at + 14] = 0x3a;
  pair(out, at + 15, ((seconds % 3600) / 60) | 0);
  out[at + 17] = 0x3a;
  pair(out, at + 18, seconds % 60);
  out[at + 20] = 0x2e;
  pair(out, at + 21, (fraction / 10_000) | 0);
  pair(out, at + 23, ((fraction / 100) | 0) % 100);
  pair(out, at + 25, fraction % 100);
  out[at + 27] = 0x5a;
  out[at + 28] = quote;
  sink.at = at + 29;
  return true;
};

const timeField = (sink: ByteSink, buffer: Buffer, fields: Int32Array, field: number, times: TimeForm): boolean => {
  const length = fieldLength(fields, field);
  if (times === 'binary') return length === 8 && writeUtcTime(sink, buffer, fieldStart(fields, field));
  // utcText gives null for an infinite time.
  if (length === -1) sink.bytes(parts.null);
  else {
    sink.byte(quote);
    copyField(sink, buffer, fields, field);
    sink.byte(quote);
  }
  return true;
};

/**
 * Appends to the sink canonicalForm of a stored event (hash-chain.ts) from its fields: the same bytes as the UTF-8
 * of that string (see canonical-json.ts and verify.int.spec.ts). Versions are integers, so ECMAScript's number
 * text is their decimal digits. Answers false, leaving the sink as it found it, when a time in binary form is one
 * writeUtcTime leaves to utcText.
 */
export const writeCanonicalFormOfStored = (sink: ByteSink, buffer: Buffer, fields: Int32Array, times: TimeForm): boolean => {
  const start = sink.length;
  sink.bytes(parts.data);
  jsonField(sink, buffer, fields, storedField.dataForm, storedField.data);
  sink.bytes(parts.eventId);
  copyField(sink, buffer, fields, storedField.eventId);
  sink.bytes(parts.position);
  copyField(sink, buffer, fields, storedField.position);
  sink.bytes(parts.metadata);
  jsonField(sink, buffer, fields, storedField.metadataForm, storedField.metadata);
  sink.bytes(parts.occurredAt);
  let written = timeField(sink, buffer, fields, storedField.occurredAt, times);
  sink.bytes(parts.recordedAt);
  written = written && timeField(sink, buffer, fields, storedField.recordedAt, times);
  if (!written) {
    sink.truncate(start);
    return false;
  }
  sink.bytes(parts.schemaVersion);
  copyField(sink, buffer, fields, storedField.schemaVersion);
  sink.bytes(parts.scheme);
  jsonStringField(sink, buffer, fields, storedField.streamId);
  sink.bytes(parts.streamVersion);
  sink.digits(buffer.readInt32BE(fieldStart(fields, storedField.streamVersion)));
  sink.bytes(parts.type);
  jsonStringField(sink, buffer, fields, storedField.type);
  sink.bytes(parts.end);
  return true;
};

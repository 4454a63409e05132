import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';

/**
 * The hash chain. Each event's hash is SHA-256 over the previous event's hash in its stream (32 zero bytes for the
 * first) followed by the UTF-8 of the event's canonical form: an RFC 8785 (JCS) serialisation of every field an
 * auditor relies on. Anyone holding the rows can recompute it with any JCS implementation and SHA-256.
 */
export const hashScheme = 'cls-event-sha256-jcs/1';

export const genesisHash: Buffer = Buffer.alloc(32);

/**
 * Timestamps enter the hash as the database holds them, to the microsecond, in UTC: `2026-11-22T10:00:00.123456Z`.
 * Both the append and every verifier format them with this one expression, so a value never drifts between
 * what was hashed and what is stored.
 */
export const utcText = (expression: string): string =>
  `to_char((${expression}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** An event exactly as stored, with the timestamps as `utcText` gives them. */
export interface HashedFields {
  eventId: string;
  streamId: string;
  streamVersion: number;
  globalPosition: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: unknown;
  occurredAt: string;
  recordedAt: string;
}

/** A JSON value's RFC 8785 text: the form in which an event's data and metadata are stored beside their jsonb. */
export const jsonForm = (value: unknown): string => {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('a value with no JSON form');
  return text;
};

export const canonicalForm = (event: HashedFields): string => {
  const text = canonicalize({
    scheme: hashScheme,
    eventId: event.eventId,
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    globalPosition: event.globalPosition,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: event.metadata,
    occurredAt: event.occurredAt,
    recordedAt: event.recordedAt,
  });
  if (text === undefined) throw new Error(`event ${event.eventId} has no canonical form`);
  return text;
};

/** SHA-256 over the previous hash and a canonical form, the one step of the chain. */
export const chainStep = (previous: Buffer, canonical: string): Buffer =>
  createHash('sha256').update(previous).update(canonical, 'utf8').digest();

export const eventHash = (previous: Buffer, event: HashedFields): Buffer => chainStep(previous, canonicalForm(event));

/** A digest over a previous digest and any JSON value's canonical form: checkpoints chain with it. */
export const chainedDigest = (previous: Buffer, content: unknown): Buffer =>
  createHash('sha256').update(previous).update(jsonForm(content), 'utf8').digest();

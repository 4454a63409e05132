import { canonicalJsonText } from './canonical-json';
import { hashScheme } from './hash-chain';

/**
 * A stored event's columns as verification reads them: `data` and `metadata` as the JSON text PostgreSQL prints;
 * the event id, position and versions as it prints a uuid, a bigint and integers, texts with nothing JSON escapes
 * (hex digits, digits, `-`).
 */
export interface StoredEventText {
  position_text: string;
  event_id: string;
  stream_id: string;
  stream_version: number;
  event_type: string;
  schema_version: number;
  data: string;
  metadata: string;
}

/** JSON.stringify of a text with nothing to escape, without looking for something to escape. */
const plain = (text: string | null): string => (text === null ? 'null' : `"${text}"`);

const schemeText = JSON.stringify(hashScheme);

/**
 * canonicalForm of a stored event, from the text of its columns and its times as utcText gives them (digits, `-`,
 * `T`, `:`, `.`, `Z`; null for an infinite time): the same string (see canonical-json.ts and verify.int.spec.ts),
 * with the envelope's members written in their RFC 8785 order (data, eventId, globalPosition, metadata,
 * occurredAt, recordedAt, schemaVersion, scheme, streamId, streamVersion, type). Versions are integers, so
 * ECMAScript's number text is their decimal digits.
 */
export const canonicalFormOfStored = (event: StoredEventText, occurredAt: string | null, recordedAt: string | null): string =>
  `{"data":${canonicalJsonText(event.data)},"eventId":${plain(event.event_id)},` +
  `"globalPosition":${plain(event.position_text)},"metadata":${canonicalJsonText(event.metadata)},` +
  `"occurredAt":${plain(occurredAt)},"recordedAt":${plain(recordedAt)},` +
  `"schemaVersion":${event.schema_version},"scheme":${schemeText},"streamId":${JSON.stringify(event.stream_id)},` +
  `"streamVersion":${event.stream_version},"type":${JSON.stringify(event.event_type)}}`;

import { StoredEvent } from '@cls/domain';
import type { IHeaders, KafkaMessage, Message } from 'kafkajs';
import { z } from 'zod';

/**
 * Every stream belongs to one contracting process and names it: `<kind>-<process uuid>` or
 * `<kind>-<process uuid>.<suffix>` (contract-…, tender-….1, plan-….2, placement-….3). The event store derives its
 * process_id column with the same pattern.
 */
const processStream = /^[a-z]+-([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})(?:\.|$)/;

const processIdOrUndefined = (streamId: string): string | undefined => processStream.exec(streamId)?.[1]?.toLowerCase();

/**
 * The Kafka key of an event: its contracting process id, so every stream of one process (the contract, its
 * tenders, plans and placements) lands on one partition, in order.
 */
export const processIdOfStream = (streamId: string): string => {
  const processId = processIdOrUndefined(streamId);
  if (processId === undefined) throw new Error(`Stream ${streamId} does not name a contracting process (<kind>-<uuid>[.<suffix>])`);
  return processId;
};

/** Copies of envelope fields, so consumers can route or filter without parsing the value. */
export const contractEventHeaders = {
  eventType: 'event-type',
  schemaVersion: 'schema-version',
  correlationId: 'correlation-id',
  causationId: 'causation-id',
  eventId: 'event-id',
  globalPosition: 'global-position',
} as const;

const headersOf = (event: StoredEvent): Record<string, string> => ({
  [contractEventHeaders.eventType]: event.type,
  [contractEventHeaders.schemaVersion]: String(event.schemaVersion),
  [contractEventHeaders.correlationId]: event.metadata.correlationId,
  [contractEventHeaders.causationId]: event.metadata.causationId,
  [contractEventHeaders.eventId]: event.eventId,
  [contractEventHeaders.globalPosition]: event.globalPosition,
});

/** Only the envelope's own fields are published: readers of the store may carry extras (a transaction id). */
const envelopeOf = (event: StoredEvent): StoredEvent => ({
  eventId: event.eventId,
  type: event.type,
  schemaVersion: event.schemaVersion,
  streamId: event.streamId,
  streamVersion: event.streamVersion,
  globalPosition: event.globalPosition,
  data: event.data,
  metadata: event.metadata,
});

export const encodeContractEvent = (event: StoredEvent): Message => ({
  key: processIdOfStream(event.streamId),
  value: JSON.stringify(envelopeOf(event)),
  headers: headersOf(event),
  timestamp: String(Date.parse(event.metadata.recordedAt)),
});

export type DecodedContractEvent =
  /** `contractId` is the contracting process id: the contract's id, which its tenders, plans and placements share. */
  | { ok: true; contractId: string; event: StoredEvent }
  | { ok: false; reason: string };

const header = z.string().min(1);
const HeaderValues = z.object({
  [contractEventHeaders.eventType]: header,
  [contractEventHeaders.schemaVersion]: header,
  [contractEventHeaders.correlationId]: header,
  [contractEventHeaders.causationId]: header,
  [contractEventHeaders.eventId]: header,
  [contractEventHeaders.globalPosition]: header,
});

const textOf = (value: Buffer | string | null | undefined): string | undefined =>
  value === null || value === undefined ? undefined : value.toString();

/** A header given twice is ambiguous: it is left out, so the message fails validation instead of guessing. */
const singleHeaders = (headers: IHeaders | undefined): Record<string, string> => {
  const single: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (Array.isArray(value)) continue;
    const text = textOf(value);
    if (text !== undefined) single[name] = text;
  }
  return single;
};

const summarise = (error: z.ZodError): string =>
  error.issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`).join('; ');

/**
 * Validates a message from the contract events topic, which carries every stream of every contracting process.
 * The value is the source of truth; the key and headers must agree with it, since consumers partition and filter
 * by them and a disagreement means a broken producer.
 * Never throws: a message that fails is the caller's to dead-letter.
 */
export const decodeContractEvent = (message: Pick<KafkaMessage, 'key' | 'value' | 'headers'>): DecodedContractEvent => {
  const text = textOf(message.value);
  if (text === undefined) return { ok: false, reason: 'message has no value' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `value is not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  const parsed = StoredEvent.safeParse(json);
  if (!parsed.success) return { ok: false, reason: `value is not a stored event envelope: ${summarise(parsed.error)}` };
  const event = parsed.data;

  const contractId = processIdOrUndefined(event.streamId);
  if (contractId === undefined) return { ok: false, reason: `stream ${event.streamId} does not name a contracting process` };
  const key = textOf(message.key);
  if (key !== contractId) return { ok: false, reason: `key ${key ?? '(none)'} is not the process id ${contractId}` };

  const headers = HeaderValues.safeParse(singleHeaders(message.headers));
  if (!headers.success) return { ok: false, reason: `headers are missing or repeated: ${summarise(headers.error)}` };
  const received: Record<string, string> = headers.data;
  const disagreeing = Object.entries(headersOf(event))
    .filter(([name, value]) => received[name] !== value)
    .map(([name]) => name);
  if (disagreeing.length > 0) return { ok: false, reason: `headers disagree with the value: ${disagreeing.join(', ')}` };

  return { ok: true, contractId, event };
};

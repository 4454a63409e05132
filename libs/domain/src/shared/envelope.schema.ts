import { z } from 'zod';

export const Role = z.enum([
  'commissioner',
  'contract-manager',
  'lead-professional',
  'evaluator',
  'budget-holder',
  'provider',
  'finance',
  'governance',
  'system',
]);
export type Role = z.infer<typeof Role>;

export const Actor = z.object({
  id: z.string().min(1).max(200),
  role: Role,
  organisation: z.string().min(1).max(200),
});
export type Actor = z.infer<typeof Actor>;

/** The system actor used for facts the workflow records on its own (timers firing, deadlines passing). */
export const systemActor = (organisation: string): Actor => ({ id: 'system', role: 'system', organisation });

const IsoInstant = z.iso.datetime({ offset: true });

/** What every event carries besides its data. `recordedAt` is the database's clock and exists only once stored. */
export const EventMetadata = z.object({
  actor: Actor,
  reason: z.string().min(1).max(4000).optional(),
  correlationId: z.string().min(1).max(200),
  causationId: z.string().min(1).max(200),
  occurredAt: IsoInstant,
  /**
   * The W3C trace context of the command's work that stored the event (its activity's span), so the relay and
   * consumers continue the command's trace. Absent on events stored before tracing and from untraced writers.
   */
  traceparent: z.string().regex(/^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/, 'a W3C traceparent').optional(),
  tracestate: z.string().max(512).optional(),
});
export type EventMetadata = z.infer<typeof EventMetadata>;

export const StoredEventMetadata = EventMetadata.extend({ recordedAt: IsoInstant });
export type StoredEventMetadata = z.infer<typeof StoredEventMetadata>;

/** An event decided by a workflow and not yet stored: its id is fixed before the append so retries are idempotent. */
export const PendingEvent = z.object({
  eventId: z.uuid(),
  type: z.string().min(1),
  schemaVersion: z.number().int().positive(),
  data: z.record(z.string(), z.unknown()),
  metadata: EventMetadata,
});
export type PendingEvent = z.infer<typeof PendingEvent>;

export const StoredEvent = PendingEvent.extend({
  streamId: z.string().min(1),
  streamVersion: z.number().int().positive(),
  /** A bigint in PostgreSQL; carried as a decimal string so no precision is lost in JSON. */
  globalPosition: z.string().regex(/^\d+$/),
  metadata: StoredEventMetadata,
});
export type StoredEvent = z.infer<typeof StoredEvent>;

/** Who is asking, and the ids that tie what they ask to what it causes. */
export const CommandContext = z.object({
  commandId: z.string().min(1).max(200),
  correlationId: z.string().min(1).max(200),
  actor: Actor,
  /** The decider never reads a clock: the caller passes the time (the workflow's, in production). */
  now: IsoInstant,
});
export type CommandContext = z.infer<typeof CommandContext>;

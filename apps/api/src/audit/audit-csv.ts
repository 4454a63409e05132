import type { AuditEvent } from '@cls/event-store';
import { stringify } from 'csv-stringify/sync';

export type ExtraColumns = Readonly<Record<string, (event: AuditEvent) => unknown>>;

const cell = (value: unknown): string => {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return value.toString();
  return JSON.stringify(value);
};

const baseColumns: ExtraColumns = {
  globalPosition: (event) => event.globalPosition,
  recordedAt: (event) => event.metadata.recordedAt,
  occurredAt: (event) => event.metadata.occurredAt,
  processId: (event) => event.processId,
  streamId: (event) => event.streamId,
  streamVersion: (event) => event.streamVersion,
  type: (event) => event.type,
  schemaVersion: (event) => event.schemaVersion,
  actorId: (event) => event.metadata.actor.id,
  actorRole: (event) => event.metadata.actor.role,
  actorOrganisation: (event) => event.metadata.actor.organisation,
  reason: (event) => event.metadata.reason,
  correlationId: (event) => event.metadata.correlationId,
  causationId: (event) => event.metadata.causationId,
  eventId: (event) => event.eventId,
  hash: (event) => event.hash,
};

/** One row per event, the envelope in columns and the data as JSON in the last, so a spreadsheet holds it all. */
export const eventsCsv = (events: readonly AuditEvent[], extra: ExtraColumns = {}): string => {
  const columns: ExtraColumns = { ...baseColumns, ...extra, data: (event) => event.data };
  const names = Object.keys(columns);
  return stringify(
    events.map((event) => names.map((name) => cell(columns[name]?.(event)))),
    // Free text from users reaches these cells: a leading = + - @ must not run as a spreadsheet formula.
    { header: true, columns: names, escape_formulas: true },
  );
};

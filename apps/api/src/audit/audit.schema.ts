import { StoredEvent } from '@cls/domain';
import { QueryInstant } from '@cls/http';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { knownEventTypes } from './event-types';
import { governanceViewNames, PlanStatus } from './governance-views';

/**
 * Any query parameter not declared is refused by name, so a misspelt filter never silently widens a query. (A
 * strict object would name none of them: its one issue has no path.)
 */
const knownParametersOnly =
  (shape: Readonly<Record<string, unknown>>) =>
  (query: Readonly<Record<string, unknown>>, context: z.RefinementCtx): void => {
    for (const key of Object.keys(query)) {
      if (!Object.hasOwn(shape, key)) context.addIssue({ code: 'custom', path: [key], message: 'is not a known parameter' });
    }
  };

/** A query object whose unknown parameters are refused, each by its name. */
const query = <Shape extends z.ZodRawShape>(shape: Shape) => z.looseObject(shape).superRefine(knownParametersOnly(shape));

const Instant = QueryInstant;

/** `type=A&type=B` or `type=A,B`; every name must be an event type the domain declares. */
const EventTypes = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => (Array.isArray(value) ? value : [value]).flatMap((part) => part.split(',')).map((part) => part.trim()))
  .pipe(
    z
      .array(z.string().min(1, 'must not be empty').max(200))
      .min(1)
      .max(50)
      .superRefine((types, context) => {
        const unknown = types.filter((type) => !knownEventTypes.has(type));
        if (unknown.length > 0) context.addIssue({ code: 'custom', message: `unknown event types: ${unknown.join(', ')}` });
      }),
  );

const Page = {
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().min(1).max(1000).optional(),
  format: z.enum(['json', 'csv']).optional(),
};

const Filters = {
  actor: z.string().trim().min(1).max(200).optional(),
  provider: z.string().trim().min(1).max(200).optional(),
  from: Instant.optional(),
  to: Instant.optional(),
};

const periodInOrder = <T extends { from?: string | undefined; to?: string | undefined }>(query: T, context: z.RefinementCtx) => {
  if (query.from && query.to && Date.parse(query.from) >= Date.parse(query.to)) {
    context.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
  }
};

export const TimelineQuery = query({ ...Page, ...Filters, type: EventTypes.optional() }).superRefine(periodInOrder);
export class TimelineQueryDto extends createZodDto(TimelineQuery) {}
export type TimelineQuery = z.infer<typeof TimelineQuery>;

/** The governance search across processes: the timeline's filters, over every process the reader may see. */
export const AuditEventsQuery = TimelineQuery;
export class AuditEventsQueryDto extends createZodDto(AuditEventsQuery) {}

/** A named view fixes the event types itself; the other filters narrow it, and `status` a view that has one. */
export const GovernanceViewQuery = query({ ...Page, ...Filters, status: z.enum(PlanStatus).optional() }).superRefine(periodInOrder);
export class GovernanceViewQueryDto extends createZodDto(GovernanceViewQuery) {}
export type GovernanceViewQuery = z.infer<typeof GovernanceViewQuery>;

/**
 * `at`, by `time`: `recorded` (the default), the contract as the record stood then; `occurred`, as things stood in
 * the business then (each event's occurredAt, the workflow's clock), whenever they were recorded.
 */
export const AsOfQuery = query({
  at: Instant.describe('The instant; an event’s own recordedAt or occurredAt, as the API prints it, includes that event'),
  time: z
    .enum(['recorded', 'occurred'])
    .default('recorded')
    .describe('Which time `at` is: `recorded` (the database’s, the default) or `occurred` (the business time of each event)'),
});
export class AsOfQueryDto extends createZodDto(AsOfQuery) {}

export const ProcessParams = z.object({ contractId: z.uuid() });
export class ProcessParamsDto extends createZodDto(ProcessParams) {}

export const ViewParams = z.object({ view: z.enum(governanceViewNames) });
export class ViewParamsDto extends createZodDto(ViewParams) {}

/** An event as the audit trail answers it: the stored event, its process and its hash in the stream's chain. */
export const AuditEventResponse = StoredEvent.extend({
  processId: z.uuid(),
  hash: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
});

export const EventPageResponse = z.object({
  events: z.array(AuditEventResponse),
  order: z.enum(['asc', 'desc']),
  limit: z.number().int().min(1).max(500),
  nextCursor: z.string().optional().describe('Pass it back as `cursor` with the same query for the next page'),
});
export class EventPageDto extends createZodDto(EventPageResponse) {}

import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { Cursor, Instant, keysetPage, Limit, query } from '../http/query';
import { GovernanceDecisionKinds, GovernanceEntry } from './governance-log.projection';

/** `kind=A&kind=B` or `kind=A,B`; each one of the log's kinds. */
const Kinds = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => (Array.isArray(value) ? value : [value]).flatMap((part) => part.split(',')).map((part) => part.trim()))
  .pipe(z.array(z.enum(GovernanceDecisionKinds)).min(1).max(GovernanceDecisionKinds.length));

export const GovernanceLogQuery = query({
  kind: Kinds.optional(),
  contractId: z.uuid().optional(),
  actor: z.string().trim().min(1).max(200).optional(),
  /** occurredAt in [from, to). */
  from: Instant.optional(),
  to: Instant.optional(),
  limit: Limit,
  cursor: Cursor(z.tuple([z.string().regex(/^\d+$/)])).optional(),
}).superRefine((given, context) => {
  if (given.from && given.to && Date.parse(given.from) >= Date.parse(given.to)) {
    context.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
  }
});
export type GovernanceLogQuery = z.infer<typeof GovernanceLogQuery>;
export class GovernanceLogQueryDto extends createZodDto(GovernanceLogQuery) {}

/** An entry of the log with the process it belongs to, by which readers are told apart. */
export const GovernanceLogEntry = GovernanceEntry.extend({
  contractId: z.uuid(),
  organisation: z.string(),
  providerOrganisation: z.string().nullable(),
});
export type GovernanceLogEntry = z.infer<typeof GovernanceLogEntry>;

export const GovernanceLogPage = keysetPage(GovernanceLogEntry);
export type GovernanceLogPage = z.infer<typeof GovernanceLogPage>;
export class GovernanceLogPageDto extends createZodDto(GovernanceLogPage) {}

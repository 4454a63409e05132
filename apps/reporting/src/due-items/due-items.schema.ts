import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { Cursor, Instant, IsoDay, Limit, query } from '../http/query';

/** Open items due from today to seven or thirty days on, or already past their due day. */
export const DueWindow = z.enum(['next-7-days', 'next-30-days', 'overdue']);
export type DueWindow = z.infer<typeof DueWindow>;

export const DueItemsQuery = query({
  window: DueWindow.optional(),
  /** The instant "today" is taken from; the clock's, when absent. */
  now: Instant.optional(),
  kind: z.enum(['return', 'review', 'plan-milestone']).optional(),
  contractId: z.uuid().optional(),
  limit: Limit,
  cursor: Cursor(z.tuple([IsoDay, z.string(), z.string()])).optional(),
});
export type DueItemsQuery = z.infer<typeof DueItemsQuery>;
export class DueItemsQueryDto extends createZodDto(DueItemsQuery) {}

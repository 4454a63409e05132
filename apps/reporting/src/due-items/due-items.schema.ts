import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { Cursor, Instant, IsoDay, keysetPage, Limit, query } from '../http/query';
import { DueItemKind } from './due-items.projection';

/** Open items due from today to seven or thirty days on, or already past their due day. */
export const DueWindow = z.enum(['next-7-days', 'next-30-days', 'overdue']);
export type DueWindow = z.infer<typeof DueWindow>;

export const DueItemsQuery = query({
  window: DueWindow.optional(),
  /** The instant "today" is taken from; the clock's, when absent. */
  now: Instant.optional(),
  kind: DueItemKind.optional(),
  contractId: z.uuid().optional(),
  limit: Limit,
  cursor: Cursor(z.tuple([IsoDay, z.string(), z.string()])).optional(),
});
export type DueItemsQuery = z.infer<typeof DueItemsQuery>;
export class DueItemsQueryDto extends createZodDto(DueItemsQuery) {}

export const DueItemView = z.object({
  contractId: z.uuid(),
  itemId: z.string().describe('`return:<periodId>`, `review:<reviewId>` or `milestone:<planId>:<actionId>`'),
  kind: DueItemKind,
  description: z.string(),
  dueOn: IsoDay,
  overdue: z.boolean().describe('Past its due day as of the listing’s day'),
  overdueOn: IsoDay.nullable().describe('The day the workflow recorded it overdue or missed, if it has'),
});
export type DueItemView = z.infer<typeof DueItemView>;

export const DueItemsPage = keysetPage(DueItemView).extend({
  asOf: IsoDay.describe('The day the listing is as of'),
  window: DueWindow.nullable(),
});
export type DueItemsPage = z.infer<typeof DueItemsPage>;
export class DueItemsPageDto extends createZodDto(DueItemsPage) {}

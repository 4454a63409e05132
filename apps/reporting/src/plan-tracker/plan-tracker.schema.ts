import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { Cursor, IsoDay, Limit, query } from '../http/query';

export const PlanListQuery = query({
  status: z.enum(['open', 'closed']).optional(),
  /** Only plans with a missed milestone (true) or none (false). */
  slipping: z.enum(['true', 'false']).transform((value) => value === 'true').optional(),
  contractId: z.uuid().optional(),
  limit: Limit,
  cursor: Cursor(z.tuple([IsoDay, z.string()])).optional(),
});
export type PlanListQuery = z.infer<typeof PlanListQuery>;
export class PlanListQueryDto extends createZodDto(PlanListQuery) {}

export const PlanParams = z.object({ planId: z.string().trim().min(1).max(200) });
export class PlanParamsDto extends createZodDto(PlanParams) {}

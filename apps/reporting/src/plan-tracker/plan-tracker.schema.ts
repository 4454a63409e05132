import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { Cursor, IsoDay, keysetPage, Limit, query } from '../http/query';
import { TrackedPlan } from './plan-tracker.projection';

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

/** A tracked plan with the process it belongs to, and how many of its milestones were missed. */
export const TrackedPlanView = TrackedPlan.extend({
  contractId: z.uuid(),
  organisation: z.string(),
  missedMilestones: z.number().int().min(0),
});
export type TrackedPlanView = z.infer<typeof TrackedPlanView>;
export class TrackedPlanViewDto extends createZodDto(TrackedPlanView) {}

export const PlanPage = keysetPage(TrackedPlanView);
export type PlanPage = z.infer<typeof PlanPage>;
export class PlanPageDto extends createZodDto(PlanPage) {}

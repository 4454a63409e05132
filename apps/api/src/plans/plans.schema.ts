import { AgreeActions, ClosePlan, RecordActionProgress, ReviewPlan } from '@cls/domain';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

/** Why a person decided: recorded in the event's metadata for the governance trail. */
const Reason = z.string().trim().min(1).max(4000).optional();
const body = <Shape extends z.ZodRawShape>(schema: z.ZodObject<Shape>) => schema.extend({ reason: Reason }).strict();

export class AgreeActionsDto extends createZodDto(body(AgreeActions.shape.data)) {}
export class RecordActionProgressDto extends createZodDto(body(RecordActionProgress.shape.data.omit({ actionId: true }))) {}
export class ReviewPlanDto extends createZodDto(body(ReviewPlan.shape.data)) {}
/** The closing note is the decision's reason: it is recorded as the event's reason. */
export class ClosePlanDto extends createZodDto(ClosePlan.shape.data.strict()) {}

/** `<contractId>.<n>`: the contracting process and the plan's number within it. */
export const PlanId = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.[1-9][0-9]{0,3}$/, 'must be <contractId>.<n>');
export class PlanParamsDto extends createZodDto(z.object({ planId: PlanId })) {}
export class ActionParamsDto extends createZodDto(z.object({ planId: PlanId, actionId: z.string().trim().min(1).max(200) })) {}

import { z } from 'zod';
import { Remedy } from '../contract/vocabulary';
import { PlanAction, PlanApproach, PlanContractContext, PlanOutcome, PlanTrigger } from './plan.events';

const Text = (max: number) => z.string().trim().min(1).max(max);

/**
 * Opens the contract's nth corrective action plan. The caller (the contract workflow) passes what the plan needs
 * to know of its contract in `contract`: who may act on it, and which remedies the contract's terms grant.
 */
export const OpenPlan = z.object({
  type: z.literal('OpenPlan'),
  data: z.object({
    contractId: z.uuid(),
    sequence: z.number().int().positive().max(10_000),
    contract: PlanContractContext,
    trigger: PlanTrigger,
    approach: PlanApproach,
    problem: Text(4000),
    causeAnalysis: Text(4000).optional(),
    /** Punitive plans only: the remedies applied, each granted by the contract. */
    remedies: z.array(Remedy).max(Remedy.options.length).default([]),
    additionalMonitoring: Text(4000).optional(),
    support: Text(4000).optional(),
  }),
});

/** Records actions purchaser and provider have agreed, each with an owner and a due date. */
export const AgreeActions = z.object({
  type: z.literal('AgreeActions'),
  data: z.object({ actions: z.array(PlanAction).min(1).max(50) }),
});

/** Progress on an action: still in progress, completed, or closed as not completed (contract manager only). */
export const RecordActionProgress = z.object({
  type: z.literal('RecordActionProgress'),
  data: z.object({
    actionId: z.string().trim().min(1).max(200),
    status: z.enum(['in-progress', 'completed', 'not-completed']),
    note: Text(4000),
    percentComplete: z.number().min(0).max(100).optional(),
  }),
});

/** Given by the workflow's milestone timer only: an action's due date has passed without it being completed. */
export const MissMilestone = z.object({
  type: z.literal('MissMilestone'),
  data: z.object({ actionId: z.string().trim().min(1).max(200) }),
});

export const ReviewPlan = z.object({
  type: z.literal('ReviewPlan'),
  data: z.object({ outcomeNotes: Text(8000) }),
});

/** Given by the workflow's escalation timer only: the plan climbs one step of the policy's ladder. */
export const EscalatePlan = z.object({
  type: z.literal('EscalatePlan'),
  data: z.object({}),
});

export const ClosePlan = z.object({
  type: z.literal('ClosePlan'),
  data: z.object({ outcome: PlanOutcome, note: Text(4000) }),
});

export const PlanCommand = z.discriminatedUnion('type', [
  OpenPlan,
  AgreeActions,
  RecordActionProgress,
  MissMilestone,
  ReviewPlan,
  EscalatePlan,
  ClosePlan,
]);
export type PlanCommand = z.infer<typeof PlanCommand>;
export type PlanCommandInput = z.input<typeof PlanCommand>;
export type PlanCommandType = PlanCommand['type'];

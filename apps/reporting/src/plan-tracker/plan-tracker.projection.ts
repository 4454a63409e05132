import { assertNever, PlanAction, PlanApproach, PlanOutcome, PlanTrigger } from '@cls/domain';
import { z } from 'zod';
import { IsoDay } from '../http/query';
import type { ProcessEvent } from '../projections/event-data';
import type { EventFacts, ProcessDocument, ProcessProjection } from '../projections/process-projection';

// A plan is stored as the tracker folds it and answered as it is stored: one schema says both.

export const TrackedActionStatus = z.enum(['open', 'completed', 'not-completed']);
export type TrackedActionStatus = z.infer<typeof TrackedActionStatus>;

/** An agreed action, and how it is going. */
export const TrackedAction = PlanAction.extend({
  status: TrackedActionStatus,
  percentComplete: z.number().min(0).max(100).nullable(),
  completedOn: IsoDay.nullable(),
  late: z.boolean(),
  missedOn: IsoDay.nullable().describe('The day its milestone was recorded missed'),
});
export type TrackedAction = z.infer<typeof TrackedAction>;

export const TrackedEscalation = z.object({
  step: z.number().int().positive(),
  level: z.string(),
  title: z.string(),
  reachedOn: IsoDay,
  nextStepOn: IsoDay.nullable().describe('When the next step is due if the plan is still slipping; null at the top of the ladder'),
  missedActions: z.array(z.string()),
});
export type TrackedEscalation = z.infer<typeof TrackedEscalation>;

export const TrackedPlan = z.object({
  planId: z.string(),
  providerOrganisation: z.string().describe('The provider as the plan’s opening named it'),
  status: z.enum(['open', 'closed']),
  outcome: PlanOutcome.nullable(),
  approach: PlanApproach,
  trigger: PlanTrigger,
  problem: z.string(),
  openedOn: IsoDay,
  closedOn: IsoDay.nullable(),
  actions: z.array(TrackedAction),
  escalations: z.array(TrackedEscalation),
  lastReviewedOn: IsoDay.nullable(),
});
export type TrackedPlan = z.infer<typeof TrackedPlan>;

export interface PlanTrackerModel {
  plans: TrackedPlan[];
}

export interface PlanTrackerRow {
  plan_id: string;
  contract_id: string;
  organisation: string;
  provider_organisation: string;
  status: 'open' | 'closed';
  outcome: PlanOutcome | null;
  approach: PlanApproach;
  trigger: PlanTrigger;
  problem: string;
  opened_on: string;
  closed_on: string | null;
  actions: TrackedAction[];
  missed_milestones: number;
  escalations: TrackedEscalation[];
  last_reviewed_on: string | null;
}

const planIdOf = (streamId: string): string => streamId.slice('plan-'.length);

const evolve = (model: PlanTrackerModel, event: ProcessEvent, { event: stored }: EventFacts): PlanTrackerModel | { rejected: string } => {
  if (event.stream !== 'plan') return model;
  if (event.type === 'PlanOpened') {
    const { planId, contract, trigger, approach, problem, openedOn } = event.data;
    if (planId.toLowerCase() !== planIdOf(stored.streamId).toLowerCase()) {
      return { rejected: `PlanOpened names plan ${planId} on the stream ${stored.streamId}` };
    }
    const plan: TrackedPlan = {
      planId,
      providerOrganisation: contract.providerOrganisation,
      status: 'open',
      outcome: null,
      approach,
      trigger,
      problem,
      openedOn,
      closedOn: null,
      actions: [],
      escalations: [],
      lastReviewedOn: null,
    };
    return { plans: [...model.plans.filter((existing) => existing.planId !== planId), plan] };
  }
  const streamPlanId = planIdOf(stored.streamId).toLowerCase();
  const plan = model.plans.find((candidate) => candidate.planId.toLowerCase() === streamPlanId);
  if (!plan) return { rejected: `${event.type} on ${stored.streamId}, a plan the tracker has not seen opened` };
  const withPlan = (next: TrackedPlan): PlanTrackerModel => ({ plans: model.plans.map((candidate) => (candidate === plan ? next : candidate)) });
  const withAction = (actionId: string, update: (action: TrackedAction) => TrackedAction): PlanTrackerModel | { rejected: string } =>
    plan.actions.some((action) => action.actionId === actionId)
      ? withPlan({ ...plan, actions: plan.actions.map((action) => (action.actionId === actionId ? update(action) : action)) })
      : { rejected: `${event.type} for action ${actionId} of plan ${plan.planId}, which the tracker has not seen agreed` };

  switch (event.type) {
    case 'ActionsAgreed': {
      const agreed = event.data.actions.map(
        (action): TrackedAction => ({
          ...action,
          status: 'open',
          percentComplete: null,
          completedOn: null,
          late: false,
          missedOn: null,
        }),
      );
      const ids = new Set(agreed.map((action) => action.actionId));
      return withPlan({ ...plan, actions: [...plan.actions.filter((action) => !ids.has(action.actionId)), ...agreed] });
    }
    case 'ActionProgressRecorded':
      return withAction(event.data.actionId, (action) => ({ ...action, percentComplete: event.data.percentComplete ?? action.percentComplete }));
    case 'ActionCompleted':
      return withAction(event.data.actionId, (action) => ({
        ...action,
        status: 'completed',
        percentComplete: 100,
        completedOn: event.data.completedOn,
        late: event.data.late,
      }));
    case 'ActionNotCompleted':
      return withAction(event.data.actionId, (action) => ({ ...action, status: 'not-completed' }));
    case 'MilestoneMissed':
      return withAction(event.data.actionId, (action) => ({ ...action, missedOn: event.data.missedOn }));
    case 'PlanReviewed':
      return withPlan({ ...plan, lastReviewedOn: event.data.reviewedOn });
    case 'PlanEscalated': {
      const { step, level, title, reachedOn, nextStepOn, missedActions } = event.data;
      return withPlan({ ...plan, escalations: [...plan.escalations, { step, level, title, reachedOn, nextStepOn: nextStepOn ?? null, missedActions }] });
    }
    case 'PlanClosed':
      return withPlan({ ...plan, status: 'closed', outcome: event.data.outcome, closedOn: event.data.closedOn });
    default:
      return assertNever(event);
  }
};

export const planTrackerProjection: ProcessProjection<PlanTrackerModel, PlanTrackerRow> = {
  name: 'plan-tracker',
  table: 'plan_tracker',
  initial: () => ({ plans: [] }),
  evolve,
  rowsOf: ({ process, model }: ProcessDocument<PlanTrackerModel>): PlanTrackerRow[] =>
    model.plans.map((plan) => ({
      plan_id: plan.planId,
      contract_id: process.contractId,
      organisation: process.organisation,
      provider_organisation: plan.providerOrganisation,
      status: plan.status,
      outcome: plan.outcome,
      approach: plan.approach,
      trigger: plan.trigger,
      problem: plan.problem,
      opened_on: plan.openedOn,
      closed_on: plan.closedOn,
      actions: plan.actions,
      missed_milestones: plan.actions.filter((action) => action.missedOn !== null).length,
      escalations: plan.escalations,
      last_reviewed_on: plan.lastReviewedOn,
    })),
};

import { assertNever, type ActionOwner, type PlanApproach, type PlanOutcome, type PlanTrigger } from '@cls/domain';
import type { ProcessEvent } from '../projections/event-data';
import type { EventFacts, ProcessDocument, ProcessProjection } from '../projections/process-projection';

export type TrackedActionStatus = 'open' | 'completed' | 'not-completed';

export interface TrackedAction {
  actionId: string;
  description: string;
  owner: ActionOwner;
  dueDate: string;
  status: TrackedActionStatus;
  percentComplete: number | null;
  completedOn: string | null;
  late: boolean;
  /** The day its milestone was recorded missed. */
  missedOn: string | null;
}

export interface TrackedEscalation {
  step: number;
  level: string;
  title: string;
  reachedOn: string;
  nextStepOn: string | null;
  missedActions: string[];
}

export interface TrackedPlan {
  planId: string;
  /** The provider as the plan's opening named it. */
  providerOrganisation: string;
  status: 'open' | 'closed';
  outcome: PlanOutcome | null;
  approach: PlanApproach;
  trigger: PlanTrigger;
  problem: string;
  openedOn: string;
  closedOn: string | null;
  actions: TrackedAction[];
  escalations: TrackedEscalation[];
  lastReviewedOn: string | null;
}

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

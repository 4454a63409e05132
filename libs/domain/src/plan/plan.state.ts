import type { Remedy } from '../contract/vocabulary';
import type { Actor } from '../shared/envelope.schema';
import { assertNever } from '../shared/decider';
import type { ActionOwner, PlanApproach, PlanContractContext, PlanEvent, PlanOutcome, PlanTrigger } from './plan.events';

export type ActionStatus = 'open' | 'completed' | 'not-completed';

export interface ActionState {
  actionId: string;
  description: string;
  owner: ActionOwner;
  dueDate: string;
  status: ActionStatus;
  /** The milestone timer fired while the action was still open. */
  milestoneMissed: boolean;
  lastProgress?: { note: string; percentComplete?: number; recordedOn: string };
  completedOn?: string;
}

export interface EscalationState {
  step: number;
  level: string;
  reachedOn: string;
  nextStepOn?: string;
}

interface PlanBody {
  planId: string;
  contractId: string;
  sequence: number;
  contract: PlanContractContext;
  trigger: PlanTrigger;
  approach: PlanApproach;
  problem: string;
  remedies: Remedy[];
  openedBy: Actor;
  openedOn: string;
  /** In the order they were agreed. */
  actions: Record<string, ActionState>;
  reviews: { reviewedOn: string; outcomeNotes: string }[];
  escalation?: EscalationState;
}

export interface NoPlan {
  status: 'none';
}
export interface OpenPlanState extends PlanBody {
  status: 'open';
}
export interface ClosedPlanState extends PlanBody {
  status: 'closed';
  outcome: PlanOutcome;
  closedOn: string;
}

export type PlanState = NoPlan | OpenPlanState | ClosedPlanState;

export const initialPlanState = (): PlanState => ({ status: 'none' });

/** Actions neither completed nor closed as not completed. */
export const openActions = (plan: PlanBody): ActionState[] => Object.values(plan.actions).filter((action) => action.status === 'open');

/** Open actions whose milestone was missed: what makes a plan slip. */
export const slippingActions = (plan: PlanBody): ActionState[] => openActions(plan).filter((action) => action.milestoneMissed);

const requireOpen = (state: PlanState, event: PlanEvent): OpenPlanState => {
  if (state.status !== 'open') {
    throw new Error(`${event.type} cannot apply to a plan that is ${state.status === 'none' ? 'not opened' : 'closed'}`);
  }
  return state;
};

const updateAction = (
  plan: OpenPlanState,
  actionId: string,
  event: PlanEvent,
  change: (action: ActionState) => ActionState,
): OpenPlanState => {
  const action = plan.actions[actionId];
  if (!action) throw new Error(`${event.type} names the unknown action ${actionId}`);
  return { ...plan, actions: { ...plan.actions, [actionId]: change(action) } };
};

export const evolvePlan = (state: PlanState, event: PlanEvent): PlanState => {
  switch (event.type) {
    case 'PlanOpened': {
      if (state.status !== 'none') throw new Error('PlanOpened cannot apply twice');
      const { planId, contractId, sequence, contract, trigger, approach, problem, remedies, openedBy, openedOn } = event.data;
      return {
        status: 'open',
        planId,
        contractId,
        sequence,
        contract,
        trigger,
        approach,
        problem,
        remedies,
        openedBy,
        openedOn,
        actions: {},
        reviews: [],
      };
    }
    case 'ActionsAgreed': {
      const plan = requireOpen(state, event);
      const agreed = Object.fromEntries(
        event.data.actions.map((action): [string, ActionState] => [action.actionId, { ...action, status: 'open', milestoneMissed: false }]),
      );
      return { ...plan, actions: { ...plan.actions, ...agreed } };
    }
    case 'ActionProgressRecorded': {
      const { actionId, note, percentComplete, recordedOn } = event.data;
      return updateAction(requireOpen(state, event), actionId, event, (action) => ({
        ...action,
        lastProgress: { note, recordedOn, ...(percentComplete === undefined ? {} : { percentComplete }) },
      }));
    }
    case 'ActionCompleted':
      return updateAction(requireOpen(state, event), event.data.actionId, event, (action) => ({
        ...action,
        status: 'completed',
        completedOn: event.data.completedOn,
      }));
    case 'ActionNotCompleted':
      return updateAction(requireOpen(state, event), event.data.actionId, event, (action) => ({ ...action, status: 'not-completed' }));
    case 'MilestoneMissed':
      return updateAction(requireOpen(state, event), event.data.actionId, event, (action) => ({ ...action, milestoneMissed: true }));
    case 'PlanReviewed': {
      const plan = requireOpen(state, event);
      return { ...plan, reviews: [...plan.reviews, { reviewedOn: event.data.reviewedOn, outcomeNotes: event.data.outcomeNotes }] };
    }
    case 'PlanEscalated': {
      const { step, level, reachedOn, nextStepOn } = event.data;
      return { ...requireOpen(state, event), escalation: { step, level, reachedOn, ...(nextStepOn === undefined ? {} : { nextStepOn }) } };
    }
    case 'PlanClosed':
      return { ...requireOpen(state, event), status: 'closed', outcome: event.data.outcome, closedOn: event.data.closedOn };
    default:
      return assertNever(event);
  }
};

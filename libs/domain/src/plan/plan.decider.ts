import { contractNotFound, planCommandPermissions, roleRefused } from '../access/permissions';
import { escalationRung } from '../monitoring/escalation';
import { dateOf, isBefore } from '../monitoring/calendar';
import { defaultMonitoringPolicy, type MonitoringPolicy } from '../policy/monitoring-policy.schema';
import { assertNever, type Decider } from '../shared/decider';
import type { Actor, CommandContext, Role } from '../shared/envelope.schema';
import { conflict, DomainError, forbidden, invalid } from '../shared/errors';
import type { PlanCommand } from './plan.commands';
import type { PlanEvent, PlanTriggerKind } from './plan.events';
import { planId } from './plan.protocol';
import {
  evolvePlan,
  initialPlanState,
  openActions,
  slippingActions,
  type ActionState,
  type OpenPlanState,
  type PlanState,
} from './plan.state';

/** Closing an action unachieved is a judgement on the provider's work: only the contract manager records it. */
const notCompletedRoles: readonly Role[] = ['contract-manager'];

/** The triggers the workflow may act on by itself; the contract manager may open a plan on any trigger. */
const automaticTriggers: ReadonlySet<PlanTriggerKind> = new Set(['red-rating', 'inadequate-kpi', 'serious-complaint']);

const planNotFound = (): DomainError => new DomainError('not-found', 'plan.not-found', 'No such corrective action plan');

/**
 * Role first (403), then tenancy: staff and the system act on their own organisation's plans, a provider only on
 * plans about its own contracts; anyone else is told the plan (or, when opening, the contract) does not exist.
 */
const authorise = (command: PlanCommand, actor: Actor, state: PlanState): void => {
  if (!planCommandPermissions[command.type].includes(actor.role)) throw roleRefused(actor, `give the command ${command.type}`, planCommandPermissions[command.type]);
  if (command.type === 'RecordActionProgress' && command.data.status === 'not-completed' && !notCompletedRoles.includes(actor.role)) {
    throw roleRefused(actor, 'close an action as not completed', notCompletedRoles);
  }
  if (state.status === 'none') {
    if (command.type === 'OpenPlan' && command.data.contract.organisation !== actor.organisation) throw contractNotFound();
    return;
  }
  const tenant = actor.role === 'provider' ? state.contract.providerOrganisation : state.contract.organisation;
  if (tenant !== actor.organisation) throw planNotFound();
};

const requireOpen = (state: PlanState): OpenPlanState => {
  if (state.status === 'none') throw planNotFound();
  if (state.status === 'closed') throw conflict('plan.closed', `The plan was closed as ${state.outcome} on ${state.closedOn}`);
  return state;
};

const requireOpenAction = (plan: OpenPlanState, actionId: string): ActionState => {
  const action = plan.actions[actionId];
  if (!action) throw invalid('plan.unknown-action', `The plan has no action ${actionId}`, 'data.actionId');
  if (action.status !== 'open') throw conflict('plan.action-closed', `The action ${actionId} is already ${action.status}`, 'data.actionId');
  return action;
};

type Open = Extract<PlanCommand, { type: 'OpenPlan' }>['data'];

/**
 * Refusals when opening:
 * - `plan.already-exists` (conflict): the stream already has a plan;
 * - `plan.trigger-not-automatic` (forbidden): the system opening a plan on the contract manager's trigger;
 * - `plan.punitive-needs-decision` (forbidden): the system choosing the punitive approach, which is a person's call;
 * - `plan.remedy-required` (invalid, `data.remedies`): a punitive plan with no remedy;
 * - `plan.remedies-need-punitive-approach` (invalid, `data.remedies`): remedies on a developmental plan;
 * - `plan.remedy-not-in-contract` (invalid, `data.remedies.<i>`): a remedy the contract's terms do not grant.
 */
const openPlan = (state: PlanState, data: Open, context: CommandContext): PlanEvent => {
  if (state.status !== 'none') throw conflict('plan.already-exists', `The plan ${planId(data.contractId, data.sequence)} already exists`);
  if (context.actor.role === 'system') {
    if (!automaticTriggers.has(data.trigger.kind)) {
      throw forbidden('plan.trigger-not-automatic', 'Only the contract manager opens a plan on their own decision');
    }
    if (data.approach === 'punitive') {
      throw forbidden('plan.punitive-needs-decision', 'A punitive approach is a recorded decision of the contract manager');
    }
  }
  if (data.approach === 'punitive' && data.remedies.length === 0) {
    throw invalid('plan.remedy-required', 'A punitive plan names the remedy it applies', 'data.remedies');
  }
  if (data.approach === 'developmental' && data.remedies.length > 0) {
    throw invalid('plan.remedies-need-punitive-approach', 'Remedies are punitive: a developmental plan applies none', 'data.remedies');
  }
  const allowed = data.contract.remediesAllowed;
  data.remedies.forEach((remedy, index) => {
    if (!allowed.includes(remedy)) {
      const granted = allowed.length === 0 ? 'it grants no remedy' : `it allows ${allowed.join(', ')}`;
      throw invalid('plan.remedy-not-in-contract', `The contract does not give the power of ${remedy}; ${granted}`, `data.remedies.${index}`);
    }
  });
  const { contractId, sequence, contract, trigger, approach, problem, remedies, causeAnalysis, additionalMonitoring, support } = data;
  return {
    type: 'PlanOpened',
    data: {
      planId: planId(contractId, sequence),
      contractId,
      sequence,
      contract,
      trigger,
      approach,
      problem,
      ...(causeAnalysis === undefined ? {} : { causeAnalysis }),
      remedies: [...new Set(remedies)],
      ...(additionalMonitoring === undefined ? {} : { additionalMonitoring }),
      ...(support === undefined ? {} : { support }),
      openedBy: context.actor,
      openedOn: dateOf(context.now),
    },
  };
};

/**
 * Decides a command against the plan's state. Pure: the time comes in the context, the deployment's monitoring
 * policy (for the escalation ladder) as the last argument.
 */
export const decidePlan = (
  command: PlanCommand,
  state: PlanState,
  context: CommandContext,
  policy: MonitoringPolicy = defaultMonitoringPolicy,
): PlanEvent[] => {
  authorise(command, context.actor, state);
  const today = dateOf(context.now);
  switch (command.type) {
    case 'OpenPlan':
      return [openPlan(state, command.data, context)];

    // Refusals: `plan.duplicate-action` (invalid) for an id given twice or already agreed;
    // `plan.action-due-in-past` (invalid) for a due date before today.
    case 'AgreeActions': {
      const plan = requireOpen(state);
      const seen = new Set(Object.keys(plan.actions));
      command.data.actions.forEach((action, index) => {
        if (seen.has(action.actionId)) {
          throw invalid('plan.duplicate-action', `The action ${action.actionId} is already on the plan`, `data.actions.${index}.actionId`);
        }
        seen.add(action.actionId);
        if (isBefore(action.dueDate, today)) {
          const message = `The action ${action.actionId} cannot be due on ${action.dueDate}, before today`;
          throw invalid('plan.action-due-in-past', message, `data.actions.${index}.dueDate`);
        }
      });
      return [{ type: 'ActionsAgreed', data: { actions: command.data.actions, agreedOn: today } }];
    }

    // Refusals: `plan.unknown-action` (invalid), `plan.action-closed` (conflict).
    case 'RecordActionProgress': {
      const { actionId, status, note, percentComplete } = command.data;
      const action = requireOpenAction(requireOpen(state), actionId);
      switch (status) {
        case 'in-progress':
          return [
            {
              type: 'ActionProgressRecorded',
              data: { actionId, note, recordedOn: today, ...(percentComplete === undefined ? {} : { percentComplete }) },
            },
          ];
        case 'completed':
          return [
            {
              type: 'ActionCompleted',
              data: { actionId, note, completedOn: today, dueDate: action.dueDate, late: isBefore(action.dueDate, today) },
            },
          ];
        case 'not-completed':
          return [{ type: 'ActionNotCompleted', data: { actionId, note, recordedOn: today } }];
        default:
          return assertNever(status);
      }
    }

    // Refusals: `plan.unknown-action`, `plan.action-closed`; `plan.milestone-not-due` (conflict) on or before the
    // due date; `plan.milestone-already-missed` (conflict) when the timer fires twice.
    case 'MissMilestone': {
      const action = requireOpenAction(requireOpen(state), command.data.actionId);
      if (!isBefore(action.dueDate, today)) {
        const message = `The action ${action.actionId} is due on ${action.dueDate}: it is not missed yet`;
        throw conflict('plan.milestone-not-due', message, 'data.actionId');
      }
      if (action.milestoneMissed) {
        const message = `The milestone of ${action.actionId} is already recorded as missed`;
        throw conflict('plan.milestone-already-missed', message, 'data.actionId');
      }
      return [{ type: 'MilestoneMissed', data: { actionId: action.actionId, dueDate: action.dueDate, missedOn: today } }];
    }

    case 'ReviewPlan': {
      const plan = requireOpen(state);
      return [
        {
          type: 'PlanReviewed',
          data: {
            outcomeNotes: command.data.outcomeNotes,
            reviewedOn: today,
            openActions: openActions(plan).map((action) => action.actionId),
            missedMilestones: slippingActions(plan).map((action) => action.actionId),
          },
        },
      ];
    }

    // Refusals (conflict): `plan.not-slipping` with no open action past a missed milestone;
    // `plan.escalation-ladder-exhausted` at the top of the ladder; `plan.escalation-not-due` before the current
    // step's time is up.
    case 'EscalatePlan': {
      const plan = requireOpen(state);
      const missed = slippingActions(plan);
      if (missed.length === 0) throw conflict('plan.not-slipping', 'No open action has missed its milestone: nothing to escalate');
      const current = plan.escalation;
      if (current && current.nextStepOn === undefined) {
        throw conflict('plan.escalation-ladder-exhausted', `The plan is already at the top of the ladder (${current.level})`);
      }
      if (current?.nextStepOn !== undefined && isBefore(today, current.nextStepOn)) {
        throw conflict('plan.escalation-not-due', `The plan stays with ${current.level} until ${current.nextStepOn}`);
      }
      const rung = escalationRung((current?.step ?? 0) + 1, today, policy);
      if (!rung) throw conflict('plan.escalation-ladder-exhausted', 'The policy has no further step on its ladder');
      const { step, level, title, reachedOn, nextStepOn } = rung;
      return [
        {
          type: 'PlanEscalated',
          data: {
            step,
            level,
            title,
            reachedOn,
            ...(nextStepOn === undefined ? {} : { nextStepOn }),
            missedActions: missed.map((action) => action.actionId),
          },
        },
      ];
    }

    // Refusals (conflict): `plan.review-required` before any review; `plan.open-actions` while an action is open;
    // `plan.no-actions-agreed` for success with nothing agreed.
    case 'ClosePlan': {
      const plan = requireOpen(state);
      if (plan.reviews.length === 0) throw conflict('plan.review-required', 'A plan is closed on the outcome of a review: review it first');
      const open = openActions(plan);
      if (open.length > 0) {
        throw conflict(
          'plan.open-actions',
          `Actions are still open: ${open.map((action) => action.actionId).join(', ')}; record each as completed or not completed first`,
        );
      }
      if (command.data.outcome === 'successful' && Object.keys(plan.actions).length === 0) {
        throw conflict('plan.no-actions-agreed', 'A plan with no agreed actions cannot have succeeded');
      }
      return [{ type: 'PlanClosed', data: { outcome: command.data.outcome, closedOn: today }, reason: command.data.note }];
    }
    default:
      return assertNever(command);
  }
};

/** The plan decider bound to a deployment's monitoring policy (parse it with `parseMonitoringPolicy`). */
export const planDeciderFor = (policy: MonitoringPolicy): Decider<PlanCommand, PlanEvent, PlanState> => ({
  initialState: initialPlanState,
  decide: (command, state, context) => decidePlan(command, state, context, policy),
  evolve: evolvePlan,
});

/** The plan decider with the default monitoring policy. */
export const planDecider: Decider<PlanCommand, PlanEvent, PlanState> = planDeciderFor(defaultMonitoringPolicy);

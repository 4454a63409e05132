import { addCalendarDays } from '../policy/working-days';
import type { PlanCommand } from './plan.commands';
import { openActions, slippingActions, type PlanState } from './plan.state';

/** A deadline the plan's workflow sleeps until, and the fact it then records as the system. */
export interface PlanDeadline {
  at: string;
  command: PlanCommand;
}

/** Milestones and escalations reach people in the working day, as the contract's own chasers do. */
const morningOf = (date: string): string => `${date}T09:00:00.000Z`;

/**
 * An open plan's deadlines, earliest first, each accepted by the decider when it comes:
 * - per open action whose milestone is not yet missed, the morning after its due date (`MissMilestone`);
 * - while an open action has missed its milestone, the next step of the escalation ladder (`EscalatePlan`): the
 *   first on the morning the earliest of them was missed, each later one on the date the step before names.
 *   At the top of the ladder there is none.
 */
export const planDeadlines = (state: PlanState): PlanDeadline[] => {
  if (state.status !== 'open') return [];
  const deadlines: PlanDeadline[] = openActions(state)
    .filter((action) => !action.milestoneMissed)
    .map((action) => ({ at: morningOf(addCalendarDays(action.dueDate, 1)), command: { type: 'MissMilestone', data: { actionId: action.actionId } } }));
  const slipping = slippingActions(state);
  if (slipping.length > 0) {
    const { escalation } = state;
    const firstMissedOn = slipping.map((action) => addCalendarDays(action.dueDate, 1)).sort()[0];
    const escalateOn = escalation ? escalation.nextStepOn : firstMissedOn;
    if (escalateOn !== undefined) deadlines.push({ at: morningOf(escalateOn), command: { type: 'EscalatePlan', data: {} } });
  }
  return deadlines.sort((a, b) => a.at.localeCompare(b.at));
};

/** A closed plan has nothing more to wait for: its workflow reports the outcome and ends. */
export const planFinished = (state: PlanState): boolean => state.status === 'closed';

import type { ClosedPlanState, OpenPlanState, PlanEvent } from '@cls/domain';
import type { Notification, NotificationRecipient } from '../notifications/notification.port';

/**
 * Who must hear of a plan event: a missed milestone goes to the contract manager and the provider whose action
 * slipped; each escalation step to the contract manager (and the board when it reaches it); the plan's opening and closing
 * to both parties. Progress and agreements are recorded by the parties themselves and notify nobody.
 */
export const planNotification = (
  plan: OpenPlanState | ClosedPlanState,
  event: PlanEvent,
  eventId: string,
  occurredAt: string,
): Notification | undefined => {
  const base = { id: eventId, type: event.type, contractId: plan.contractId, processId: plan.planId, occurredAt };
  const manager: NotificationRecipient = { role: 'contract-manager', organisation: plan.contract.organisation };
  const provider: NotificationRecipient = { role: 'provider', organisation: plan.contract.providerOrganisation };
  switch (event.type) {
    case 'PlanOpened':
      return {
        ...base,
        recipients: [manager, provider],
        subject: `Corrective action plan ${plan.planId} opened (${event.data.approach})`,
        facts: { trigger: event.data.trigger.kind, approach: event.data.approach, problem: event.data.problem },
      };
    case 'MilestoneMissed':
      return {
        ...base,
        recipients: [manager, provider],
        subject: `Milestone missed on plan ${plan.planId}: ${event.data.actionId} was due ${event.data.dueDate}`.slice(0, 200),
        facts: { ...event.data },
      };
    case 'PlanEscalated': {
      const { step, level, title, reachedOn, nextStepOn, missedActions } = event.data;
      // The ladder's levels are the policy's; only the board is a role of its own that people sign in as.
      const board: NotificationRecipient[] = level === 'governance-board' ? [{ role: 'governance', organisation: plan.contract.organisation }] : [];
      return {
        ...base,
        recipients: [manager, ...board],
        subject: `Plan ${plan.planId} escalated to ${title}`.slice(0, 200),
        facts: { step, level, reachedOn, missedActions, ...(nextStepOn === undefined ? {} : { nextStepOn }) },
      };
    }
    case 'PlanClosed':
      return {
        ...base,
        recipients: [manager, provider],
        subject: `Corrective action plan ${plan.planId} closed as ${event.data.outcome}`,
        facts: { ...event.data },
      };
    default:
      return undefined;
  }
};

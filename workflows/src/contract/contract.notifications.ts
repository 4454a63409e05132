import { noticeTypeNames, type ContractEvent, type OpenContract } from '@cls/domain';
import type { Notification, NotificationRecipient } from '../notifications/notification.port';

/** An event's data as JSON facts: through JSON, so an absent optional field is left out rather than sent as undefined. */
const factsOf = (data: unknown): Notification['facts'] => JSON.parse(JSON.stringify(data)) as Notification['facts'];

/**
 * Who must hear of a contract event. Finance is told the dates once the contract is signed; chasers go to the
 * parties whose signature is awaited; the supplier hears of its award. Once the contract is managed: a return's
 * reminder and its being overdue go to the provider (and the overdue one to the contract manager), each escalation
 * step to the contract manager (and the governance board at its level), a change of risk rating and a plan required
 * or opened to the contract manager and the provider, the expiry reminder to the commissioner who must decide, and
 * the contract's termination and recommissioning to everyone concerned. Other events notify nobody.
 */
export const contractNotification = (
  contract: OpenContract,
  event: ContractEvent,
  eventId: string,
  occurredAt: string,
): Notification | undefined => {
  const base = { id: eventId, type: event.type, contractId: contract.contractId, occurredAt };
  const buyer = (role: NotificationRecipient['role']): NotificationRecipient => ({ role, organisation: contract.organisation });
  const supplier = (): NotificationRecipient[] =>
    contract.award ? [{ role: 'provider', organisation: contract.award.supplier.organisation }] : [];
  switch (event.type) {
    case 'ContractAwarded':
      return {
        ...base,
        recipients: [buyer('commissioner'), { role: 'provider', organisation: event.data.supplier.organisation }],
        subject: `Contract awarded to ${event.data.supplier.name}: ${contract.title}`.slice(0, 200),
        facts: { basis: event.data.basis, valuePence: event.data.valuePence },
      };
    case 'FinanceNotified':
      return {
        ...base,
        recipients: [buyer('finance')],
        subject: `Contract signed: ${contract.title} runs ${event.data.startDate} to ${event.data.endDate}`.slice(0, 200),
        facts: { startDate: event.data.startDate, endDate: event.data.endDate, valuePence: event.data.valuePence, supplier: event.data.supplier.name },
      };
    case 'ReminderIssued': {
      const reminder = event.data;
      const recipients =
        reminder.subject === 'signature'
          ? reminder.awaiting.flatMap((party) => (party === 'authority' ? [buyer('commissioner')] : supplier()))
          : reminder.subject === 'return'
            ? supplier()
            : reminder.subject === 'expiry'
              ? [buyer('commissioner'), buyer('contract-manager')]
              : [buyer('contract-manager')];
      return {
        ...base,
        recipients: recipients.length > 0 ? recipients : [buyer('contract-manager')],
        subject: `Reminder (${reminder.subject}): ${contract.title}`.slice(0, 200),
        facts: factsOf(reminder),
      };
    }
    case 'ContractActivated':
      return {
        ...base,
        recipients: [buyer('contract-manager'), ...supplier()],
        subject: `Contract active from ${event.data.activatedOn}: ${contract.title}`.slice(0, 200),
        facts: { activatedOn: event.data.activatedOn },
      };
    case 'ReturnOverdue':
      return {
        ...base,
        recipients: [...supplier(), buyer('contract-manager')],
        subject: `Return overdue since ${event.data.dueDate} for ${event.data.periodId}: ${contract.title}`.slice(0, 200),
        facts: factsOf(event.data),
      };
    case 'ReviewMissed':
      return {
        ...base,
        recipients: [buyer('contract-manager'), buyer('lead-professional')],
        subject: `Review ${event.data.reviewId} not held by ${event.data.scheduledFor}: ${contract.title}`.slice(0, 200),
        facts: factsOf(event.data),
      };
    case 'EscalationRaised': {
      // The ladder's levels are the policy's; only the board is a role of its own that people sign in as.
      const board = event.data.level === 'governance-board' ? [buyer('governance')] : [];
      return {
        ...base,
        recipients: [buyer('contract-manager'), ...board],
        subject: `Escalated to ${event.data.title} (${event.data.subject.kind}): ${contract.title}`.slice(0, 200),
        facts: factsOf(event.data),
      };
    }
    case 'RiskRatingChanged':
      return {
        ...base,
        recipients: [buyer('contract-manager'), ...supplier()],
        subject: `Risk rating ${event.data.from} to ${event.data.to}: ${contract.title}`.slice(0, 200),
        facts: {
          changeId: event.data.changeId,
          from: event.data.from,
          to: event.data.to,
          asOf: event.data.asOf,
          reasons: event.data.reasons.map((reason) => reason.description),
          intensity: factsOf(event.data.intensity),
        },
      };
    case 'PlanRequired':
      return {
        ...base,
        recipients: [buyer('contract-manager')],
        subject: `Corrective action plan required (${event.data.trigger.kind}): ${contract.title}`.slice(0, 200),
        facts: factsOf(event.data),
      };
    case 'CorrectivePlanOpened':
      return {
        ...base,
        recipients: [buyer('contract-manager'), ...supplier()],
        subject: `Corrective action plan ${event.data.planId} opened (${event.data.approach}): ${contract.title}`.slice(0, 200),
        facts: { planId: event.data.planId, trigger: event.data.trigger.kind, approach: event.data.approach, openedOn: event.data.openedOn },
      };
    case 'CorrectivePlanEnded':
      return {
        ...base,
        recipients: [buyer('contract-manager'), ...supplier()],
        subject: `Corrective action plan ${event.data.planId} closed as ${event.data.outcome}: ${contract.title}`.slice(0, 200),
        facts: factsOf(event.data),
      };
    case 'TerminationNoticeGiven':
      return {
        ...base,
        recipients: [...supplier(), buyer('commissioner'), buyer('finance')],
        subject: `Notice of termination (${event.data.ground}) effective ${event.data.effectiveDate}: ${contract.title}`.slice(0, 200),
        facts: factsOf(event.data),
      };
    case 'ContractTerminated':
      return {
        ...base,
        recipients: [...supplier(), buyer('commissioner'), buyer('contract-manager'), buyer('finance')],
        subject: `Contract terminated on ${event.data.effectiveDate}: ${contract.title}`.slice(0, 200),
        facts: factsOf(event.data),
      };
    case 'ContractExpired':
      return {
        ...base,
        recipients: [...supplier(), buyer('commissioner'), buyer('contract-manager'), buyer('finance')],
        subject: `Contract expired on ${event.data.endDate}: ${contract.title}`.slice(0, 200),
        facts: factsOf(event.data),
      };
    // A notice left drafted for someone's approval asks for it, with its statutory deadline where it has one.
    case 'NoticeDrafted':
      if (contract.notices?.[event.data.noticeId]?.status !== 'drafted') return undefined;
      return {
        ...base,
        recipients: [buyer('commissioner'), buyer('contract-manager')],
        subject: `${noticeTypeNames[event.data.noticeType]} drafted for approval: ${contract.title}`.slice(0, 200),
        facts: factsOf({ noticeId: event.data.noticeId, noticeType: event.data.noticeType, dueBy: event.data.dueBy }),
      };
    // Past the 30-day payment clock: Finance, who pays, and the contract manager are told.
    case 'InvoicePaymentOverdue':
      return {
        ...base,
        recipients: [buyer('finance'), buyer('contract-manager')],
        subject: `Invoice ${event.data.invoiceId} unpaid past ${event.data.dueOn}: ${contract.title}`.slice(0, 200),
        facts: factsOf(event.data),
      };
    case 'SuccessorCommissionOpened':
      return {
        ...base,
        recipients: [buyer('commissioner')],
        subject: `Recommission opened as ${event.data.successorContractId}: ${contract.title}`.slice(0, 200),
        facts: factsOf(event.data),
      };
    default:
      return undefined;
  }
};

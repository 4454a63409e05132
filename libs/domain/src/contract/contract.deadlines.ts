import { defaultMonitoringPolicy, type MonitoringPolicy } from '../policy/monitoring-policy.schema';
import type { ProcurementPolicy } from '../policy/procurement-policy.schema';
import { londonDateOf, londonMorningOf, startOfLondonDay } from '../policy/london-time';
import { addCalendarDays, addWorkingDays } from '../policy/working-days';
import { noticesWithDeadline } from '../notices/notice.ledger';
import { paymentDeadlines } from '../payments/payments';
import type { ContractCommand } from './contract.commands';
import type { PlanTrigger } from '../plan/plan.events';
import { isManagedStage, partiesAwaited, type ContractState } from './contract.state';
import {
  contractExpiryReminderDate,
  contractReturnsSchedule,
  contractReviewSchedule,
  requireActive,
  runningPlan,
  type ActiveContract,
} from './active-contract';

// What an active contract's schedules are, for views of what is due (the deadlines below are built from them).
export {
  bandsFromRag,
  contractExpiryReminderDate,
  contractKpiBands,
  contractReturnsSchedule,
  contractReviewSchedule,
  lastDayOf,
  requireActive,
  riskEvidenceOf,
  type ActiveContract,
} from './active-contract';
export { performanceHistory } from './recommission';

/** A deadline the contract's workflow sleeps until, and the fact it then records as the system. */
export interface ContractDeadline {
  at: string;
  command: ContractCommand;
}

/**
 * Reminders, overdue returns and escalations reach people at 09:00 in the working day; a contract ends at midnight
 * after its last day, and under notice at the start of the effective date. All in London time: the parties' day is
 * the UK's.
 */
const morningOf = londonMorningOf;
const startOf = startOfLondonDay;

/**
 * An active contract's deadlines, each recorded once and none refused when it comes (the decider
 * accepts a late one; what has happened since removes it from this list):
 * - per return not yet submitted: its reminder, then its overdue day, then each step of the escalation ladder from
 *   `escalateAfterDaysOverdue` days past its due date (after the contract has ended too: the last returns are owed);
 * - per review not yet held: its reminder, then from `escalateAfterDaysMissed` days after it, each step of the ladder;
 * - the contract's end: under notice, the effective date; otherwise the expiry reminder (until the decision is
 *   made) and the day after the last day.
 */
const monitoringDeadlines = (contract: ActiveContract, policy: MonitoringPolicy): ContractDeadline[] => {
  const { management } = contract;
  const deadlines: ContractDeadline[] = [];
  for (const period of contractReturnsSchedule(contract, policy)) {
    const record = management.returns[period.periodId];
    if (record?.submittedOn) continue;
    const { periodId } = period;
    if (!record?.reminded) {
      deadlines.push({ at: morningOf(period.reminderDate), command: { type: 'IssueReminder', data: { subject: 'return', periodId, dueOn: period.dueDate } } });
    }
    if (!record?.overdueOn) {
      deadlines.push({ at: morningOf(period.overdueOn), command: { type: 'RecordReturnOverdue', data: { periodId } } });
      continue;
    }
    const escalateOn = record.escalation ? record.escalation.nextStepOn : period.escalationDate;
    if (escalateOn !== undefined) {
      deadlines.push({ at: morningOf(escalateOn), command: { type: 'RaiseEscalation', data: { subject: { kind: 'return', periodId } } } });
    }
  }
  // The last period's return falls due after the contract has ended: it is still owed, and still chased.
  if (management.ended) return deadlines;
  for (const review of contractReviewSchedule(contract, policy)) {
    const record = management.reviews[review.reviewId];
    if (record?.heldOn) continue;
    const { reviewId } = review;
    if (!record?.reminded) {
      deadlines.push({ at: morningOf(review.reminderDate), command: { type: 'IssueReminder', data: { subject: 'review', reviewId, dueOn: review.date } } });
    }
    const escalateOn = record?.escalation ? record.escalation.nextStepOn : review.escalationDate;
    if (escalateOn !== undefined) {
      deadlines.push({ at: morningOf(escalateOn), command: { type: 'RaiseEscalation', data: { subject: { kind: 'review', reviewId } } } });
    }
  }
  const { notice } = management.termination;
  if (notice) {
    deadlines.push({ at: startOf(notice.effectiveDate), command: { type: 'TerminateContract', data: {} } });
    return deadlines;
  }
  if (!management.expiry.reminded && !management.expiry.decision) {
    deadlines.push({
      at: morningOf(contractExpiryReminderDate(contract, policy)),
      command: { type: 'IssueReminder', data: { subject: 'expiry', endDate: management.endDate } },
    });
  }
  deadlines.push({ at: startOf(addCalendarDays(management.endDate, 1)), command: { type: 'ExpireContract', data: {} } });
  return deadlines;
};

/** What the plan opened on an automatic trigger says went wrong, until the parties agree their own words at its review. */
const requiredPlanProblem = (trigger: PlanTrigger): string => {
  switch (trigger.kind) {
    case 'red-rating':
      return `The contract's risk rating turned red (${trigger.ratingChangeId})`;
    case 'inadequate-kpi':
      return `${trigger.kpi} was rated inadequate for the period ${trigger.periodId}`;
    case 'serious-complaint':
      return `A serious concern was logged (${trigger.complaintId})`;
    case 'contract-manager':
      return 'The contract manager asked for a corrective action plan';
  }
};

/**
 * A plan the contract requires (`PlanRequired`, on a red rating, an inadequate KPI or a serious concern) is opened
 * by the workflow at once, developmental: the system may not choose the punitive approach, which stays the contract
 * manager's recorded decision (they may open a plan themselves on any trigger before or instead). Due the moment
 * the requirement was recorded; none once the contract has ended or while a plan runs.
 */
const requiredPlanDeadline = (contract: ActiveContract, lastEventAt: string): ContractDeadline[] => {
  const { management } = contract;
  const trigger = management.planRequired;
  if (!trigger || management.ended || runningPlan(management)) return [];
  return [{ at: lastEventAt, command: { type: 'OpenCorrectivePlan', data: { trigger, approach: 'developmental', problem: requiredPlanProblem(trigger), remedies: [] } } }];
};

/**
 * The contract's next deadlines, earliest first (those at the same moment in the order listed). Signatures
 * outstanding after authorisation are chased every `contractIssue.signatureReminderWorkingDays` working days,
 * counted from the London date of the contract's last event (the authorisation, a signature or the previous chaser),
 * at 09:00 London time on the day they fall due; a count that reaches a year the calendar does not know is refused
 * (`calendar.year-not-known`) rather than guessed. Once active, the monitoring policy's deadlines follow (monitoringDeadlines).
 */
export const contractDeadlines = (
  state: ContractState,
  lastEventAt: string | undefined,
  policy: ProcurementPolicy,
  monitoring: MonitoringPolicy = defaultMonitoringPolicy,
): ContractDeadline[] => {
  if (state.status !== 'open' || lastEventAt === undefined) return [];
  const deadlines: ContractDeadline[] = [];
  const awaiting = state.stage === 'contract-issue' && state.authorisation ? partiesAwaited(state) : [];
  if (awaiting.length > 0) {
    const dueOn = addWorkingDays(londonDateOf(lastEventAt), policy.contractIssue.signatureReminderWorkingDays, policy.calendar);
    deadlines.push({ at: morningOf(dueOn), command: { type: 'IssueReminder', data: { subject: 'signature', awaiting, dueOn } } });
  }
  if (isManagedStage(state.stage) && state.management) {
    const active = requireActive(state);
    deadlines.push(...requiredPlanDeadline(active, lastEventAt), ...monitoringDeadlines(active, monitoring));
  }
  // An invoice unpaid at the end of its due date is late: the workflow records it then.
  for (const { at, invoiceId } of paymentDeadlines(state.invoices)) deadlines.push({ at, command: { type: 'RecordPaymentOverdue', data: { invoiceId } } });
  // A notice still unpublished at its statutory deadline escalates then, and up the ladder from there.
  for (const notice of noticesWithDeadline(state.notices)) {
    const at = notice.escalation ? (notice.escalation.nextStepOn === undefined ? undefined : morningOf(notice.escalation.nextStepOn)) : notice.dueBy;
    if (at !== undefined) deadlines.push({ at, command: { type: 'RaiseEscalation', data: { subject: { kind: 'notice', noticeId: notice.noticeId } } } });
  }
  // A stable sort: deadlines at the same moment keep the order they are listed in.
  return deadlines.sort((a, b) => a.at.localeCompare(b.at));
};

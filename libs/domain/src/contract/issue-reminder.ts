import { isBefore } from '../monitoring/calendar';
import type { MonitoringPolicy } from '../policy/monitoring-policy.schema';
import { assertNever } from '../shared/decider';
import { conflict, invalid } from '../shared/errors';
import { contractExpiryReminderDate, contractReturnsSchedule, contractReviewSchedule, requireActive, requireRunning } from './active-contract';
import type { ContractEvent, Reminder } from './contract.events';
import { partiesAwaited, type OpenContract } from './contract.state';

const notDue = (what: string, on: string) => conflict('reminder.not-due', `The reminder of ${what} is due on ${on}`);
const alreadyIssued = (what: string) => conflict('reminder.already-issued', `The reminder of ${what} has already been issued`);

/**
 * A reminder from the workflow's timers, checked against what is still awaited so that a timer which fires late
 * (after the thing it chases has happened) records nothing. Refusals (conflict unless said):
 * - signatures: `reminder.nothing-awaited` when the contract is not authorised yet or both parties have signed;
 *   `reminder.not-awaited` (field `awaiting.<i>`) for a party that has already signed;
 * - a return, a review, the expiry (of an active contract, `contract.not-active`; for a review or the expiry, one
 *   that has not ended, `contract.ended`):
 *   `reminder.unknown-period` / `reminder.unknown-review` (invalid) for one the schedule does not have;
 *   `reminder.nothing-awaited` once the return is submitted, the review held, or the expiry decided or overtaken
 *   by a notice of termination; `reminder.not-awaited` (field `endDate`) for an end date that is no longer the
 *   contract's; `reminder.already-issued`; `reminder.not-due` before the reminder's date.
 */
export const issueReminder = (contract: OpenContract, reminder: Reminder, today: string, policy: MonitoringPolicy): ContractEvent => {
  const issued: ContractEvent = { type: 'ReminderIssued', data: reminder };
  switch (reminder.subject) {
    case 'signature': {
      const awaited = contract.authorisation ? partiesAwaited(contract) : [];
      if (awaited.length === 0) {
        throw conflict(
          'reminder.nothing-awaited',
          contract.authorisation ? 'Both parties have signed' : 'No signature is awaited before the contract is authorised',
        );
      }
      reminder.awaiting.forEach((party, index) => {
        if (!awaited.includes(party)) throw conflict('reminder.not-awaited', `The ${party} has already signed`, `awaiting.${index}`);
      });
      return issued;
    }
    case 'return': {
      const active = requireActive(contract);
      const period = contractReturnsSchedule(active, policy).find((candidate) => candidate.periodId === reminder.periodId);
      if (!period) throw invalid('reminder.unknown-period', `No return is scheduled for ${reminder.periodId}`, 'periodId');
      const record = active.management.returns[period.periodId];
      if (record?.submittedOn) throw conflict('reminder.nothing-awaited', `The return for ${period.periodId} was submitted on ${record.submittedOn}`);
      if (record?.reminded) throw alreadyIssued(`the return for ${period.periodId}`);
      if (isBefore(today, period.reminderDate)) throw notDue(`the return for ${period.periodId}`, period.reminderDate);
      return issued;
    }
    case 'review': {
      const active = requireRunning(contract);
      const review = contractReviewSchedule(active, policy).find((candidate) => candidate.reviewId === reminder.reviewId);
      if (!review) throw invalid('reminder.unknown-review', `No review ${reminder.reviewId} is scheduled`, 'reviewId');
      const record = active.management.reviews[review.reviewId];
      if (record?.heldOn) throw conflict('reminder.nothing-awaited', `The review ${review.reviewId} was held on ${record.heldOn}`);
      if (record?.reminded) throw alreadyIssued(`the review ${review.reviewId}`);
      if (isBefore(today, review.reminderDate)) throw notDue(`the review ${review.reviewId}`, review.reminderDate);
      return issued;
    }
    case 'expiry': {
      const active = requireRunning(contract);
      const { management } = active;
      if (management.termination.notice) throw conflict('reminder.nothing-awaited', 'The contract ends on notice of termination, not by expiry');
      if (management.expiry.decision) throw conflict('reminder.nothing-awaited', `The decision on expiry was made on ${management.expiry.decidedOn}`);
      if (reminder.endDate !== management.endDate) {
        throw conflict('reminder.not-awaited', `The contract now ends on ${management.endDate}`, 'endDate');
      }
      if (management.expiry.reminded) throw alreadyIssued('the expiry');
      const on = contractExpiryReminderDate(active, policy);
      if (isBefore(today, on)) throw notDue('the expiry', on);
      return issued;
    }
    default:
      return assertNever(reminder);
  }
};

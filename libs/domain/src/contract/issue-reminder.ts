import { assertNever } from '../shared/decider';
import { conflict } from '../shared/errors';
import type { ContractEvent, Reminder } from './contract.events';
import { partiesAwaited, type OpenContract } from './contract.state';

/**
 * A reminder from the workflow's timers, checked against what is still awaited so that a timer which fires late
 * (after the thing it chases has happened) records nothing. For signatures, refusals (conflict):
 * - `reminder.nothing-awaited`: the contract is not authorised yet, or both parties have signed;
 * - `reminder.not-awaited` (field `awaiting.<i>`): a party named has already signed.
 */
export const issueReminder = (contract: OpenContract, reminder: Reminder): ContractEvent => {
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
      return { type: 'ReminderIssued', data: reminder };
    }
    default:
      return assertNever(reminder.subject);
  }
};

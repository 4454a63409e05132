import type { ProcurementPolicy } from '../policy/procurement-policy.schema';
import { addWorkingDays } from '../policy/working-days';
import type { ContractCommand } from './contract.commands';
import { partiesAwaited, type ContractState } from './contract.state';

/** A deadline the contract's workflow sleeps until, and the fact it then records as the system. */
export interface ContractDeadline {
  at: string;
  command: ContractCommand;
}

/**
 * The contract's next deadlines, earliest first. Signatures outstanding after authorisation are chased every
 * `contractIssue.signatureReminderWorkingDays` working days, counted from the contract's last event (the
 * authorisation, a signature or the previous chaser), at 09:00 UTC on the day they fall due.
 */
export const contractDeadlines = (state: ContractState, lastEventAt: string | undefined, policy: ProcurementPolicy): ContractDeadline[] => {
  if (state.status !== 'open' || lastEventAt === undefined) return [];
  const deadlines: ContractDeadline[] = [];
  const awaiting = state.stage === 'contract-issue' && state.authorisation ? partiesAwaited(state) : [];
  if (awaiting.length > 0) {
    const dueOn = addWorkingDays(lastEventAt.slice(0, 10), policy.contractIssue.signatureReminderWorkingDays, policy.calendar.bankHolidays);
    deadlines.push({ at: `${dueOn}T09:00:00.000Z`, command: { type: 'IssueReminder', data: { subject: 'signature', awaiting, dueOn } } });
  }
  return deadlines;
};

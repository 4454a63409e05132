import { parseProcurementPolicy, procurementPolicyBeforeUkCalendar, type ProcurementPolicy, type ProcurementPolicyInput } from '@cls/domain';
import { patched } from '@temporalio/workflow';

/** Working days skip every UK nation's bank holidays and refuse a year the calendar does not know. */
export const ukCalendarPatch = 'uk-calendar';

/**
 * The procurement policy a workflow run decides under. A run begun before the UK calendar, replaying its history,
 * keeps the England and Wales calendar it decided its standstills and deadlines with, so they come out the same;
 * a run begun since (a continued-as-new one too) takes the UK calendar. Call it once, when the run starts, and keep
 * the answer: `patched` answers for the point in the history at which it is asked.
 */
export const procurementPolicyOfRun = (input: ProcurementPolicyInput | undefined): ProcurementPolicy =>
  patched(ukCalendarPatch) ? parseProcurementPolicy(input ?? {}) : procurementPolicyBeforeUkCalendar(input);

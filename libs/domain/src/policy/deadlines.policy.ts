import { z } from 'zod';
import { conflict, invalid } from '../shared/errors';
import { parseOrRefuse } from './parse';
import { ProcurementProcedure, TenderPeriodReduction, type ProcurementPolicy } from './procurement-policy.schema';
import { addCalendarDays, addWorkingDays, calendarDaysBetween, IsoDate, nextWorkingDayOnOrAfter } from './working-days';

// ---- Minimum tender periods -------------------------------------------------------------------------------------

export type TenderStage = 'participation' | 'tendering';

/**
 * The minimum number of calendar days for a stage of a procedure. A statutory reduction (a qualifying planned
 * procurement notice, a state of urgency) shortens the tendering period to the policy's reduced minimum.
 * Refusal: `tender.no-participation-stage` (invalid) for the participation stage of a single-stage procedure.
 */
export const minimumPeriodDays = (
  procedure: ProcurementProcedure,
  stage: TenderStage,
  policy: ProcurementPolicy,
  reduction?: TenderPeriodReduction,
): number => {
  const periods = policy.tenderPeriods[procedure];
  if (stage === 'participation') {
    if (!('participationDays' in periods)) {
      throw invalid('tender.no-participation-stage', `The ${procedure} procedure has no participation stage`, 'stage');
    }
    return periods.participationDays;
  }
  return reduction === undefined
    ? periods.tenderingDays
    : Math.min(periods.tenderingDays, policy.tenderPeriods.reducedTenderingDays[reduction]);
};

export const StageDeadline = z.object({
  procedure: ProcurementProcedure,
  stage: z.enum(['participation', 'tendering']),
  /** The tender notice's publication (participation; tendering in an open procedure) or the invitation to tender. */
  startsOn: IsoDate,
  closesOn: IsoDate,
  reduction: TenderPeriodReduction.optional(),
});
export type StageDeadline = z.infer<typeof StageDeadline>;

/**
 * Checks a closing date against the minimum period; returns the earliest lawful closing date.
 * Refusal: `tender.period-below-minimum` (conflict) when `closesOn` is earlier.
 */
export const checkStageDeadline = (deadline: StageDeadline, policy: ProcurementPolicy): { earliestClosingDate: IsoDate; minimumDays: number } => {
  const parsed = parseOrRefuse(StageDeadline, deadline, 'tender.invalid-deadline');
  const minimumDays = minimumPeriodDays(parsed.procedure, parsed.stage, policy, parsed.reduction);
  const earliestClosingDate = addCalendarDays(parsed.startsOn, minimumDays);
  if (calendarDaysBetween(parsed.startsOn, parsed.closesOn) < minimumDays) {
    throw conflict(
      'tender.period-below-minimum',
      `The ${parsed.stage} period of a ${parsed.procedure} procedure is at least ${minimumDays} days: close on ${earliestClosingDate} or later`,
      'closesOn',
    );
  }
  return { earliestClosingDate, minimumDays };
};

// ---- Standstill -------------------------------------------------------------------------------------------------

export interface StandstillPeriod {
  /** The first working day counted. */
  firstDay: IsoDate;
  /** Standstill runs to the end of this day, London time (`endOfLondonDay`). */
  lastDay: IsoDate;
  /** The first calendar day on which the contract may be entered into, if no challenge suspends it. */
  contractMayBeEnteredFrom: IsoDate;
}

/**
 * The mandatory standstill after the award decision (contract award notice): `standstill.workingDays` working days
 * on the policy's calendar. With `includesPublicationDay` (the Act's "beginning with the day" of publication) a
 * notice published on a working day counts that day as day 1; a notice published on a non-working day starts the
 * count on the next working day. Refused with `calendar.year-not-known` when the count reaches a year the calendar
 * does not know.
 */
export const standstillPeriod = (noticePublishedOn: string, policy: ProcurementPolicy): StandstillPeriod => {
  const holidays = policy.calendar;
  const { workingDays, includesPublicationDay } = policy.standstill;
  const firstDay = includesPublicationDay
    ? nextWorkingDayOnOrAfter(noticePublishedOn, holidays)
    : addWorkingDays(noticePublishedOn, 1, holidays);
  const lastDay = addWorkingDays(firstDay, workingDays - 1, holidays);
  return { firstDay, lastDay, contractMayBeEnteredFrom: addCalendarDays(lastDay, 1) };
};

// ---- Abnormally low: explanation deadline -----------------------------------------------------------------------

/** The day by which a bidder asked to explain an abnormally low price must answer (working days, policy calendar). */
export const explanationDeadline = (requestedOn: string, policy: ProcurementPolicy): IsoDate =>
  addWorkingDays(requestedOn, policy.abnormallyLow.explanationDeadlineWorkingDays, policy.calendar);

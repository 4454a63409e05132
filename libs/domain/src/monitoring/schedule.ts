import { z } from 'zod';
import { MeasurementFrequency, ReviewCadence } from '../contract/vocabulary';
import { parseOrRefuse } from '../policy/parse';
import type { MonitoringPolicy } from '../policy/monitoring-policy.schema';
import { addCalendarDays, calendarDaysBetween, IsoDate } from '../policy/working-days';
import { conflict, invalid } from '../shared/errors';
import { addMonths, isBefore, laterOf, subtractCalendarDays } from './calendar';

/** Every frequency as a step of months, except weekly, which is seven days. */
const frequencyMonths: Readonly<Record<Exclude<MeasurementFrequency, 'weekly'>, number>> = {
  monthly: 1,
  quarterly: 3,
  biannual: 6,
  annual: 12,
};

/** How many months apart review meetings of each cadence are. */
const reviewMonths: Readonly<Record<ReviewCadence, number>> = { quarterly: 3, biannual: 6, annual: 12 };

/** The nth step (0-based) from the start: counted from the start every time, so month-end clamping never drifts. */
const step = (startDate: string, frequency: MeasurementFrequency, n: number): IsoDate =>
  frequency === 'weekly' ? addCalendarDays(startDate, 7 * n) : addMonths(startDate, frequencyMonths[frequency] * n);

export const ContractTerm = z.object({
  startDate: IsoDate,
  /** The last day of the contract, inclusive. */
  endDate: IsoDate,
});
export type ContractTerm = z.infer<typeof ContractTerm>;

const parseTerm = <T extends ContractTerm>(schema: z.ZodType<T>, input: T): T => {
  const term = parseOrRefuse(schema, input, 'monitoring.invalid-term');
  if (isBefore(term.endDate, term.startDate)) {
    throw invalid('monitoring.invalid-term', `The contract cannot end (${term.endDate}) before it starts (${term.startDate})`, 'endDate');
  }
  return term;
};

// ---- Returns -----------------------------------------------------------------------------------------------------

export const ReturnsScheduleInput = ContractTerm.extend({ frequency: MeasurementFrequency });
export type ReturnsScheduleInput = z.infer<typeof ReturnsScheduleInput>;

/** One period a provider reports on, with every date the workflow sets a timer for. */
export interface ReturnPeriod {
  /** The period as an ISO 8601 interval, `2026-04-01/2026-06-30`: stable however often the schedule is recomputed. */
  periodId: string;
  /** 1 for the contract's first period. */
  sequence: number;
  startDate: IsoDate;
  endDate: IsoDate;
  /** The day after the period ends: a return cannot report on a period that has not finished. */
  submittableFrom: IsoDate;
  /** The last day the return is on time. */
  dueDate: IsoDate;
  /** `reminderDaysBefore` the due date, but never before the return can be submitted. */
  reminderDate: IsoDate;
  /** The first day the return is late: a return is due by the end of its due date. */
  overdueOn: IsoDate;
  /** The day a still-missing return has been `escalateAfterDaysOverdue` days overdue and climbs the ladder. */
  escalationDate: IsoDate;
}

/**
 * The provider's returns from contract start to end at the given frequency, each period counted from the start
 * (quarterly from 1 April: April–June, July–September, …) and the last one cut short at the contract's end. To
 * change frequency part-way (a new risk rating), schedule again from the first day not yet covered.
 * Refusal: `monitoring.invalid-term` (invalid) for a malformed term or one that ends before it starts.
 */
export const returnsSchedule = (input: ReturnsScheduleInput, policy: MonitoringPolicy): ReturnPeriod[] => {
  const { startDate, endDate, frequency } = parseTerm(ReturnsScheduleInput, input);
  const { dueDaysAfterPeriodEnd, reminderDaysBefore, escalateAfterDaysOverdue } = policy.returns;
  const periods: ReturnPeriod[] = [];
  for (let n = 0; !isBefore(endDate, step(startDate, frequency, n)); n += 1) {
    const periodStart = step(startDate, frequency, n);
    const nextStart = step(startDate, frequency, n + 1);
    const periodEnd = isBefore(endDate, nextStart) ? endDate : subtractCalendarDays(nextStart, 1);
    const submittableFrom = addCalendarDays(periodEnd, 1);
    const dueDate = addCalendarDays(periodEnd, dueDaysAfterPeriodEnd);
    periods.push({
      periodId: `${periodStart}/${periodEnd}`,
      sequence: n + 1,
      startDate: periodStart,
      endDate: periodEnd,
      submittableFrom,
      dueDate,
      reminderDate: laterOf(subtractCalendarDays(dueDate, reminderDaysBefore), submittableFrom),
      overdueOn: addCalendarDays(dueDate, 1),
      escalationDate: addCalendarDays(dueDate, escalateAfterDaysOverdue),
    });
  }
  return periods;
};

const findPeriod = (periodId: string, schedule: readonly ReturnPeriod[]): ReturnPeriod | undefined =>
  schedule.find((period) => period.periodId === periodId);

/** True when the schedule has the period and it has ended by `today`, so a return on it can be submitted. */
export const isReturnDue = (periodId: string, schedule: readonly ReturnPeriod[], today: string): boolean => {
  const period = findPeriod(periodId, schedule);
  return period !== undefined && calendarDaysBetween(period.submittableFrom, today) >= 0;
};

/**
 * The period a return reports on, refused with `monitoring.period-not-due` (field `periodId`) when it is not due:
 * invalid when the schedule has no such period, conflict when the period has not ended yet.
 */
export const requireReturnDue = (periodId: string, schedule: readonly ReturnPeriod[], today: string): ReturnPeriod => {
  const period = findPeriod(periodId, schedule);
  if (!period) {
    throw invalid('monitoring.period-not-due', `No return is scheduled for the period ${periodId}`, 'periodId');
  }
  if (!isReturnDue(periodId, schedule, today)) {
    throw conflict(
      'monitoring.period-not-due',
      `The return for ${periodId} is not due: the period ends on ${period.endDate}, returns open on ${period.submittableFrom}`,
      'periodId',
    );
  }
  return period;
};

/** Whole days a return is overdue on `today`: 0 until its overdue day, and 0 once it has been submitted. */
export const daysOverdue = (period: Pick<ReturnPeriod, 'dueDate'>, today: string, submittedOn?: string): number =>
  submittedOn === undefined ? Math.max(0, calendarDaysBetween(period.dueDate, today)) : 0;

// ---- Review meetings ---------------------------------------------------------------------------------------------

export const ReviewScheduleInput = ContractTerm.extend({
  cadences: z.array(ReviewCadence).min(1).max(ReviewCadence.options.length),
});
export type ReviewScheduleInput = z.infer<typeof ReviewScheduleInput>;

export interface ReviewMeeting {
  /** `annual-2027-04-01`: the kind and the date, unique within a contract. */
  reviewId: string;
  kind: ReviewCadence;
  date: IsoDate;
  /** `reminderDaysBefore` the meeting, never before the contract starts. */
  reminderDate: IsoDate;
  /** The day a meeting not yet held is missed and escalates. */
  escalationDate: IsoDate;
  /** Whether the contract manager attends (the annual review, by default); the lead professional chairs. */
  contractManagerAttends: boolean;
}

/** Where two cadences fall on the same day, the less frequent meeting is held: an annual review covers the half-year. */
const precedence: readonly ReviewCadence[] = ['annual', 'biannual', 'quarterly'];

/**
 * Review meetings every 3, 6 or 12 months from the contract's start, up to and including its last day; one meeting
 * a day, the least frequent cadence taking it. Refusal: `monitoring.invalid-term` (invalid).
 */
export const reviewSchedule = (input: ReviewScheduleInput, policy: MonitoringPolicy): ReviewMeeting[] => {
  const { startDate, endDate, cadences } = parseTerm(ReviewScheduleInput, input);
  const byDate = new Map<string, ReviewCadence>();
  for (const kind of precedence.filter((cadence) => cadences.includes(cadence))) {
    for (let n = 1; ; n += 1) {
      const date = addMonths(startDate, reviewMonths[kind] * n);
      if (isBefore(endDate, date)) break;
      if (!byDate.has(date)) byDate.set(date, kind);
    }
  }
  return [...byDate.entries()]
    .sort(([a], [b]) => calendarDaysBetween(b, a))
    .map(([date, kind]) => ({
      reviewId: `${kind}-${date}`,
      kind,
      date,
      reminderDate: laterOf(subtractCalendarDays(date, policy.reviews.reminderDaysBefore), startDate),
      escalationDate: addCalendarDays(date, policy.reviews.escalateAfterDaysMissed),
      contractManagerAttends: policy.reviews.contractManagerAttends.includes(kind),
    }));
};

import { invalid } from '../shared/errors';
import { londonDateOf } from '../policy/london-time';
import { calendarDaysBetween, IsoDate } from '../policy/working-days';

/**
 * Month arithmetic on `YYYY-MM-DD` dates, computed on UTC days like the rest of the calendar code. Contract
 * periods are counted in months from the contract's start, so a period that starts on the 31st ends on the last
 * day of a shorter month instead of spilling into the next one.
 */

const toDate = (year: number, monthIndex: number, day: number): IsoDate =>
  new Date(Date.UTC(year, monthIndex, day)).toISOString().slice(0, 10);

/** Year, month (1–12) and day of a real calendar date; anything else, 2027-02-30 included, is refused. */
const parts = (date: string): [number, number, number] => {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  // Date.UTC rolls 2027-02-30 over to 2 March; a round trip catches it.
  if (!IsoDate.safeParse(date).success || toDate(year, month - 1, day) !== date) {
    throw invalid('calendar.invalid-date', `${JSON.stringify(date)} is not a calendar date (YYYY-MM-DD)`, 'date');
  }
  return [year, month, day];
};

const daysInMonth = (year: number, monthIndex: number): number => new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();

/**
 * The same day `months` months later (earlier when negative), clamped to the month's last day:
 * 2026-01-31 + 1 month is 2026-02-28; 2026-08-31 − 6 months is 2026-02-28.
 */
export const addMonths = (date: string, months: number): IsoDate => {
  if (!Number.isInteger(months)) {
    throw invalid('calendar.invalid-month-count', `A number of months must be whole, not ${months}`, 'months');
  }
  const [year, month, day] = parts(date);
  const monthIndex = month - 1 + months;
  const targetYear = year + Math.floor(monthIndex / 12);
  const targetMonth = ((monthIndex % 12) + 12) % 12;
  return toDate(targetYear, targetMonth, Math.min(day, daysInMonth(targetYear, targetMonth)));
};

/** The date `days` calendar days before `date`. */
export const subtractCalendarDays = (date: string, days: number): IsoDate => {
  if (!Number.isInteger(days) || days < 0) {
    throw invalid('calendar.invalid-day-count', `A number of days must be a whole number of zero or more, not ${days}`, 'days');
  }
  const [year, month, day] = parts(date);
  return toDate(year, month - 1, day - days);
};

/** The London calendar day of an instant (a CommandContext's `now`): the UK's day, in GMT or BST. */
export const dateOf = (instant: string): IsoDate => londonDateOf(instant);

/** True when `a` is strictly before `b`. */
export const isBefore = (a: string, b: string): boolean => calendarDaysBetween(a, b) > 0;

/** The later of two dates. */
export const laterOf = (a: string, b: string): IsoDate => (isBefore(a, b) ? b : a);

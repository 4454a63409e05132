import { z } from 'zod';
import { invalid } from '../shared/errors';

/**
 * Calendar arithmetic on dates, not instants. A date is `YYYY-MM-DD` and is treated as a UTC calendar day, so the
 * result never depends on the machine's time zone or on daylight saving. Nothing here reads a clock: the caller
 * passes the start date. Turning a date into an instant (e.g. "midnight at the end of the last standstill day,
 * London time") is the caller's job.
 */
export const IsoDate = z.iso.date();
export type IsoDate = z.infer<typeof IsoDate>;

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 for a valid `YYYY-MM-DD`; refuses anything else, including 2027-02-30. */
const toEpochDay = (date: string, field: string): number => {
  if (!IsoDate.safeParse(date).success) {
    throw invalid('calendar.invalid-date', `${JSON.stringify(date)} is not a calendar date (YYYY-MM-DD)`, field);
  }
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const epochDay = Date.UTC(year, month - 1, day) / MS_PER_DAY;
  // Date.UTC rolls 2027-02-30 over to 2 March; a round trip catches it.
  if (fromEpochDay(epochDay) !== date) {
    throw invalid('calendar.invalid-date', `${date} is not a calendar date`, field);
  }
  return epochDay;
};

const fromEpochDay = (epochDay: number): string => new Date(epochDay * MS_PER_DAY).toISOString().slice(0, 10);

/** 0 Sunday … 6 Saturday. 1970-01-01 was a Thursday. */
const weekday = (epochDay: number): number => (((epochDay + 4) % 7) + 7) % 7;

const holidaySet = (bankHolidays: readonly string[]): ReadonlySet<number> =>
  new Set(bankHolidays.map((holiday, index) => toEpochDay(holiday, `bankHolidays.${index}`)));

const checkDays = (days: number): void => {
  if (!Number.isInteger(days) || days < 0) {
    throw invalid('calendar.invalid-day-count', `A number of days must be a whole number of zero or more, not ${days}`, 'days');
  }
};

const isWorkingEpochDay = (epochDay: number, holidays: ReadonlySet<number>): boolean => {
  const day = weekday(epochDay);
  return day !== 0 && day !== 6 && !holidays.has(epochDay);
};

/** True for Monday to Friday unless the date is one of the given bank holidays. */
export const isWorkingDay = (date: string, bankHolidays: readonly string[]): boolean =>
  isWorkingEpochDay(toEpochDay(date, 'date'), holidaySet(bankHolidays));

/**
 * The date `days` working days after `start`; the start itself is never counted. Friday + 1 is the next Monday
 * (or Tuesday after a bank-holiday Monday); Saturday + 1 is Monday. `days = 0` returns `start` unchanged.
 */
export const addWorkingDays = (start: string, days: number, bankHolidays: readonly string[]): IsoDate => {
  let epochDay = toEpochDay(start, 'start');
  checkDays(days);
  const holidays = holidaySet(bankHolidays);
  let remaining = days;
  while (remaining > 0) {
    epochDay += 1;
    if (isWorkingEpochDay(epochDay, holidays)) remaining -= 1;
  }
  return fromEpochDay(epochDay);
};

/** `date` itself when it is a working day, otherwise the first working day after it. */
export const nextWorkingDayOnOrAfter = (date: string, bankHolidays: readonly string[]): IsoDate => {
  let epochDay = toEpochDay(date, 'date');
  const holidays = holidaySet(bankHolidays);
  while (!isWorkingEpochDay(epochDay, holidays)) epochDay += 1;
  return fromEpochDay(epochDay);
};

/** The date `days` calendar days after `start` (statutory tender periods are counted in calendar days). */
export const addCalendarDays = (start: string, days: number): IsoDate => {
  const epochDay = toEpochDay(start, 'start');
  checkDays(days);
  return fromEpochDay(epochDay + days);
};

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export const calendarDaysBetween = (from: string, to: string): number => toEpochDay(to, 'to') - toEpochDay(from, 'from');

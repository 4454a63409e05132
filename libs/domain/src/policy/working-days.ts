import { z } from 'zod';
import { DomainError, invalid } from '../shared/errors';

/**
 * Calendar arithmetic on dates, not instants. A date is `YYYY-MM-DD`, a UK calendar day (london-time.ts turns an
 * instant into one and one into the instants that bound it); the arithmetic runs on UTC days so the result never
 * depends on the machine's time zone or on daylight saving. Nothing here reads a clock: the caller passes the start
 * date.
 */
export const IsoDate = z.iso.date();
export type IsoDate = z.infer<typeof IsoDate>;

/**
 * What decides whether a weekday is a working day: the bank holidays of every part of the UK, and the years for
 * which that list is complete. The procurement policy's `calendar` is one.
 */
export interface WorkingCalendar {
  readonly bankHolidays: readonly string[];
  readonly knownYears: { readonly first: number; readonly last: number };
}

/**
 * A working day was asked about in a year whose bank holidays the calendar does not know. Refused rather than
 * guessed: counting an unlisted holiday as a working day would cut a statutory period short.
 */
export class CalendarYearNotKnown extends DomainError {
  constructor(
    readonly year: number,
    knownYears: WorkingCalendar['knownYears'],
  ) {
    super(
      'conflict',
      'calendar.year-not-known',
      `The bank holidays of ${year} are not known: the calendar covers ${knownYears.first} to ${knownYears.last}, ` +
        `so no day of ${year} can be counted as a working day until ${year}'s bank holidays in every part of the UK ` +
        `are added to the procurement policy's calendar`,
    );
  }
}

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

interface Holidays {
  readonly days: ReadonlySet<number>;
  readonly knownYears: WorkingCalendar['knownYears'];
}

const holidaysOf = (calendar: WorkingCalendar): Holidays => ({
  days: new Set(calendar.bankHolidays.map((holiday, index) => toEpochDay(holiday, `bankHolidays.${index}`))),
  knownYears: calendar.knownYears,
});

const checkDays = (days: number): void => {
  if (!Number.isInteger(days) || days < 0) {
    throw invalid('calendar.invalid-day-count', `A number of days must be a whole number of zero or more, not ${days}`, 'days');
  }
};

/** Refuses a day in a year the calendar does not know, even a weekend: the count would go on into that year. */
const isWorkingEpochDay = (epochDay: number, holidays: Holidays): boolean => {
  const year = new Date(epochDay * MS_PER_DAY).getUTCFullYear();
  if (year < holidays.knownYears.first || year > holidays.knownYears.last) throw new CalendarYearNotKnown(year, holidays.knownYears);
  const day = weekday(epochDay);
  return day !== 0 && day !== 6 && !holidays.days.has(epochDay);
};

/** True for Monday to Friday unless the date is a bank holiday; refused in a year the calendar does not know. */
export const isWorkingDay = (date: string, calendar: WorkingCalendar): boolean =>
  isWorkingEpochDay(toEpochDay(date, 'date'), holidaysOf(calendar));

/**
 * The date `days` working days after `start`; the start itself is never counted. Friday + 1 is the next Monday
 * (or Tuesday after a bank-holiday Monday); Saturday + 1 is Monday. `days = 0` returns `start` unchanged. Refused
 * with `calendar.year-not-known` when the count reaches a year the calendar does not know.
 */
export const addWorkingDays = (start: string, days: number, calendar: WorkingCalendar): IsoDate => {
  let epochDay = toEpochDay(start, 'start');
  checkDays(days);
  const holidays = holidaysOf(calendar);
  let remaining = days;
  while (remaining > 0) {
    epochDay += 1;
    if (isWorkingEpochDay(epochDay, holidays)) remaining -= 1;
  }
  return fromEpochDay(epochDay);
};

/** `date` itself when it is a working day, otherwise the first working day after it (refused like addWorkingDays). */
export const nextWorkingDayOnOrAfter = (date: string, calendar: WorkingCalendar): IsoDate => {
  let epochDay = toEpochDay(date, 'date');
  const holidays = holidaysOf(calendar);
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

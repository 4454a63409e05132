import { ukBankHolidayDates } from './bank-holidays.uk';
import { defaultProcurementPolicy } from './procurement-policy.schema';
import {
  addCalendarDays,
  addWorkingDays,
  calendarDaysBetween,
  CalendarYearNotKnown,
  isWorkingDay,
  nextWorkingDayOnOrAfter,
  type WorkingCalendar,
} from './working-days';
import { refusal } from '../testing';

/** The default policy's calendar: every UK nation's bank holidays, 2025–2028. */
const uk = defaultProcurementPolicy.calendar;
/** No holidays at all, over years wide enough for the weekend rules. */
const weekendsOnly: WorkingCalendar = { bankHolidays: [], knownYears: { first: 2025, last: 2030 } };

describe('working days: weekends', () => {
  it('given a Monday, when one working day is added, then it is the Tuesday', () => {
    expect(addWorkingDays('2026-06-01', 1, weekendsOnly)).toBe('2026-06-02');
  });

  it('given a Friday, when one working day is added, then it is the next Monday', () => {
    expect(addWorkingDays('2026-06-05', 1, weekendsOnly)).toBe('2026-06-08');
  });

  it('given a Saturday, when one working day is added, then it is the Monday', () => {
    expect(addWorkingDays('2026-06-06', 1, weekendsOnly)).toBe('2026-06-08');
  });

  it('given a Monday, when eight working days are added, then it is the Thursday of the next week', () => {
    expect(addWorkingDays('2026-06-01', 8, weekendsOnly)).toBe('2026-06-11');
  });

  it('given any date, when no working days are added, then it is the date itself', () => {
    expect(addWorkingDays('2026-06-06', 0, uk)).toBe('2026-06-06');
  });

  it('given the end of February in a leap year, then 29 February counts', () => {
    expect(addWorkingDays('2028-02-28', 1, weekendsOnly)).toBe('2028-02-29');
  });
});

describe('working days: bank holidays of every part of the UK', () => {
  it('given the Thursday before Easter 2027, when one working day is added, then Good Friday, the weekend and Easter Monday are skipped', () => {
    expect(addWorkingDays('2027-03-25', 1, uk)).toBe('2027-03-30');
  });

  it('given the same Thursday without a holiday list, then Good Friday is a working day', () => {
    expect(addWorkingDays('2027-03-25', 1, weekendsOnly)).toBe('2027-03-26');
  });

  it('given Christmas Eve 2027 (a Friday), then the substitute Christmas and Boxing Days are skipped', () => {
    expect(addWorkingDays('2027-12-24', 1, uk)).toBe('2027-12-29');
  });

  it("given New Year 2028 on a Saturday, then both Monday's and Scotland's 2 January substitute on the Tuesday are skipped", () => {
    expect(addWorkingDays('2027-12-31', 1, uk)).toBe('2028-01-05');
  });

  it("given the last day of 2026, then the count crosses the year past New Year's Day and Scotland's substitute 2 January", () => {
    // Thu 31 Dec 2026; Fri 1 Jan 2027 is New Year's Day; Mon 4 Jan is Scotland's substitute for Saturday 2 January.
    expect(addWorkingDays('2026-12-31', 1, uk)).toBe('2027-01-05');
  });

  it("given a day that is a bank holiday in one nation only, then it is no working day anywhere (the Act's rule)", () => {
    expect(isWorkingDay('2026-11-30', uk)).toBe(false); // St Andrew's Day, Scotland
    expect(isWorkingDay('2027-03-17', uk)).toBe(false); // St Patrick's Day, Northern Ireland
    expect(isWorkingDay('2027-07-12', uk)).toBe(false); // Battle of the Boyne, Northern Ireland
    expect(isWorkingDay('2027-08-02', uk)).toBe(false); // Summer bank holiday, Scotland
    expect(isWorkingDay('2027-08-30', uk)).toBe(false); // Summer bank holiday, England, Wales and Northern Ireland
  });

  it('given a bank holiday or a weekend day, then it is not a working day; an ordinary Tuesday is', () => {
    expect(isWorkingDay('2027-03-29', uk)).toBe(false);
    expect(isWorkingDay('2027-03-27', uk)).toBe(false);
    expect(isWorkingDay('2027-03-30', uk)).toBe(true);
  });

  it('given Good Friday 2027, then the next working day on or after it is the Tuesday', () => {
    expect(nextWorkingDayOnOrAfter('2027-03-26', uk)).toBe('2027-03-30');
    expect(nextWorkingDayOnOrAfter('2027-03-30', uk)).toBe('2027-03-30');
  });

  it("given the default calendar, then it is the union of the three nations' lists", () => {
    expect(uk.bankHolidays).toEqual(ukBankHolidayDates);
    expect(uk.knownYears).toEqual({ first: 2025, last: 2028 });
  });
});

describe('working days: years the calendar does not know', () => {
  it('given a count that runs past the last known year, then it is refused naming the missing year, never counted', () => {
    const error = refusal(() => addWorkingDays('2028-12-27', 5, uk));
    expect(error).toBeInstanceOf(CalendarYearNotKnown);
    expect(error).toMatchObject({ kind: 'conflict', code: 'calendar.year-not-known', year: 2029 });
    expect(error.message).toContain('The bank holidays of 2029 are not known');
    expect(error.message).toContain('2025 to 2028');
  });

  it('given a count that ends within the last known year, then it is answered', () => {
    // Wed 27 Dec 2028 + 2: Thu 28, Fri 29, the last working day of 2028.
    expect(addWorkingDays('2028-12-27', 2, uk)).toBe('2028-12-29');
  });

  it('given a date before the first known year, or a weekend day after the last, then it is refused too', () => {
    expect(refusal(() => isWorkingDay('2024-06-03', uk))).toMatchObject({ code: 'calendar.year-not-known', year: 2024 });
    expect(refusal(() => isWorkingDay('2029-01-06', uk))).toMatchObject({ code: 'calendar.year-not-known', year: 2029 });
    expect(refusal(() => nextWorkingDayOnOrAfter('2029-01-02', uk)).message).toContain('2029');
  });

  it('given calendar days in any year, then no bank holiday is needed and none is refused', () => {
    expect(addCalendarDays('2035-12-30', 3)).toBe('2036-01-02');
  });
});

describe('working days: calendar days', () => {
  it('given a date, when calendar days are added, then weekends and holidays count', () => {
    expect(addCalendarDays('2026-12-20', 25)).toBe('2027-01-14');
    expect(calendarDaysBetween('2026-12-20', '2027-01-14')).toBe(25);
    expect(calendarDaysBetween('2027-01-14', '2026-12-20')).toBe(-25);
  });
});

describe('working days: refusals', () => {
  it('given a start that is not a calendar date, then it is refused naming the field', () => {
    expect(refusal(() => addWorkingDays('2027-02-30', 1, uk)).toJSON()).toMatchObject({
      kind: 'invalid',
      code: 'calendar.invalid-date',
      field: 'start',
    });
    expect(refusal(() => addWorkingDays('25/03/2027', 1, uk)).code).toBe('calendar.invalid-date');
  });

  it('given a bank holiday that is not a calendar date, then it is refused naming its position', () => {
    expect(refusal(() => addWorkingDays('2027-03-25', 1, { ...weekendsOnly, bankHolidays: ['2027-13-01'] })).field).toBe('bankHolidays.0');
  });

  it('given a negative or fractional number of days, then it is refused', () => {
    expect(refusal(() => addWorkingDays('2027-03-25', -1, uk)).code).toBe('calendar.invalid-day-count');
    expect(refusal(() => addCalendarDays('2027-03-25', 1.5)).code).toBe('calendar.invalid-day-count');
  });
});

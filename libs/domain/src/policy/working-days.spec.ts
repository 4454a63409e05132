import { englandAndWalesBankHolidayDates, englandAndWalesBankHolidays } from './bank-holidays.england-and-wales';
import { addCalendarDays, addWorkingDays, calendarDaysBetween, isWorkingDay, nextWorkingDayOnOrAfter } from './working-days';
import { refusal } from '../testing';


const holidays = englandAndWalesBankHolidayDates;

describe('working days: weekends', () => {
  it('given a Monday, when one working day is added, then it is the Tuesday', () => {
    expect(addWorkingDays('2026-06-01', 1, [])).toBe('2026-06-02');
  });

  it('given a Friday, when one working day is added, then it is the next Monday', () => {
    expect(addWorkingDays('2026-06-05', 1, [])).toBe('2026-06-08');
  });

  it('given a Saturday, when one working day is added, then it is the Monday', () => {
    expect(addWorkingDays('2026-06-06', 1, [])).toBe('2026-06-08');
  });

  it('given a Monday, when eight working days are added, then it is the Thursday of the next week', () => {
    expect(addWorkingDays('2026-06-01', 8, [])).toBe('2026-06-11');
  });

  it('given any date, when no working days are added, then it is the date itself', () => {
    expect(addWorkingDays('2026-06-06', 0, holidays)).toBe('2026-06-06');
  });

  it('given the end of February in a leap year, then 29 February counts', () => {
    expect(addWorkingDays('2028-02-28', 1, [])).toBe('2028-02-29');
  });
});

describe('working days: bank holidays', () => {
  it('given the Thursday before Easter 2027, when one working day is added, then Good Friday, the weekend and Easter Monday are skipped', () => {
    expect(addWorkingDays('2027-03-25', 1, holidays)).toBe('2027-03-30');
  });

  it('given the same Thursday without a holiday list, then Good Friday is a working day', () => {
    expect(addWorkingDays('2027-03-25', 1, [])).toBe('2027-03-26');
  });

  it('given Christmas Eve 2027 (a Friday), then the substitute Christmas and Boxing Days are skipped', () => {
    expect(addWorkingDays('2027-12-24', 1, holidays)).toBe('2027-12-29');
  });

  it('given New Year 2028 on a Saturday, then the substitute Monday is skipped', () => {
    expect(addWorkingDays('2027-12-31', 1, holidays)).toBe('2028-01-04');
  });

  it('given a bank holiday or a weekend day, then it is not a working day; an ordinary Tuesday is', () => {
    expect(isWorkingDay('2027-03-29', holidays)).toBe(false);
    expect(isWorkingDay('2027-03-27', holidays)).toBe(false);
    expect(isWorkingDay('2027-03-30', holidays)).toBe(true);
  });

  it('given Good Friday 2027, then the next working day on or after it is the Tuesday', () => {
    expect(nextWorkingDayOnOrAfter('2027-03-26', holidays)).toBe('2027-03-30');
    expect(nextWorkingDayOnOrAfter('2027-03-30', holidays)).toBe('2027-03-30');
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
    expect(refusal(() => addWorkingDays('2027-02-30', 1, [])).toJSON()).toMatchObject({
      kind: 'invalid',
      code: 'calendar.invalid-date',
      field: 'start',
    });
    expect(refusal(() => addWorkingDays('25/03/2027', 1, [])).code).toBe('calendar.invalid-date');
  });

  it('given a bank holiday that is not a calendar date, then it is refused naming its position', () => {
    expect(refusal(() => addWorkingDays('2027-03-25', 1, ['2027-13-01'])).field).toBe('bankHolidays.0');
  });

  it('given a negative or fractional number of days, then it is refused', () => {
    expect(refusal(() => addWorkingDays('2027-03-25', -1, [])).code).toBe('calendar.invalid-day-count');
    expect(refusal(() => addCalendarDays('2027-03-25', 1.5)).code).toBe('calendar.invalid-day-count');
  });
});

describe('bank holidays in England and Wales, 2025–2028 (policy data)', () => {
  /** Easter Sunday by the anonymous Gregorian algorithm, to cross-check the data. */
  const easterSunday = (year: number): string => {
    const a = year % 19;
    const b = Math.floor(year / 100);
    const c = year % 100;
    const d = Math.floor(b / 4);
    const e = b % 4;
    const f = Math.floor((b + 8) / 25);
    const g = Math.floor((b - f + 1) / 3);
    const h = (19 * a + b - d - g + 15) % 30;
    const i = Math.floor(c / 4);
    const k = c % 4;
    const l = (32 + 2 * e + 2 * i - h - k) % 7;
    const m = Math.floor((a + 11 * h + 22 * l) / 451);
    const month = Math.floor((h + l - 7 * m + 114) / 31);
    const day = ((h + l - 7 * m + 114) % 31) + 1;
    return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  };

  it('given the list, then it has eight holidays a year, in order, without duplicates', () => {
    for (const year of [2025, 2026, 2027, 2028]) {
      expect(englandAndWalesBankHolidayDates.filter((date) => date.startsWith(`${year}-`))).toHaveLength(8);
    }
    expect([...englandAndWalesBankHolidayDates].sort()).toEqual(englandAndWalesBankHolidayDates);
    expect(new Set(englandAndWalesBankHolidayDates).size).toBe(englandAndWalesBankHolidayDates.length);
  });

  it('given the list, then every holiday falls on a weekday (weekend holidays have substitute days)', () => {
    for (const date of englandAndWalesBankHolidayDates) {
      expect(isWorkingDay(date, [])).toBe(true);
    }
  });

  it('given the list, then Good Friday and Easter Monday agree with the date of Easter', () => {
    for (const year of [2025, 2026, 2027, 2028]) {
      const easter = easterSunday(year);
      const named = (name: string) => englandAndWalesBankHolidays.find((h) => h.name === name && h.date.startsWith(`${year}-`))?.date;
      expect(named('Good Friday')).toBe(shift(easter, -2));
      expect(named('Easter Monday')).toBe(shift(easter, 1));
    }
  });
});

/** `addCalendarDays` refuses negative counts, so go back by counting forward from 1970. */
function shift(date: string, days: number): string {
  return addCalendarDays('1970-01-01', calendarDaysBetween('1970-01-01', date) + days);
}

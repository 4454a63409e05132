import { regularBankHolidays, ukNations } from './bank-holiday-rules';
import { ukBankHolidayDates, ukBankHolidays, ukBankHolidaysKnownYears } from './bank-holidays.uk';
import { defaultProcurementPolicy, parseProcurementPolicy } from './procurement-policy.schema';
import { isWorkingDay } from './working-days';
import { refusal } from '../testing';

const knownYears = Array.from(
  { length: ukBankHolidaysKnownYears.last - ukBankHolidaysKnownYears.first + 1 },
  (_, index) => ukBankHolidaysKnownYears.first + index,
);
const weekendsOnly = { bankHolidays: [], knownYears: ukBankHolidaysKnownYears };

describe('UK bank holidays (policy data)', () => {
  it.each(ukNations)('given %s, then every known year is listed, in order, without duplicates', (nation) => {
    const dates = ukBankHolidays[nation].map((holiday) => holiday.date);
    expect([...dates].sort()).toEqual(dates);
    expect(new Set(dates).size).toBe(dates.length);
    expect(new Set(dates.map((date) => Number(date.slice(0, 4))))).toEqual(new Set(knownYears));
  });

  it.each(ukNations)('given %s, then each known year holds every regular day the rules give (no proclaimed one-off was missed)', (nation) => {
    for (const year of knownYears) {
      const listed = ukBankHolidays[nation].filter((holiday) => holiday.date.startsWith(`${year}-`)).map((holiday) => holiday.date);
      expect(listed).toEqual(regularBankHolidays(year, nation).map((holiday) => holiday.date));
    }
  });

  it('given the lists, then every holiday falls on a weekday (weekend holidays have substitute days)', () => {
    for (const date of ukBankHolidayDates) expect(isWorkingDay(date, weekendsOnly)).toBe(true);
  });

  it('given the three lists, then the working-day calendar is their union, each date once', () => {
    const union = new Set(ukNations.flatMap((nation) => ukBankHolidays[nation].map((holiday) => holiday.date)));
    expect(ukBankHolidayDates).toEqual([...union].sort());
    // St Andrew's Day (Scotland) and the Battle of the Boyne (Northern Ireland) are in; each shared day only once.
    expect(ukBankHolidayDates).toEqual(expect.arrayContaining(['2026-11-30', '2027-07-12']));
    expect(ukBankHolidayDates.filter((date) => date === '2027-12-27')).toHaveLength(1);
  });
});

describe('the policy calendar', () => {
  it("given no configuration, then it is every UK nation's list and the years it covers", () => {
    expect(defaultProcurementPolicy.calendar).toEqual({ bankHolidays: ukBankHolidayDates, knownYears: { first: 2025, last: 2028 } });
  });

  it('given a deployment that extends the calendar by a year, then that year is known', () => {
    const extended = parseProcurementPolicy({
      calendar: {
        bankHolidays: [...ukBankHolidayDates, ...ukNations.flatMap((nation) => regularBankHolidays(2029, nation).map((holiday) => holiday.date))],
        knownYears: { first: 2025, last: 2029 },
      },
    });
    expect(isWorkingDay('2029-01-02', extended.calendar)).toBe(false); // 2 January, Scotland
    expect(isWorkingDay('2029-01-03', extended.calendar)).toBe(true);
  });

  it('given a known year with no bank holidays listed, then the policy is refused naming knownYears', () => {
    expect(refusal(() => parseProcurementPolicy({ calendar: { knownYears: { first: 2025, last: 2029 } } })).toJSON()).toMatchObject({
      kind: 'invalid',
      code: 'policy.known-year-unlisted',
      field: 'calendar.knownYears',
    });
  });

  it('given a bank holiday outside the known years, then the policy is refused naming it', () => {
    expect(refusal(() => parseProcurementPolicy({ calendar: { bankHolidays: [...ukBankHolidayDates, '2029-01-01'] } })).toJSON()).toMatchObject({
      code: 'policy.holiday-outside-known-years',
      field: `calendar.bankHolidays.${ukBankHolidayDates.length}`,
    });
  });

  it('given known years that run backwards, then the policy is refused naming the last year', () => {
    expect(refusal(() => parseProcurementPolicy({ calendar: { knownYears: { first: 2028, last: 2025 } } })).toJSON()).toMatchObject({
      code: 'policy.known-years-reversed',
      field: 'calendar.knownYears.last',
    });
  });
});

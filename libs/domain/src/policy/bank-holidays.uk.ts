import type { BankHoliday, UkNation } from './bank-holiday-rules';

/**
 * The UK's bank holidays, nation by nation, for the years the policy KNOWS: policy DATA, not logic, as published on
 * gov.uk/bank-holidays (substitute days included: Boxing Day 2026 is a Saturday, so Monday 28 December is the
 * holiday). The Procurement Act 2023 counts a day as a working day only if it is a bank holiday in no part of the UK,
 * so the policy's calendar is the union of the three lists (`ukBankHolidayDates`).
 *
 * A year is known only when every holiday in it is: regular days follow rules, but a proclamation can move one or add
 * a one-off (a coronation, a jubilee). Dates in a year outside `ukBankHolidaysKnownYears` are refused, never
 * counted as working days. To extend the calendar by a year:
 * 1. draft each nation's days with `regularBankHolidays(year, nation)` (bank-holiday-rules.ts);
 * 2. check them against the published list (or the royal proclamation), adding any one-off and moving any day it
 *    moves, and add them below;
 * 3. raise `last` in `ukBankHolidaysKnownYears`. The data spec then proves that every known year is listed for
 *    every nation and that each regular day is there.
 * A deployment can do the same in configuration, without a release: `calendar.bankHolidays` and
 * `calendar.knownYears` in its procurement policy.
 */
export const ukBankHolidaysKnownYears = Object.freeze({ first: 2025, last: 2028 });

export const ukBankHolidays: Readonly<Record<UkNation, readonly BankHoliday[]>> = Object.freeze({
  'england-and-wales': [
    { date: '2025-01-01', name: "New Year's Day" },
    { date: '2025-04-18', name: 'Good Friday' },
    { date: '2025-04-21', name: 'Easter Monday' },
    { date: '2025-05-05', name: 'Early May bank holiday' },
    { date: '2025-05-26', name: 'Spring bank holiday' },
    { date: '2025-08-25', name: 'Summer bank holiday' },
    { date: '2025-12-25', name: 'Christmas Day' },
    { date: '2025-12-26', name: 'Boxing Day' },

    { date: '2026-01-01', name: "New Year's Day" },
    { date: '2026-04-03', name: 'Good Friday' },
    { date: '2026-04-06', name: 'Easter Monday' },
    { date: '2026-05-04', name: 'Early May bank holiday' },
    { date: '2026-05-25', name: 'Spring bank holiday' },
    { date: '2026-08-31', name: 'Summer bank holiday' },
    { date: '2026-12-25', name: 'Christmas Day' },
    { date: '2026-12-28', name: 'Boxing Day (substitute day)' },

    { date: '2027-01-01', name: "New Year's Day" },
    { date: '2027-03-26', name: 'Good Friday' },
    { date: '2027-03-29', name: 'Easter Monday' },
    { date: '2027-05-03', name: 'Early May bank holiday' },
    { date: '2027-05-31', name: 'Spring bank holiday' },
    { date: '2027-08-30', name: 'Summer bank holiday' },
    { date: '2027-12-27', name: 'Christmas Day (substitute day)' },
    { date: '2027-12-28', name: 'Boxing Day (substitute day)' },

    { date: '2028-01-03', name: "New Year's Day (substitute day)" },
    { date: '2028-04-14', name: 'Good Friday' },
    { date: '2028-04-17', name: 'Easter Monday' },
    { date: '2028-05-01', name: 'Early May bank holiday' },
    { date: '2028-05-29', name: 'Spring bank holiday' },
    { date: '2028-08-28', name: 'Summer bank holiday' },
    { date: '2028-12-25', name: 'Christmas Day' },
    { date: '2028-12-26', name: 'Boxing Day' },
  ],
  'scotland': [
    { date: '2025-01-01', name: "New Year's Day" },
    { date: '2025-01-02', name: '2nd January' },
    { date: '2025-04-18', name: 'Good Friday' },
    { date: '2025-05-05', name: 'Early May bank holiday' },
    { date: '2025-05-26', name: 'Spring bank holiday' },
    { date: '2025-08-04', name: 'Summer bank holiday' },
    { date: '2025-12-01', name: "St Andrew's Day (substitute day)" },
    { date: '2025-12-25', name: 'Christmas Day' },
    { date: '2025-12-26', name: 'Boxing Day' },

    { date: '2026-01-01', name: "New Year's Day" },
    { date: '2026-01-02', name: '2nd January' },
    { date: '2026-04-03', name: 'Good Friday' },
    { date: '2026-05-04', name: 'Early May bank holiday' },
    { date: '2026-05-25', name: 'Spring bank holiday' },
    { date: '2026-08-03', name: 'Summer bank holiday' },
    { date: '2026-11-30', name: "St Andrew's Day" },
    { date: '2026-12-25', name: 'Christmas Day' },
    { date: '2026-12-28', name: 'Boxing Day (substitute day)' },

    { date: '2027-01-01', name: "New Year's Day" },
    { date: '2027-01-04', name: '2nd January (substitute day)' },
    { date: '2027-03-26', name: 'Good Friday' },
    { date: '2027-05-03', name: 'Early May bank holiday' },
    { date: '2027-05-31', name: 'Spring bank holiday' },
    { date: '2027-08-02', name: 'Summer bank holiday' },
    { date: '2027-11-30', name: "St Andrew's Day" },
    { date: '2027-12-27', name: 'Christmas Day (substitute day)' },
    { date: '2027-12-28', name: 'Boxing Day (substitute day)' },

    { date: '2028-01-03', name: "New Year's Day (substitute day)" },
    { date: '2028-01-04', name: '2nd January (substitute day)' },
    { date: '2028-04-14', name: 'Good Friday' },
    { date: '2028-05-01', name: 'Early May bank holiday' },
    { date: '2028-05-29', name: 'Spring bank holiday' },
    { date: '2028-08-07', name: 'Summer bank holiday' },
    { date: '2028-11-30', name: "St Andrew's Day" },
    { date: '2028-12-25', name: 'Christmas Day' },
    { date: '2028-12-26', name: 'Boxing Day' },
  ],
  'northern-ireland': [
    { date: '2025-01-01', name: "New Year's Day" },
    { date: '2025-03-17', name: "St Patrick's Day" },
    { date: '2025-04-18', name: 'Good Friday' },
    { date: '2025-04-21', name: 'Easter Monday' },
    { date: '2025-05-05', name: 'Early May bank holiday' },
    { date: '2025-05-26', name: 'Spring bank holiday' },
    { date: '2025-07-14', name: "Battle of the Boyne (Orangemen's Day) (substitute day)" },
    { date: '2025-08-25', name: 'Summer bank holiday' },
    { date: '2025-12-25', name: 'Christmas Day' },
    { date: '2025-12-26', name: 'Boxing Day' },

    { date: '2026-01-01', name: "New Year's Day" },
    { date: '2026-03-17', name: "St Patrick's Day" },
    { date: '2026-04-03', name: 'Good Friday' },
    { date: '2026-04-06', name: 'Easter Monday' },
    { date: '2026-05-04', name: 'Early May bank holiday' },
    { date: '2026-05-25', name: 'Spring bank holiday' },
    { date: '2026-07-13', name: "Battle of the Boyne (Orangemen's Day) (substitute day)" },
    { date: '2026-08-31', name: 'Summer bank holiday' },
    { date: '2026-12-25', name: 'Christmas Day' },
    { date: '2026-12-28', name: 'Boxing Day (substitute day)' },

    { date: '2027-01-01', name: "New Year's Day" },
    { date: '2027-03-17', name: "St Patrick's Day" },
    { date: '2027-03-26', name: 'Good Friday' },
    { date: '2027-03-29', name: 'Easter Monday' },
    { date: '2027-05-03', name: 'Early May bank holiday' },
    { date: '2027-05-31', name: 'Spring bank holiday' },
    { date: '2027-07-12', name: "Battle of the Boyne (Orangemen's Day)" },
    { date: '2027-08-30', name: 'Summer bank holiday' },
    { date: '2027-12-27', name: 'Christmas Day (substitute day)' },
    { date: '2027-12-28', name: 'Boxing Day (substitute day)' },

    { date: '2028-01-03', name: "New Year's Day (substitute day)" },
    { date: '2028-03-17', name: "St Patrick's Day" },
    { date: '2028-04-14', name: 'Good Friday' },
    { date: '2028-04-17', name: 'Easter Monday' },
    { date: '2028-05-01', name: 'Early May bank holiday' },
    { date: '2028-05-29', name: 'Spring bank holiday' },
    { date: '2028-07-12', name: "Battle of the Boyne (Orangemen's Day)" },
    { date: '2028-08-28', name: 'Summer bank holiday' },
    { date: '2028-12-25', name: 'Christmas Day' },
    { date: '2028-12-26', name: 'Boxing Day' },
  ],
});

/** Every date that is a bank holiday in some part of the UK, in date order: the shape the working-day rules take. */
export const ukBankHolidayDates: readonly string[] = Object.freeze(
  [...new Set(Object.values(ukBankHolidays).flatMap((holidays) => holidays.map((holiday) => holiday.date)))].sort(),
);

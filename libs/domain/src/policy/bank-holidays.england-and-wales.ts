/**
 * Bank holidays in England and Wales, 2025–2028: policy DATA, not logic.
 *
 * Taken from the official list (gov.uk/bank-holidays), substitute days included where a holiday falls at a
 * weekend (e.g. Boxing Day 2026 is a Saturday, so Monday 28 December is the holiday). Deployments MUST keep this
 * list current: add later years as they are announced, and any one-off holiday the government proclaims (a
 * coronation, a jubilee) as soon as it is. The procurement policy carries its own copy (`calendar.bankHolidays`),
 * defaulting to this list, so a deployment can extend it in configuration without a code change.
 *
 * Note for regulated procurements: the Procurement Act 2023 defines a working day by reference to bank holidays in
 * ANY part of the United Kingdom, so a deployment may need to add the Scottish and Northern Irish ones too.
 */
export interface BankHoliday {
  /** A calendar date, YYYY-MM-DD. */
  readonly date: string;
  readonly name: string;
}

export const englandAndWalesBankHolidays: readonly BankHoliday[] = Object.freeze([
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
]);

/** The dates alone, the shape `addWorkingDays` takes. */
export const englandAndWalesBankHolidayDates: readonly string[] = Object.freeze(
  englandAndWalesBankHolidays.map((holiday) => holiday.date),
);

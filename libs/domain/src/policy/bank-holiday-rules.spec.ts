import { easterSunday, regularBankHolidays } from './bank-holiday-rules';

const dates = (year: number, nation: Parameters<typeof regularBankHolidays>[1]): string[] =>
  regularBankHolidays(year, nation).map((holiday) => holiday.date);

describe('regular UK bank holidays (the rules a new year is drafted from)', () => {
  it('given England and Wales, then Easter, the first and last Mondays of May and the last Monday of August', () => {
    expect(dates(2029, 'england-and-wales')).toEqual([
      '2029-01-01', // New Year's Day
      '2029-03-30', // Good Friday (Easter Sunday 1 April)
      '2029-04-02', // Easter Monday
      '2029-05-07', // Early May
      '2029-05-28', // Spring
      '2029-08-27', // Summer: last Monday of August
      '2029-12-25',
      '2029-12-26',
    ]);
  });

  it("given Scotland, then 2 January and St Andrew's Day, no Easter Monday, and summer on the first Monday of August", () => {
    expect(dates(2029, 'scotland')).toEqual([
      '2029-01-01',
      '2029-01-02',
      '2029-03-30',
      '2029-05-07',
      '2029-05-28',
      '2029-08-06',
      '2029-11-30',
      '2029-12-25',
      '2029-12-26',
    ]);
  });

  it("given Northern Ireland, then St Patrick's Day and the Battle of the Boyne besides England and Wales' days", () => {
    expect(dates(2029, 'northern-ireland')).toEqual([
      '2029-01-01',
      '2029-03-19', // St Patrick's Day, Saturday 17th, on the Monday
      '2029-03-30',
      '2029-04-02',
      '2029-05-07',
      '2029-05-28',
      '2029-07-12',
      '2029-08-27',
      '2029-12-25',
      '2029-12-26',
    ]);
  });

  it('given Christmas on a Sunday, then Boxing Day keeps Monday and Christmas moves to the Tuesday', () => {
    expect(regularBankHolidays(2022, 'england-and-wales').slice(-2)).toEqual([
      { date: '2022-12-26', name: 'Boxing Day' },
      { date: '2022-12-27', name: 'Christmas Day (substitute day)' },
    ]);
  });

  it("given Scotland's New Year on a Sunday, then 2 January keeps Monday and New Year's Day moves to the Tuesday", () => {
    expect(dates(2023, 'scotland').slice(0, 2)).toEqual(['2023-01-02', '2023-01-03']);
  });

  it("given St Andrew's Day and the Boyne at a weekend, then each moves to the Monday", () => {
    expect(dates(2024, 'scotland')).toContain('2024-12-02');
    expect(dates(2026, 'northern-ireland')).toContain('2026-07-13');
  });

  it('given a year of proclaimed changes, then the rules do not know them: only the published list does', () => {
    // 2022 moved the Spring bank holiday to Thursday 2 June and added Friday 3 June (the Platinum Jubilee).
    expect(dates(2022, 'england-and-wales')).toContain('2022-05-30');
    expect(dates(2022, 'england-and-wales')).not.toContain('2022-06-03');
  });

  it('given a year outside the rules, then it is refused', () => {
    expect(() => regularBankHolidays(1971, 'scotland')).toThrow(RangeError);
    expect(() => regularBankHolidays(2029.5, 'scotland')).toThrow(RangeError);
  });
});

describe('Easter Sunday (Gregorian)', () => {
  it.each([
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2028, '2028-04-16'],
    [2029, '2029-04-01'],
    [2038, '2038-04-25'], // the latest Easter can fall
    [2285, '2285-03-22'], // the earliest
  ])('given %i, then Easter Sunday is %s', (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });
});

import { afterLondonDay, endOfLondonDay, londonDateOf, londonMorningOf, startOfLondonDay } from './london-time';

const HOUR = 3_600_000;
const lengthOf = (date: string): number => (Date.parse(endOfLondonDay(date)) + 1 - Date.parse(startOfLondonDay(date))) / HOUR;

describe('London time: the date of an instant', () => {
  it('given an instant in winter (GMT), then its London date is its UTC date', () => {
    expect(londonDateOf('2027-01-15T23:59:59.999Z')).toBe('2027-01-15');
    expect(londonDateOf('2027-01-16T00:00:00.000Z')).toBe('2027-01-16');
  });

  it('given an instant in summer (BST), then from 23:00 UTC it is already the next London day', () => {
    expect(londonDateOf('2027-06-30T22:59:59.999Z')).toBe('2027-06-30');
    expect(londonDateOf('2027-06-30T23:00:00.000Z')).toBe('2027-07-01');
  });

  it('given the turn of the year, then the year turns at London midnight, which is UTC midnight in winter', () => {
    expect(londonDateOf('2026-12-31T23:59:59.999Z')).toBe('2026-12-31');
    expect(londonDateOf('2027-01-01T00:00:00.000Z')).toBe('2027-01-01');
  });

  it('given the night the clocks go forward (28 March 2027), then the date turns at 23:00 UTC once BST has begun', () => {
    expect(londonDateOf('2027-03-28T00:59:59.999Z')).toBe('2027-03-28'); // 00:59 GMT
    expect(londonDateOf('2027-03-28T01:00:00.000Z')).toBe('2027-03-28'); // 02:00 BST
    expect(londonDateOf('2027-03-28T23:00:00.000Z')).toBe('2027-03-29'); // 00:00 BST
  });

  it('given the night the clocks go back (31 October 2027), then the date turns at 00:00 UTC again', () => {
    expect(londonDateOf('2027-10-30T23:00:00.000Z')).toBe('2027-10-31'); // 00:00 BST
    expect(londonDateOf('2027-10-31T23:59:59.999Z')).toBe('2027-10-31'); // 23:59 GMT
  });

  it('given an offset instant, then it is read as the instant it names', () => {
    expect(londonDateOf('2027-07-01T00:30:00+02:00')).toBe('2027-06-30'); // 22:30 UTC, 23:30 BST
  });
});

describe('London time: the instants that bound a day', () => {
  it('given a winter day, then it runs from 00:00 to 23:59:59.999 UTC and its morning is 09:00 UTC', () => {
    expect(startOfLondonDay('2027-01-15')).toBe('2027-01-15T00:00:00.000Z');
    expect(endOfLondonDay('2027-01-15')).toBe('2027-01-15T23:59:59.999Z');
    expect(londonMorningOf('2027-01-15')).toBe('2027-01-15T09:00:00.000Z');
  });

  it('given a summer day, then each is an hour earlier in UTC', () => {
    expect(startOfLondonDay('2027-07-01')).toBe('2027-06-30T23:00:00.000Z');
    expect(endOfLondonDay('2027-07-01')).toBe('2027-07-01T22:59:59.999Z');
    expect(londonMorningOf('2027-07-01')).toBe('2027-07-01T08:00:00.000Z');
  });

  it('given the day the clocks go forward, then it starts in GMT, ends in BST and lasts 23 hours', () => {
    expect(startOfLondonDay('2027-03-28')).toBe('2027-03-28T00:00:00.000Z');
    expect(londonMorningOf('2027-03-28')).toBe('2027-03-28T08:00:00.000Z');
    expect(endOfLondonDay('2027-03-28')).toBe('2027-03-28T22:59:59.999Z');
    expect(lengthOf('2027-03-28')).toBe(23);
  });

  it('given the day the clocks go back, then it starts in BST, ends in GMT and lasts 25 hours', () => {
    expect(startOfLondonDay('2027-10-31')).toBe('2027-10-30T23:00:00.000Z');
    expect(londonMorningOf('2027-10-31')).toBe('2027-10-31T09:00:00.000Z');
    expect(endOfLondonDay('2027-10-31')).toBe('2027-10-31T23:59:59.999Z');
    expect(lengthOf('2027-10-31')).toBe(25);
  });

  it('given the last day of a year, then it ends the instant before the next year begins', () => {
    expect(Date.parse(endOfLondonDay('2027-12-31')) + 1).toBe(Date.parse(startOfLondonDay('2028-01-01')));
    expect(londonDateOf(endOfLondonDay('2027-12-31'))).toBe('2027-12-31');
    expect(londonDateOf(startOfLondonDay('2028-01-01'))).toBe('2028-01-01');
  });

  it('given any day across a year of both clock changes, then the day of its bounds is the day itself', () => {
    for (let day = Date.UTC(2027, 0, 1); day < Date.UTC(2028, 0, 1); day += 24 * HOUR) {
      const date = new Date(day).toISOString().slice(0, 10);
      expect([londonDateOf(startOfLondonDay(date)), londonDateOf(endOfLondonDay(date)), londonDateOf(londonMorningOf(date))]).toEqual([date, date, date]);
    }
  });
});

describe('London time: when a day-based deadline has passed', () => {
  it('given a due day, then the deadline passes at the midnight that ends it, London time, 1 ms after its last instant', () => {
    expect(afterLondonDay('2027-01-15')).toBe('2027-01-16T00:00:00.000Z');
    expect(afterLondonDay('2027-07-01')).toBe('2027-07-01T23:00:00.000Z');
    expect(afterLondonDay('2027-03-27')).toBe('2027-03-28T00:00:00.000Z'); // the clocks go forward after it
    expect(afterLondonDay('2027-10-30')).toBe('2027-10-30T23:00:00.000Z'); // the clocks go back after it
    expect(afterLondonDay('2027-12-31')).toBe(startOfLondonDay('2028-01-01'));
  });
});

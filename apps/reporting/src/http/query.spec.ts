import { addDays, dayOf } from './query';

describe('days in the reporting service', () => {
  it('takes an instant’s day in England: after 23:00 UTC in summer it is already the next day, in winter not', () => {
    expect(dayOf('2026-07-01T23:30:00.000Z')).toBe('2026-07-02');
    expect(dayOf('2026-07-01T22:59:59.999Z')).toBe('2026-07-01');
    expect(dayOf('2026-01-15T23:30:00.000Z')).toBe('2026-01-15');
    expect(dayOf(new Date('2026-10-25T00:30:00.000Z'))).toBe('2026-10-25');
  });

  it('adds days as calendar dates, across a change of the clocks and of the year', () => {
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
    expect(addDays('2026-10-24', 2)).toBe('2026-10-26');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-12-25', 8)).toBe('2027-01-02');
  });
});

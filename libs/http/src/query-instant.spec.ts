import { QueryInstant } from './query-instant';

describe('QueryInstant', () => {
  it('takes an ISO 8601 instant with Z or a time zone’s offset', () => {
    for (const value of ['2026-01-31T09:00:00Z', '2026-01-31T09:00:00.123+01:00', '0001-01-01T00:00:00+14:00', '9999-12-31T23:59:59-14:00']) {
      expect(QueryInstant.safeParse(value).success).toBe(true);
    }
  });

  it('refuses what PostgreSQL cannot read as a timestamptz: an offset past ±14:00, and year 0', () => {
    for (const value of ['0926-04-14T00:18:27+17:35', '2026-01-31T09:00:00-14:01', '0000-01-01T00:00:00Z']) {
      const result = QueryInstant.safeParse(value);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toBe('must fall in the years 1 to 9999, with an offset of at most ±14:00');
    }
  });

  it('refuses an instant without a time zone', () => {
    expect(QueryInstant.safeParse('2026-01-31T09:00:00').error?.issues[0]?.message).toBe('must be an ISO 8601 instant with a time zone, e.g. 2026-01-31T09:00:00Z');
  });
});

import { z } from 'zod';

/** A time zone's offset is at most 14 hours from UTC; PostgreSQL refuses a displacement past 15:59 with an error. */
const maxOffsetMinutes = 14 * 60;

/** Within what PostgreSQL's timestamptz takes: a year from 1 (it has no year 0) and a real time zone's offset. */
const comparable = (value: string): boolean => {
  // What is not an instant at all is the format check's to name, once.
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value)) return true;
  const offset = /([+-])(\d{2}):?(\d{2})$/.exec(value);
  if (offset && Number(offset[2]) * 60 + Number(offset[3]) > maxOffsetMinutes) return false;
  return Number(value.slice(0, 4)) >= 1;
};

/**
 * An instant a query filters by: ISO 8601 with a time zone, which the store compares as a timestamptz. What the
 * database could not read (year 0, an offset of +17:35) is refused here as a 400 naming the parameter, not left to
 * fail the query.
 */
export const QueryInstant = z.iso
  .datetime({ offset: true, error: 'must be an ISO 8601 instant with a time zone, e.g. 2026-01-31T09:00:00Z' })
  .refine(comparable, { error: 'must fall in the years 1 to 9999, with an offset of at most ±14:00' });

import { londonDateOf } from '@cls/domain';
import { QueryInstant } from '@cls/http';
import { z } from 'zod';

/**
 * Any query parameter not declared is refused by name, so a misspelt filter never silently widens a query. (A
 * strict object would name none of them: its one issue has no path.)
 */
export const query = <Shape extends z.ZodRawShape>(shape: Shape) =>
  z.looseObject(shape).superRefine((given, context) => {
    for (const key of Object.keys(given)) {
      if (!Object.hasOwn(shape, key)) context.addIssue({ code: 'custom', path: [key], message: 'is not a known parameter' });
    }
  });

/** The most rows a keyset listing answers at once. */
const maxLimit = 200;

export const Limit = z.coerce.number().int().min(1).max(maxLimit).default(50);

export const IsoDay = z.iso.date({ error: 'must be a calendar day, YYYY-MM-DD' });
export const Instant = QueryInstant;

/**
 * A keyset cursor: the sort key of a page's last row, as base64url JSON. Only the key moves a page on; the
 * reader's tenancy is applied to every page whatever the cursor says, so a forged one can show nothing more.
 */
export const cursorOf = (key: readonly (string | number)[]): string => Buffer.from(JSON.stringify(key)).toString('base64url');

export const Cursor = <Key extends z.ZodTuple>(key: Key) =>
  z
    .string()
    .max(1000)
    .transform((text, context): z.infer<Key> => {
      let decoded: unknown;
      try {
        decoded = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
      } catch {
        decoded = undefined;
      }
      const parsed = key.safeParse(decoded);
      if (!parsed.success) {
        context.addIssue({ code: 'custom', message: 'is not a cursor this listing gave' });
        return z.NEVER;
      }
      return parsed.data;
    });

/** A page of a keyset listing, as the listings answer it: `nextCursor` is there only when more rows follow. */
export const keysetPage = <Item extends z.ZodType>(item: Item) =>
  z.object({
    items: z.array(item),
    limit: z.number().int().min(1).max(maxLimit),
    nextCursor: z.string().optional().describe('Pass it back as `cursor` with the same query for the next page'),
  });

/** The day an instant falls on in England: due dates turn at midnight London time, not UTC (GMT and BST alike). */
export const dayOf = (instant: string | Date): string => londonDateOf(new Date(instant).toISOString());

/** A calendar date `days` later: date arithmetic, with no clock in it. */
export const addDays = (day: string, days: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

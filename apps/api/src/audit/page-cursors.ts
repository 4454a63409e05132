import { ProblemException } from '@cls/http';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

const CursorPayload = z.object({ v: z.literal(1), p: z.string().regex(/^\d{1,19}$/), q: z.string() }).strict();

const tampered = (message: string) =>
  new ProblemException(400, 'request.invalid', `The cursor ${message}`, [{ field: 'cursor', rule: 'invalid-cursor', message }]);

/** A short, stable fingerprint of everything that defines a query except its page: a cursor is valid only for it. */
export const queryFingerprint = (query: Readonly<Record<string, unknown>>): string =>
  createHash('sha256').update(JSON.stringify(query)).digest('base64url').slice(0, 22);

/**
 * Opaque page cursors: the last global position of a page and the query it belongs to, signed with HMAC-SHA256.
 * A client can hand one back but cannot forge one, move it to another position, or reuse it for another query
 * (another process, order or filter), so a cursor never widens what a query returns.
 */
export class PageCursors {
  constructor(private readonly key: Buffer) {}

  issue(fingerprint: string, position: string): string {
    const payload = Buffer.from(JSON.stringify({ v: 1, p: position, q: fingerprint })).toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  /** The position to continue after; a 400 naming `cursor` if it was altered or belongs to another query. */
  read(cursor: string, fingerprint: string): string {
    const [payload, signature, ...rest] = cursor.split('.');
    if (!payload || !signature || rest.length > 0) throw tampered('is malformed');
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw tampered('was altered or not issued here');
    let json: unknown;
    try {
      json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      throw tampered('is malformed');
    }
    const parsed = CursorPayload.safeParse(json);
    if (!parsed.success) throw tampered('is malformed');
    if (parsed.data.q !== fingerprint) throw tampered('belongs to another query (process, order or filters)');
    return parsed.data.p;
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}

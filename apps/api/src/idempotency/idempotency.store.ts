import type { MigrationSet } from '@cls/event-store';
import path from 'node:path';
import type { Pool } from 'pg';

/** The API's own tables (its Idempotency-Keys), migrated apart from the event store under their own ledger. */
export const apiMigrations: MigrationSet = { dir: path.join(__dirname, '..', '..', 'migrations'), table: 'api_migrations' };

/** A key as the draft scopes it: the caller organisation's. */
export interface KeyScope {
  organisation: string;
  key: string;
}

/** What a request is, for telling a retry from a reuse of its key on another request. */
export interface KeyedRequest {
  endpoint: string;
  /** SHA-256 of the body's canonical (JCS) form. */
  fingerprint: Buffer;
}

/** An answer as it was given: a command's result, or (4xx) the problem's code, detail and field errors. */
export interface StoredResponse {
  status: number;
  body: unknown;
  location?: string;
}

export type Claim =
  /** This request holds the key and gives the command; `seed` is what the command's ids derive from. */
  | { kind: 'claimed'; seed: string }
  | { kind: 'completed'; response: StoredResponse }
  /** Another request holds the key and is still waiting for its command. */
  | { kind: 'in-flight'; retryAfterSeconds: number }
  | { kind: 'mismatch'; differs: 'endpoint' | 'body'; firstEndpoint: string };

interface KeyRow {
  endpoint: string;
  fingerprint: Buffer;
  seed: string;
  status: 'in-progress' | 'completed';
  held_for: number | null;
  response_status: number | null;
  response_body: unknown;
  response_location: string | null;
}

/** Idempotency-Keys in PostgreSQL; every operation is one short transaction, never held across a call to Temporal. */
export class IdempotencyStore {
  constructor(
    private readonly pool: Pool,
    private readonly ttlSeconds: number,
  ) {}

  /**
   * Takes the key for `request`, or says why not. A new key (or one past its expiry) is taken at once; a known one
   * is compared with the request first, then answered from its outcome, or taken again if no request holds it.
   */
  async claim(scope: KeyScope, request: KeyedRequest, holdMs: number): Promise<Claim> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // A conflicting live row is locked by ON CONFLICT even when its WHERE declines the update, so the read that
      // follows sees it as this transaction will leave it.
      const taken = await client.query<{ seed: string }>(
        `INSERT INTO idempotency_keys (organisation, idempotency_key, endpoint, fingerprint, seed, status, locked_until, expires_at)
         VALUES ($1, $2, $3, $4, gen_random_uuid(), 'in-progress', now() + make_interval(secs => $5 / 1000.0), now() + make_interval(secs => $6))
         ON CONFLICT (organisation, idempotency_key) DO UPDATE
           SET endpoint = EXCLUDED.endpoint, fingerprint = EXCLUDED.fingerprint, seed = EXCLUDED.seed, status = 'in-progress',
               locked_until = EXCLUDED.locked_until, response_status = NULL, response_body = NULL, response_location = NULL,
               created_at = now(), expires_at = EXCLUDED.expires_at
           WHERE idempotency_keys.expires_at <= now()
         RETURNING seed`,
        [scope.organisation, scope.key, request.endpoint, request.fingerprint, holdMs, this.ttlSeconds],
      );
      const fresh = taken.rows[0];
      if (fresh) {
        await client.query('COMMIT');
        return { kind: 'claimed', seed: fresh.seed };
      }
      const { rows } = await client.query<KeyRow>(
        `SELECT endpoint, fingerprint, seed, status, response_status, response_body, response_location,
                CASE WHEN locked_until > now() THEN ceil(extract(epoch FROM locked_until - now()))::int END AS held_for
           FROM idempotency_keys WHERE organisation = $1 AND idempotency_key = $2 FOR UPDATE`,
        [scope.organisation, scope.key],
      );
      const row = rows[0];
      if (!row) throw new Error('An Idempotency-Key row vanished inside the transaction that locked it');
      const claim = await this.answer(row, request, async () => {
        await client.query(
          `UPDATE idempotency_keys SET locked_until = now() + make_interval(secs => $3 / 1000.0) WHERE organisation = $1 AND idempotency_key = $2`,
          [scope.organisation, scope.key, holdMs],
        );
      });
      await client.query('COMMIT');
      return claim;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async answer(row: KeyRow, request: KeyedRequest, takeOver: () => Promise<void>): Promise<Claim> {
    if (row.endpoint !== request.endpoint) return { kind: 'mismatch', differs: 'endpoint', firstEndpoint: row.endpoint };
    if (!row.fingerprint.equals(request.fingerprint)) return { kind: 'mismatch', differs: 'body', firstEndpoint: row.endpoint };
    if (row.status === 'completed' && row.response_status !== null) {
      const location = row.response_location ?? undefined;
      return { kind: 'completed', response: { status: row.response_status, body: row.response_body, ...(location ? { location } : {}) } };
    }
    if (row.held_for !== null) return { kind: 'in-flight', retryAfterSeconds: Math.max(1, row.held_for) };
    await takeOver();
    return { kind: 'claimed', seed: row.seed };
  }

  /** Records the outcome a retry is to be answered with; the seed makes sure it is the holder's own key. */
  async complete(scope: KeyScope, seed: string, response: StoredResponse): Promise<void> {
    await this.pool.query(
      `UPDATE idempotency_keys
          SET status = 'completed', locked_until = NULL, response_status = $4, response_body = $5::json, response_location = $6
        WHERE organisation = $1 AND idempotency_key = $2 AND seed = $3`,
      [scope.organisation, scope.key, seed, response.status, JSON.stringify(response.body ?? null), response.location ?? null],
    );
  }

  /**
   * Lets the key go without an outcome: the command's fate is unknown (Temporal did not confirm it in time), so the
   * key stays bound to this request, and the next retry takes it and attaches to the same update.
   */
  async release(scope: KeyScope, seed: string): Promise<void> {
    await this.pool.query(
      `UPDATE idempotency_keys SET locked_until = NULL WHERE organisation = $1 AND idempotency_key = $2 AND seed = $3 AND status = 'in-progress'`,
      [scope.organisation, scope.key, seed],
    );
  }

  /** Forgets a key whose request never reached Temporal (its body failed validation), so it may carry a corrected body. */
  async forget(scope: KeyScope, seed: string): Promise<void> {
    await this.pool.query(`DELETE FROM idempotency_keys WHERE organisation = $1 AND idempotency_key = $2 AND seed = $3 AND status = 'in-progress'`, [
      scope.organisation,
      scope.key,
      seed,
    ]);
  }

  /** Deletes expired keys; answers how many. */
  async purge(): Promise<number> {
    const { rowCount } = await this.pool.query('DELETE FROM idempotency_keys WHERE expires_at <= now()');
    return rowCount ?? 0;
  }
}

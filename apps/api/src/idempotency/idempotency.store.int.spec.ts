import { migrate } from '@cls/event-store';
import { createTestDatabase, type TestDatabase } from '@cls/event-store/testing';
import { createHash, randomUUID } from 'node:crypto';
import { apiMigrations, IdempotencyStore, type KeyScope } from './idempotency.store';

const fingerprint = (body: string) => createHash('sha256').update(body).digest();
const award = { endpoint: 'POST /contracts/:contractId/award {"contractId":"c-1"}', fingerprint: fingerprint('{"supplier":"a"}') };
const holdMs = 30_000;

/** The store of Idempotency-Keys on a real PostgreSQL, in a database of its own, migrated as the API migrates it. */
describe('IdempotencyStore (PostgreSQL)', () => {
  let db: TestDatabase;
  let store: IdempotencyStore;
  const scope = (): KeyScope => ({ organisation: 'somerset-council', key: randomUUID() });

  beforeAll(async () => {
    db = await createTestDatabase();
    await migrate(db.url, apiMigrations);
    store = new IdempotencyStore(db.pool, 24 * 3600);
  }, 60_000);

  afterAll(() => db?.drop());

  it('gives a new key to its first request, and tells a retry meanwhile that it is still in flight', async () => {
    const key = scope();
    const first = await store.claim(key, award, holdMs);
    expect(first).toEqual({ kind: 'claimed', seed: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const retry = await store.claim(key, award, holdMs);
    expect(retry).toEqual({ kind: 'in-flight', retryAfterSeconds: expect.any(Number) });
    if (retry.kind === 'in-flight') expect(retry.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('answers a retry with the stored outcome once there is one, Location included', async () => {
    const key = scope();
    const first = await store.claim(key, award, holdMs);
    if (first.kind !== 'claimed') throw new Error('expected the key');
    const body = { state: { status: 'open', title: 'Ünïcode & order', b: 1, a: 2 }, events: [] };
    await store.complete(key, first.seed, { status: 201, body, location: '/contracts/c-1' });
    const retry = await store.claim(key, award, holdMs);
    expect(retry).toEqual({ kind: 'completed', response: { status: 201, body, location: '/contracts/c-1' } });
    if (retry.kind === 'completed') expect(JSON.stringify(retry.response.body)).toBe(JSON.stringify(body));
  });

  it('refuses the key on another endpoint or with another body, naming which', async () => {
    const key = scope();
    await store.claim(key, award, holdMs);
    const elsewhere = { ...award, endpoint: 'POST /contracts/:contractId/specification {"contractId":"c-1"}' };
    expect(await store.claim(key, elsewhere, holdMs)).toEqual({ kind: 'mismatch', differs: 'endpoint', firstEndpoint: award.endpoint });
    expect(await store.claim(key, { ...award, fingerprint: fingerprint('{"supplier":"b"}') }, holdMs)).toMatchObject({ kind: 'mismatch', differs: 'body' });
  });

  it("keeps each organisation's keys apart", async () => {
    const key = scope();
    const ours = await store.claim(key, award, holdMs);
    const theirs = await store.claim({ ...key, organisation: 'wiltshire-council' }, award, holdMs);
    expect(ours.kind).toBe('claimed');
    expect(theirs.kind).toBe('claimed');
    if (ours.kind === 'claimed' && theirs.kind === 'claimed') expect(ours.seed).not.toBe(theirs.seed);
  });

  it('lets a retry take over a key its holder released, with the same seed, so it attaches to the same command', async () => {
    const key = scope();
    const first = await store.claim(key, award, holdMs);
    if (first.kind !== 'claimed') throw new Error('expected the key');
    await store.release(key, first.seed);
    expect(await store.claim(key, award, holdMs)).toEqual({ kind: 'claimed', seed: first.seed });
    // A holder that died: its hold lapses and the key is free again.
    await db.pool.query("UPDATE idempotency_keys SET locked_until = now() - interval '1 second' WHERE idempotency_key = $1", [key.key]);
    expect(await store.claim(key, award, holdMs)).toEqual({ kind: 'claimed', seed: first.seed });
  });

  it('forgets a key whose request never reached Temporal, so a corrected body may use it', async () => {
    const key = scope();
    const first = await store.claim(key, award, holdMs);
    if (first.kind !== 'claimed') throw new Error('expected the key');
    await store.forget(key, first.seed);
    expect(await store.claim(key, { ...award, fingerprint: fingerprint('{"supplier":"fixed"}') }, holdMs)).toMatchObject({ kind: 'claimed' });
  });

  it('gives one of several concurrent requests with one key the key, and tells the others it is in flight', async () => {
    const key = scope();
    const claims = await Promise.all(Array.from({ length: 6 }, () => store.claim(key, award, holdMs)));
    expect(claims.filter((claim) => claim.kind === 'claimed')).toHaveLength(1);
    expect(claims.filter((claim) => claim.kind === 'in-flight')).toHaveLength(5);
  });

  it('treats an expired key as new (with a new seed) and purges expired keys', async () => {
    const key = scope();
    const first = await store.claim(key, award, holdMs);
    if (first.kind !== 'claimed') throw new Error('expected the key');
    await store.complete(key, first.seed, { status: 200, body: { done: true } });
    await db.pool.query("UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE idempotency_key = $1", [key.key]);
    const reused = await store.claim(key, { ...award, fingerprint: fingerprint('{"supplier":"other"}') }, holdMs);
    expect(reused).toMatchObject({ kind: 'claimed' });
    if (reused.kind === 'claimed') expect(reused.seed).not.toBe(first.seed);

    const stale = scope();
    await store.claim(stale, award, holdMs);
    await db.pool.query("UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE idempotency_key = $1", [stale.key]);
    expect(await store.purge()).toBeGreaterThanOrEqual(1);
    const { rows } = await db.pool.query('SELECT 1 FROM idempotency_keys WHERE idempotency_key = $1', [stale.key]);
    expect(rows).toHaveLength(0);
    // A live key survives the purge.
    const { rows: live } = await db.pool.query('SELECT 1 FROM idempotency_keys WHERE idempotency_key = $1', [key.key]);
    expect(live).toHaveLength(1);
  });

  it('expires keys after the configured period', async () => {
    const key = scope();
    await store.claim(key, award, holdMs);
    const { rows } = await db.pool.query<{ hours: string }>(
      'SELECT extract(epoch FROM expires_at - created_at) / 3600 AS hours FROM idempotency_keys WHERE idempotency_key = $1',
      [key.key],
    );
    expect(Number(rows[0]?.hours)).toBeCloseTo(24, 5);
  });
});

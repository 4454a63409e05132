import { mintToken, type AuthSettings } from '@cls/auth';
import { contractWorkflowId, type Actor } from '@cls/domain';
import { createTestDatabase, type TestDatabase } from '@cls/event-store/testing';
import type { INestApplication } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import request from 'supertest';
import { createApiTestApp, spawnWorker, testTemporalAddress, type TestWorker } from '../testing/api-test-app';

const auth: AuthSettings = { secret: 'idempotency-api-test-secret-at-least-32-chars', issuer: 'cls-test', audience: 'cls-test-api' };
const somerset: Actor = { id: 'com-1', role: 'commissioner', organisation: 'somerset-council' };
const wiltshire: Actor = { id: 'com-9', role: 'commissioner', organisation: 'wiltshire-council' };

interface Problem {
  code?: string;
  errors?: { field: string; rule: string }[];
  correlationId?: string;
}

/**
 * Idempotency-Keys end to end: API → PostgreSQL (the keys) and Temporal (dev server) → the worker process →
 * PostgreSQL (the events). Two API instances share the keys' database, as replicas would: one waits only 2 s for a
 * command, to be answered 503 while no worker polls the task queue yet; the worker is started when first needed.
 */
describe('Idempotency-Key on command requests (real Temporal, worker and PostgreSQL)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let impatient: INestApplication;
  let temporal: Client;
  let worker: TestWorker | undefined;
  const taskQueue = `idempotency-api-${randomUUID()}`;
  const openedIds: string[] = [];

  const as = async (actor: Actor) => `Bearer ${await mintToken(actor, auth)}`;
  const post = async (actor: Actor, route: string, body: object, key?: string, via: INestApplication = app) => {
    const call = request(via.getHttpServer() as Server)
      .post(route)
      .set('authorization', await as(actor));
    return (key === undefined ? call : call.set('idempotency-key', key)).send(body);
  };
  const opened = async (organisation: string): Promise<string[]> => {
    const { rows } = await db.pool.query<{ id: string }>(
      "SELECT data->>'contractId' AS id FROM events WHERE event_type = 'CommissionOpened' AND data->>'organisation' = $1 ORDER BY global_position",
      [organisation],
    );
    return rows.map((row) => row.id);
  };
  /** The worker on this suite's task queue and database; started once, when first needed. */
  const startWorker = async (): Promise<void> => {
    worker ??= await spawnWorker({ db, taskQueue });
  };

  const createApp = (waitSeconds: number): Promise<INestApplication> =>
    createApiTestApp({
      db,
      auth,
      env: { TEMPORAL_TASK_QUEUE: taskQueue, CLS_COMMAND_WAIT_SECONDS: String(waitSeconds), CLS_COMMAND_RETRY_AFTER_SECONDS: '3' },
    });

  beforeAll(async () => {
    db = await createTestDatabase();
    // Generous: a loaded machine may take long over a command, and only `impatient` is to give up.
    app = await createApp(120);
    impatient = await createApp(2);
    temporal = new Client({ connection: await Connection.connect({ address: testTemporalAddress() }) });
  }, 120_000);

  afterAll(async () => {
    for (const contractId of openedIds) {
      await temporal?.workflow.getHandle(contractWorkflowId(contractId)).terminate('test finished').catch(() => undefined);
    }
    await temporal?.connection.close();
    await app?.close();
    await impatient?.close();
    await worker?.stop();
    await db?.drop();
  }, 60_000);

  it('answers 503 with Retry-After while the command is unconfirmed, and the same key later answers its outcome', async () => {
    const key = randomUUID();
    const body = { title: 'Supported living, north' };
    const unconfirmed = await post(somerset, '/contracts', body, key, impatient);
    expect(unconfirmed.status).toBe(503);
    expect(unconfirmed.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(unconfirmed.headers['retry-after']).toBe('3');
    expect(unconfirmed.body).toMatchObject({ code: 'command.unavailable' });

    await startWorker();
    const answered = await post(somerset, '/contracts', body, key);
    expect(answered.status).toBe(201);
    const location = answered.headers['location'];
    expect(location).toMatch(/^\/contracts\/[0-9a-f-]{36}$/);
    openedIds.push(location?.split('/')[2] ?? '');
    expect(await opened(somerset.organisation)).toEqual([location?.split('/')[2]]);
  }, 240_000);

  it('opens one contract however often a POST /contracts without a contractId is sent with one key, answering each alike', async () => {
    await startWorker();
    const key = randomUUID();
    const body = { title: 'Home care, west', description: 'Retried by a client that lost its answers' };
    const before = await opened(somerset.organisation);
    const answers = [];
    for (let attempt = 0; attempt < 3; attempt += 1) answers.push(await post(somerset, '/contracts', body, key));
    for (const answer of answers) {
      expect(answer.status).toBe(201);
      expect(answer.headers['location']).toBe(answers[0]?.headers['location']);
      expect(answer.body).toEqual(answers[0]?.body);
    }
    const contractId = answers[0]?.headers['location']?.split('/')[2] ?? '';
    openedIds.push(contractId);
    expect(await opened(somerset.organisation)).toEqual([...before, contractId]);
    // The members in another order and other spacing are the same body.
    const reordered = await request(app.getHttpServer() as Server)
      .post('/contracts')
      .set('authorization', await as(somerset))
      .set('idempotency-key', key)
      .set('content-type', 'application/json')
      .send(`{ "description": "${body.description}",   "title": "${body.title}" }`);
    expect(reordered.status).toBe(201);
    expect(reordered.headers['location']).toBe(answers[0]?.headers['location']);
  }, 240_000);

  it('refuses the key with another body, or on another endpoint, with 422 naming the header, and applies neither', async () => {
    await startWorker();
    const key = randomUUID();
    const first = await post(somerset, '/contracts', { title: 'Day services' }, key);
    expect(first.status).toBe(201);
    const contractId = first.headers['location']?.split('/')[2] ?? '';
    openedIds.push(contractId);
    const before = await opened(somerset.organisation);

    const otherBody = await post(somerset, '/contracts', { title: 'Day services, revised' }, key);
    expect(otherBody.status).toBe(422);
    expect(otherBody.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(otherBody.body as Problem).toMatchObject({ code: 'idempotency.key-reused', errors: [{ field: 'Idempotency-Key', rule: 'idempotency.key-reused' }] });

    const otherEndpoint = await post(somerset, `/contracts/${contractId}/needs-assessment`, { summary: 'x' }, key);
    expect(otherEndpoint.status).toBe(422);
    expect(otherEndpoint.body as Problem).toMatchObject({ code: 'idempotency.key-reused', errors: [{ field: 'Idempotency-Key' }] });
    expect(await opened(somerset.organisation)).toEqual(before);
    const { rows } = await db.pool.query('SELECT event_type FROM events WHERE stream_id = $1', [`contract-${contractId}`]);
    expect(rows.map((row: { event_type: string }) => row.event_type)).toEqual(['CommissionOpened']);
  }, 240_000);

  it("keeps one organisation's key apart from another's: the same key opens a contract for each", async () => {
    await startWorker();
    const key = randomUUID();
    const ours = await post(somerset, '/contracts', { title: 'Respite care' }, key);
    const theirs = await post(wiltshire, '/contracts', { title: 'Respite care' }, key);
    expect(ours.status).toBe(201);
    expect(theirs.status).toBe(201);
    const ourId = ours.headers['location']?.split('/')[2] ?? '';
    const theirId = theirs.headers['location']?.split('/')[2] ?? '';
    openedIds.push(ourId, theirId);
    expect(ourId).not.toBe(theirId);
    expect(await opened(wiltshire.organisation)).toContain(theirId);
    expect(await opened(somerset.organisation)).toContain(ourId);
  }, 240_000);

  it('gives concurrent requests with one key one effect: one opens, the others are told 409 or given its answer', async () => {
    await startWorker();
    const key = randomUUID();
    const body = { title: 'Reablement' };
    const before = await opened(somerset.organisation);
    const answers = await Promise.all(Array.from({ length: 5 }, () => post(somerset, '/contracts', body, key)));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.every((status) => status === 201 || status === 409)).toBe(true);
    expect(statuses).toContain(201);
    for (const busy of answers.filter((answer) => answer.status === 409)) {
      expect(busy.body as Problem).toMatchObject({ code: 'idempotency.in-progress', errors: [{ field: 'Idempotency-Key' }] });
      expect(Number(busy.headers['retry-after'])).toBeGreaterThan(0);
    }
    const locations = new Set(answers.filter((answer) => answer.status === 201).map((answer) => answer.headers['location']));
    expect(locations.size).toBe(1);
    const after = await opened(somerset.organisation);
    expect(after).toHaveLength(before.length + 1);
    openedIds.push(after[after.length - 1] ?? '');
    // Once it has finished, the key answers every retry with the one outcome.
    const retry = await post(somerset, '/contracts', body, key);
    expect(retry.status).toBe(201);
    expect(locations).toContain(retry.headers['location']);
  }, 240_000);

  it("answers events the store refuses as data with 500 command.not-recorded and the correlation id, at once, and a retry alike", async () => {
    await startWorker();
    // A constraint of the test's own stands for any value the store cannot hold: the worker's append activity fails
    // with the non-retryable EventRejected, and the workflow fails the command with it.
    await db.pool.query(`
      CREATE OR REPLACE FUNCTION refuse_marked_title() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.data->>'title' = 'Refused by the store' THEN
          RAISE EXCEPTION 'the test refuses this event' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await db.pool.query('CREATE TRIGGER refuse_marked_title BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION refuse_marked_title()');
    const contractId = randomUUID();
    openedIds.push(contractId);
    const key = randomUUID();
    const send = () =>
      request(app.getHttpServer() as Server)
        .post('/contracts')
        .set('idempotency-key', key)
        .set('x-correlation-id', 'corr-refused-by-store');
    const started = Date.now();
    const refused = await send()
      .set('authorization', await as(somerset))
      .send({ contractId, title: 'Refused by the store' });
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(refused.status).toBe(500);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body as Problem).toMatchObject({ code: 'command.not-recorded', correlationId: 'corr-refused-by-store' });
    const { rows } = await db.pool.query('SELECT 1 FROM events WHERE stream_id = $1', [`contract-${contractId}`]);
    expect(rows).toHaveLength(0);
    const retried = await send()
      .set('authorization', await as(somerset))
      .send({ contractId, title: 'Refused by the store' });
    expect(retried.status).toBe(500);
    expect(retried.body as Problem).toMatchObject({ code: 'command.not-recorded' });
  }, 240_000);

  it("answers a predecessor the caller cannot see, another council's or none at all, as not found, recording nothing", async () => {
    await startWorker();
    const theirs = await post(wiltshire, '/contracts', { title: 'Their old contract' }, randomUUID());
    expect(theirs.status).toBe(201);
    const theirId = theirs.headers['location']?.split('/')[2] ?? '';
    openedIds.push(theirId);
    const before = await opened(somerset.organisation);

    const borrowedKey = randomUUID();
    const borrowed = await post(somerset, '/contracts', { title: 'Ours, following theirs', predecessorContractId: theirId }, borrowedKey);
    const missing = await post(somerset, '/contracts', { title: 'Ours, following none', predecessorContractId: randomUUID() }, randomUUID());
    for (const refused of [borrowed, missing]) {
      expect(refused.status).toBe(404);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    const withoutIds = (answer: request.Response) => {
      const { correlationId: _correlationId, instance: _instance, ...rest } = answer.body as Problem & { instance?: string };
      return rest;
    };
    expect(withoutIds(borrowed)).toEqual(withoutIds(missing));
    expect(await opened(somerset.organisation)).toEqual(before);
    // The refusal is the key's outcome: a retry is answered with it.
    const retried = await post(somerset, '/contracts', { title: 'Ours, following theirs', predecessorContractId: theirId }, borrowedKey);
    expect(retried.status).toBe(404);
    expect(withoutIds(retried)).toEqual(withoutIds(borrowed));

    const ownPredecessor = await post(somerset, '/contracts', { title: 'Ours, old' }, randomUUID());
    const ownId = ownPredecessor.headers['location']?.split('/')[2] ?? '';
    openedIds.push(ownId);
    const following = await post(somerset, '/contracts', { title: 'Ours, following ours', predecessorContractId: ownId }, randomUUID());
    expect(following.status).toBe(201);
    openedIds.push(following.headers['location']?.split('/')[2] ?? '');
  }, 240_000);
});

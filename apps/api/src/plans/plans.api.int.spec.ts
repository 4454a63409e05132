import { mintToken, type AuthSettings } from '@cls/auth';
import { planProtocol, planWorkflowIdOf, type Actor, type PlanCommandInput } from '@cls/domain';
import { createTestDatabase, type TestDatabase } from '@cls/event-store/testing';
import type { INestApplication } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import request from 'supertest';
import { createApiTestApp, spawnWorker, testTemporalAddress, type TestWorker } from '../testing/api-test-app';

const auth: AuthSettings = { secret: 'plans-api-test-secret-at-least-32-characters', issuer: 'cls-test', audience: 'cls-test-api' };
const council = 'gloucestershire-cc';
const manager: Actor = { id: 'ccm-1', role: 'contract-manager', organisation: council };
const lead: Actor = { id: 'lp-1', role: 'lead-professional', organisation: council };
const provider: Actor = { id: 'p-1', role: 'provider', organisation: 'acme-care' };
const otherProvider: Actor = { id: 'p-9', role: 'provider', organisation: 'other-care' };
const otherCouncil: Actor = { id: 'ccm-9', role: 'contract-manager', organisation: 'wiltshire-cc' };
const today = () => new Date().toISOString().slice(0, 10);
/** What the plan endpoints answer, loosely: a view, a command's result or a problem. */
interface Answer {
  code?: string;
  errors?: { field: string; rule: string }[];
  events?: { type: string }[];
  state?: { status: string; actions?: Record<string, { status: string; completedOn?: string }> };
}
const answer = (response: request.Response): Answer => response.body as Answer;
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The plan endpoints against the real servers: API → Temporal (dev server) → the worker process → PostgreSQL. The
 * plan's workflow is started as its contract's workflow starts it, with the opening the contract decided.
 */
describe('plans API (real Temporal, worker and PostgreSQL)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let worker: TestWorker | undefined;
  let temporal: Client;
  const taskQueue = `plans-api-${randomUUID()}`;
  const contractId = randomUUID();
  const planId = `${contractId}.1`;

  const server = () => app.getHttpServer() as Server;
  const as = async (actor: Actor) => `Bearer ${await mintToken(actor, auth)}`;
  const post = async (actor: Actor, route: string, body: unknown) =>
    request(server()).post(`/plans/${planId}${route}`).set('authorization', await as(actor)).send(body as object);
  const get = async (actor: Actor, id = planId) => request(server()).get(`/plans/${id}`).set('authorization', await as(actor));
  const stored = async (): Promise<string[]> => {
    const { rows } = await db.pool.query<{ type: string }>('SELECT event_type AS type FROM events WHERE stream_id = $1 ORDER BY stream_version', [`plan-${planId}`]);
    return rows.map((row) => row.type);
  };
  const eventually = async <T>(probe: () => Promise<T | undefined>, what: string): Promise<T> => {
    for (let attempt = 0; attempt < 150; attempt += 1) {
      const found = await probe().catch(() => undefined);
      if (found !== undefined) return found;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`Timed out waiting for ${what}\n${worker?.output() ?? ''}`);
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    worker = await spawnWorker({ db, taskQueue });
    app = await createApiTestApp({ db, auth, env: { TEMPORAL_TASK_QUEUE: taskQueue } });

    temporal = new Client({ connection: await Connection.connect({ address: testTemporalAddress() }) });
    const open: PlanCommandInput = {
      type: 'OpenPlan',
      data: {
        contractId,
        sequence: 1,
        contract: { organisation: council, providerOrganisation: provider.organisation, remediesAllowed: ['financial-remedy'] },
        trigger: { kind: 'contract-manager' },
        approach: 'developmental',
        problem: 'Reviews held on time fell to 62% for two quarters',
        remedies: [],
      },
    };
    await temporal.workflow.start(planProtocol.workflowType, {
      taskQueue,
      workflowId: planWorkflowIdOf(planId),
      args: [
        {
          planId,
          reportToContract: false,
          open: { request: { command: open, context: { commandId: randomUUID(), correlationId: randomUUID(), actor: manager } }, now: new Date().toISOString() },
        },
      ],
    });
    await eventually(async () => ((await stored()).length > 0 ? true : undefined), 'the plan to open');
  }, 240_000);

  afterAll(async () => {
    await temporal?.workflow.getHandle(planWorkflowIdOf(planId)).terminate('test finished').catch(() => undefined);
    await temporal?.connection.close();
    await app?.close();
    await worker?.stop();
    await db?.drop();
  }, 60_000);

  it('shows the plan to the council’s staff and to its provider, and to nobody else, as if it did not exist', async () => {
    const seen = await get(manager);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ planId, version: 1, state: { status: 'open', approach: 'developmental', openedBy: manager } });
    expect((await get(provider)).status).toBe(200);
    for (const outsider of [otherProvider, otherCouncil]) {
      const refused = await get(outsider);
      expect(refused.status).toBe(404);
      expect(refused.body).toMatchObject({ code: 'plan.not-found' });
    }
    const unknown = await get(manager, `${randomUUID()}.1`);
    expect(unknown.status).toBe(404);
    const malformed = await get(manager, 'not-a-plan');
    expect(malformed.status).toBe(400);
    expect(malformed.headers['content-type']).toContain('application/problem+json');
    expect(answer(malformed).errors?.[0]).toMatchObject({ field: 'planId' });
  });

  it('refuses bad input naming the field and the rule, and a role the table does not admit, appending nothing', async () => {
    const unknownField = await post(manager, '/actions', { actions: [], colour: 'red' });
    expect(unknownField.status).toBe(400);
    expect(answer(unknownField).errors?.map((error) => error.field)).toEqual(expect.arrayContaining(['colour']));
    const past = await post(manager, '/actions', {
      actions: [{ actionId: 'late', description: 'Too late', owner: { party: 'provider', name: 'RM' }, dueDate: '2020-01-01' }],
    });
    expect(past.status).toBe(422);
    expect(past.body).toMatchObject({ code: 'plan.action-due-in-past', errors: [expect.objectContaining({ field: 'data.actions.0.dueDate' })] });
    const byProvider = await post(provider, '/actions', {
      actions: [{ actionId: 'recruit', description: 'Recruit', owner: { party: 'provider', name: 'RM' }, dueDate: inDays(30) }],
    });
    expect(byProvider.status).toBe(403);
    expect(byProvider.body).toMatchObject({ code: 'access.role-not-permitted' });
    expect(await stored()).toEqual(['PlanOpened']);
  });

  it('agrees actions, records progress, reviews and closes the plan, each refused until its rule holds', async () => {
    const agreed = await post(manager, '/actions', {
      actions: [{ actionId: 'recruit', description: 'Recruit two senior practitioners', owner: { party: 'provider', name: 'Registered manager' }, dueDate: inDays(30) }],
      reason: 'Agreed at the plan meeting',
    });
    expect(agreed.status).toBe(200);
    expect(answer(agreed).events?.map((event) => event.type)).toEqual(['ActionsAgreed']);

    const early = await post(manager, '/closure', { outcome: 'successful', note: 'Too soon' });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'plan.review-required' });

    const reviewed = await post(lead, '/review', { outcomeNotes: 'One post filled; timeliness at 80%' });
    expect(reviewed.status).toBe(200);
    const withOpenActions = await post(manager, '/closure', { outcome: 'successful', note: 'Looks better' });
    expect(withOpenActions.status).toBe(409);
    expect(withOpenActions.body).toMatchObject({ code: 'plan.open-actions' });

    const notCompletedByProvider = await post(provider, '/actions/recruit/progress', { status: 'not-completed', note: 'Gave up' });
    expect(notCompletedByProvider.status).toBe(403);
    const done = await post(provider, '/actions/recruit/progress', { status: 'completed', note: 'Both posts filled' });
    expect(done.status).toBe(200);
    expect(answer(done)).toMatchObject({ planId, status: 'open', events: [{ type: 'ActionCompleted' }] });
    expect(answer(await get(manager)).state?.actions?.['recruit']).toMatchObject({ status: 'completed', completedOn: today() });

    const closed = await post(manager, '/closure', { outcome: 'successful', note: 'Timeliness back above 95% for two months' });
    expect(closed.status).toBe(200);
    expect(answer(closed)).toMatchObject({ planId, status: 'closed' });
    expect(answer(closed)).not.toHaveProperty('state');
    expect(answer(await get(manager)).state).toMatchObject({ status: 'closed', outcome: 'successful' });
    expect(await stored()).toEqual(['PlanOpened', 'ActionsAgreed', 'PlanReviewed', 'ActionCompleted', 'PlanClosed']);
    const { rows } = await db.pool.query<{ metadata: { reason?: string; actor: Actor } }>(
      "SELECT metadata FROM events WHERE stream_id = $1 AND event_type = 'PlanClosed'",
      [`plan-${planId}`],
    );
    expect(rows[0]?.metadata).toMatchObject({ reason: 'Timeliness back above 95% for two months', actor: manager });
    // Closed, the workflow ends; no contract to tell in this test.
    await expect(temporal.workflow.getHandle(planWorkflowIdOf(planId)).result()).resolves.toMatchObject({ planId, outcome: 'successful' });
    // The ended workflow takes no command, and the answer is the plan's rule; to an outsider it still does not exist.
    const afterwards = await post(manager, '/review', { outcomeNotes: 'Another look' });
    expect(afterwards.status).toBe(409);
    expect(answer(afterwards)).toMatchObject({ code: 'plan.closed' });
    const outsider = await post(otherCouncil, '/review', { outcomeNotes: 'Another look' });
    expect(outsider.status).toBe(404);
    expect(answer(outsider)).toMatchObject({ code: 'plan.not-found' });
    expect(answer(await get(provider))).toMatchObject({ state: { status: 'closed', outcome: 'successful' } });
    expect(await stored()).toHaveLength(5);
  });
});

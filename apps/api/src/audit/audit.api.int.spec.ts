import { mintToken, type AuthSettings } from '@cls/auth';
import { loadConfig } from '@cls/config';
import {
  ContractEventSchemas,
  decideContract,
  evolveContract,
  initialContractState,
  type Actor,
  type ContractCommand,
  type ContractEvent,
  type NeedsAssessment,
  type PendingEvent,
  type RouteDecisionDetails,
} from '@cls/domain';
import { PostgresEventStore, type AuditEvent } from '@cls/event-store';
import { asSuperuser, createTestDatabase, pendingEvent, type TestDatabase } from '@cls/event-store/testing';
import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import pino from 'pino';
import request from 'supertest';
import { ApiConfig } from '../config';
import { createApiApp } from '../create-app';

const auth: AuthSettings = { secret: 'audit-api-test-secret-at-least-32-characters', issuer: 'cls-test', audience: 'cls-test-api' };

const council = 'gloucestershire-cc';
const commissioner: Actor = { id: 'u-1', role: 'commissioner', organisation: council };
const governance: Actor = { id: 'g-1', role: 'governance', organisation: council };
const evaluator: Actor = { id: 'e-1', role: 'evaluator', organisation: council };
const otherCouncil: Actor = { id: 'u-9', role: 'commissioner', organisation: 'wiltshire-council' };
const supplierStaff: Actor = { id: 'p-1', role: 'provider', organisation: 'acme-care' };
const otherProvider: Actor = { id: 'p-9', role: 'provider', organisation: 'other-care' };

const assessment: NeedsAssessment = {
  need: 'Families of disabled children lack overnight respite',
  clientGroup: 'Disabled children aged 0-18 and their families',
  evidence: [{ kind: 'needs-assessment-data', description: 'JSNA 2026 chapter 4' }],
  unmetNeeds: ['No overnight provision in the Forest of Dean'],
  priority: 1,
  outcomes: [
    {
      level: 'individual',
      description: 'Carers are able to sustain their caring role',
      indicator: 'Carer strain index',
      baseline: '62% report high strain',
      target: 'Below 45% by March 2028',
    },
  ],
  serviceUserInvolvement: 'Parent carer forum co-designed the outcomes',
};

const directAward: RouteDecisionDetails = {
  route: 'direct-award',
  contractType: 'services',
  authority: 'sub-central',
  justification: 'Only registered provider of overnight short breaks in the Forest of Dean',
  annualValuePence: 600_000,
  years: 3,
  extensionOptions: [],
  authorityCategory: 'B',
  authoriser: { id: 'bh-7', body: 'budget-holder', delegatedLimitPence: 2_500_000 },
};

const tenderRoute: RouteDecisionDetails = {
  route: 'tender',
  procedure: 'open',
  contractType: 'services',
  authority: 'sub-central',
  annualValuePence: 8_000_000,
  years: 3,
  extensionOptions: [],
  authorityCategory: 'C',
  authoriser: { id: 'rag-1', body: 'resource-allocation-group' },
};

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the audit endpoints answer, loosely: a page, a view, a verification or a problem. */
interface Body {
  events: AuditEvent[];
  history: AuditEvent[];
  nextCursor?: string;
  errors: { field: string }[];
  [key: string]: unknown;
}

interface Answer {
  status: number;
  headers: Record<string, string | undefined>;
  text: string;
  body: Body;
}

const answer = (response: request.Response): Answer => ({
  status: response.status,
  headers: response.headers,
  text: response.text,
  body: response.body as Body,
});

describe('audit trail API (real PostgreSQL, via the Nest app)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let store: PostgresEventStore;
  const logLines: string[] = [];
  const tokens = new Map<string, string>();

  const server = () => app.getHttpServer() as Server;

  const get = async (path: string, actor: Actor, accept?: string) => {
    const key = JSON.stringify(actor);
    const token = tokens.get(key) ?? (await mintToken(actor, auth));
    tokens.set(key, token);
    const call = request(server()).get(path).set('Authorization', `Bearer ${token}`);
    return answer(await (accept ? call.set('Accept', accept) : call));
  };

  const post = async (path: string, actor: Actor) =>
    answer(await request(server()).post(path).set('Authorization', `Bearer ${await mintToken(actor, auth)}`));

  const countEvents = async () => Number((await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0]?.n);

  /**
   * Decides a command with the domain's decider and appends what it decides, as the workflow would, at the
   * workflow's time `occurredAt` (now, unless given).
   */
  const decideAndAppend = async (
    contractId: string,
    history: ContractEvent[],
    command: ContractCommand,
    actor: Actor,
    reason?: string,
    occurredAt = new Date().toISOString(),
  ) => {
    const state = history.reduce(evolveContract, initialContractState());
    const decided = decideContract(command, state, { commandId: randomUUID(), correlationId: randomUUID(), actor, now: occurredAt });
    const pending: PendingEvent[] = decided.map((event) => ({
      eventId: randomUUID(),
      type: event.type,
      schemaVersion: ContractEventSchemas[event.type].schemaVersion,
      data: event.data,
      metadata: {
        actor,
        ...(reason ? { reason } : {}),
        correlationId: randomUUID(),
        causationId: randomUUID(),
        occurredAt,
      },
    }));
    history.push(...decided);
    const { events } = await store.append(`contract-${contractId}`, history.length - decided.length, pending);
    await pause(3);
    return events;
  };

  const asActor = (actor: Actor, type: string, data: Record<string, unknown> = {}): PendingEvent => {
    const event = pendingEvent(type, data);
    return { ...event, metadata: { ...event.metadata, actor } };
  };

  interface Seeded {
    contractId: string;
    contract: AuditEvent[] | Awaited<ReturnType<PostgresEventStore['append']>>['events'];
    tender: Awaited<ReturnType<PostgresEventStore['append']>>['events'];
  }
  let directlyAwarded: Seeded;
  let tendered: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.pool);
    const config = loadConfig(ApiConfig, { JWT_SECRET: auth.secret, JWT_ISSUER: auth.issuer, JWT_AUDIENCE: auth.audience, LOG_LEVEL: 'warn' });
    const logger = pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) });
    // The audit module reads its database from the environment when it starts; the test's admin URL is the same
    // variable, so it is put back at once.
    const adminUrl = process.env['DATABASE_URL'];
    process.env['DATABASE_URL'] = db.url;
    try {
      app = await createApiApp(config, logger);
    } finally {
      if (adminUrl === undefined) delete process.env['DATABASE_URL'];
      else process.env['DATABASE_URL'] = adminUrl;
    }

    // A direct award to acme-care: opened, assessed, routed (with a justification), a tender stream the provider
    // must not see (another bidder's bid), then the award and the supplier's own action.
    const contractId = randomUUID();
    const history: ContractEvent[] = [];
    const opened = await decideAndAppend(contractId, history, { type: 'OpenCommission', data: { contractId, title: 'Short breaks' } }, commissioner);
    const assessed = await decideAndAppend(contractId, history, { type: 'RecordNeedsAssessment', data: assessment }, commissioner);
    const routed = await decideAndAppend(contractId, history, { type: 'DecideRoute', data: directAward }, commissioner, directAward.justification ?? '');
    const tender = (
      await store.append(`tender-${contractId}.1`, 0, [
        asActor(commissioner, 'TenderPublished'),
        asActor(otherProvider, 'BidSubmitted', { supplier: { organisation: 'other-care', name: 'Other Care' } }),
      ])
    ).events;
    const awarded = (
      await store.append(`contract-${contractId}`, 3, [
        asActor(commissioner, 'ContractAwarded', {
          basis: 'direct-award',
          supplier: { organisation: 'acme-care', name: 'Acme Care Ltd' },
          valuePence: 1_800_000,
          awardedAt: new Date().toISOString(),
        }),
      ])
    ).events;
    const signed = (await store.append(`contract-${contractId}`, 4, [asActor(supplierStaff, 'ContractSigned', { party: 'provider' })])).events;
    directlyAwarded = { contractId, contract: [...opened, ...assessed, ...routed, ...awarded, ...signed], tender };

    // A tendered contract of the same council, and one of another council.
    tendered = randomUUID();
    const tenderedHistory: ContractEvent[] = [];
    await decideAndAppend(tendered, tenderedHistory, { type: 'OpenCommission', data: { contractId: tendered, title: 'Day care' } }, commissioner);
    await decideAndAppend(tendered, tenderedHistory, { type: 'RecordNeedsAssessment', data: assessment }, commissioner);
    await decideAndAppend(tendered, tenderedHistory, { type: 'DecideRoute', data: tenderRoute }, commissioner);
    const elsewhere = randomUUID();
    await decideAndAppend(elsewhere, [], { type: 'OpenCommission', data: { contractId: elsewhere, title: 'Elsewhere' } }, otherCouncil);
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const positions = (body: { events: AuditEvent[] }) => body.events.map((event) => event.globalPosition);

  describe('timeline', () => {
    it('pages a process\'s events (every stream), newest first by default, with a cursor to the next page', async () => {
      const { contractId, contract, tender } = directlyAwarded;
      const all = [...contract, ...tender].map((event) => event.globalPosition).sort((a, b) => Number(b) - Number(a));

      const first = await get(`/contracts/${contractId}/timeline?limit=3`, commissioner);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ order: 'desc', limit: 3 });
      expect(positions(first.body)).toEqual(all.slice(0, 3));
      expect(first.body.events[0]).toMatchObject({ processId: contractId, hash: expect.stringMatching(/^[0-9a-f]{64}$/) });

      const second = await get(`/contracts/${contractId}/timeline?limit=3&cursor=${first.body.nextCursor}`, commissioner);
      const third = await get(`/contracts/${contractId}/timeline?limit=3&cursor=${second.body.nextCursor}`, commissioner);
      expect([...positions(second.body), ...positions(third.body)]).toEqual(all.slice(3));
      expect(third.body.nextCursor).toBeUndefined();

      const oldest = await get(`/contracts/${contractId}/timeline?order=asc&limit=100`, commissioner);
      expect(positions(oldest.body)).toEqual([...all].reverse());
    });

    it('filters by event type (repeated or comma-separated), actor, provider and period', async () => {
      const { contractId, contract } = directlyAwarded;
      const types = async (query: string) =>
        (await get(`/contracts/${contractId}/timeline?order=asc&${query}`, commissioner)).body.events.map((event) => event.type);

      expect(await types('type=RouteDecided,ContractAwarded')).toEqual(['RouteDecided', 'ContractAwarded']);
      expect(await types('type=RouteDecided&type=CommissionOpened')).toEqual(['CommissionOpened', 'RouteDecided']);
      expect(await types('actor=p-1')).toEqual(['ContractSigned']);
      expect(await types('provider=other-care')).toEqual(['BidSubmitted']);
      expect(await types('provider=acme-care')).toHaveLength(7);
      const from = contract[1]!.metadata.occurredAt;
      const to = contract[2]!.metadata.occurredAt;
      expect(await types(`from=${from}&to=${to}`)).toEqual(['NeedsAssessmentRecorded']);
    });

    it('shows a provider of the process only the contract stream and its own staff\'s events', async () => {
      const { contractId } = directlyAwarded;
      const seen = (await get(`/contracts/${contractId}/timeline?order=asc`, supplierStaff)).body.events;
      expect(seen.map((event) => event.type)).toEqual([
        'CommissionOpened',
        'NeedsAssessmentRecorded',
        'RouteDecided',
        'ContractAwarded',
        'ContractSigned',
      ]);
    });

    it('answers another organisation, and a provider that is not the supplier, exactly as for a contract that does not exist', async () => {
      const missing = await get(`/contracts/${randomUUID()}/timeline`, commissioner);
      const strip = (body: Body) => ({ ...body, instance: undefined, correlationId: undefined });
      expect(missing.status).toBe(404);
      for (const actor of [otherCouncil, otherProvider]) {
        const refused = await get(`/contracts/${directlyAwarded.contractId}/timeline`, actor);
        expect(refused.status).toBe(404);
        expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(strip(refused.body)).toEqual(strip(missing.body));
      }
    });

    it('refuses a role the view does not admit with 403 problem+json, and logs the refusal with the actor', async () => {
      const refused = await get(`/contracts/${directlyAwarded.contractId}/timeline`, evaluator);
      expect(refused.status).toBe(403);
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(refused.body).toMatchObject({ code: 'access.view-not-permitted' });
      // Logged once, by the problem filter, as every app's denials are: no other warning of the request's.
      const ofRequest = (line: { req?: { id?: unknown } }): unknown => line.req?.id;
      const logged = logLines
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((line) => line['level'] === 40 && ofRequest(line) === refused.body.correlationId);
      expect(logged).toEqual([
        expect.objectContaining({
          msg: 'Request denied',
          actor: evaluator,
          code: 'access.view-not-permitted',
          route: '/contracts/:contractId/timeline',
          instance: `/contracts/${directlyAwarded.contractId}/timeline`,
        }),
      ]);
    });

    it.each([
      ['an unknown filter', 'colour=red', 'colour'],
      ['a malformed time', 'from=yesterday', 'from'],
      ['a period that ends before it starts', 'from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'to'],
      ['an unknown event type', 'type=RouteDecided,ContractVanished', 'type'],
      ['a limit out of range', 'limit=100000', 'limit'],
      ['an order that is neither asc nor desc', 'order=sideways', 'order'],
      ['a cursor that was never issued', 'cursor=eyJ2IjoxLCJwIjoiMSIsInEiOiJ4In0.AAAA', 'cursor'],
    ])('answers %s with a 400 problem+json naming the parameter, changing nothing', async (_, query, parameter) => {
      const before = await countEvents();
      const response = await get(`/contracts/${directlyAwarded.contractId}/timeline?${query}`, commissioner);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.body.errors.map((error) => error.field)).toContain(parameter);
      expect(await countEvents()).toBe(before);
    });

    it('refuses a tampered cursor, and a cursor reused for another query, naming the cursor', async () => {
      const first = await get(`/contracts/${directlyAwarded.contractId}/timeline?limit=2`, commissioner);
      const cursor = first.body.nextCursor ?? '';
      const [payload, signature] = cursor.split('.');
      const moved = Buffer.from(Buffer.from(payload!, 'base64url').toString().replace(/"p":"\d+"/, '"p":"1"')).toString('base64url');
      for (const query of [`limit=2&cursor=${moved}.${signature}`, `limit=2&order=asc&cursor=${cursor}`, `limit=2&type=RouteDecided&cursor=${cursor}`]) {
        const response = await get(`/contracts/${directlyAwarded.contractId}/timeline?${query}`, commissioner);
        expect(response.status).toBe(400);
        expect(response.body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
      }
    });

    it('exports CSV when asked by format or by Accept, with the next cursor in a header', async () => {
      const byFormat = await get(`/contracts/${directlyAwarded.contractId}/timeline?limit=2&format=csv`, commissioner);
      expect(byFormat.status).toBe(200);
      expect(byFormat.headers['content-type']).toMatch(/^text\/csv/);
      expect(byFormat.headers['x-next-cursor']).toBeDefined();
      const lines = byFormat.text.trim().split('\n');
      expect(lines[0]).toMatch(/^globalPosition,recordedAt,occurredAt,processId,streamId,streamVersion,type,/);
      expect(lines).toHaveLength(3);

      const byAccept = await get(`/contracts/${directlyAwarded.contractId}/timeline?type=RouteDecided`, commissioner, 'text/csv');
      expect(byAccept.headers['content-type']).toMatch(/^text\/csv/);
      expect(byAccept.text).toContain('Only registered provider of overnight short breaks');
    });
  });

  describe('as of a time', () => {
    it('folds the contract from exactly the events recorded by then, with the history up to then', async () => {
      const { contractId, contract } = directlyAwarded;
      const justAfter = (event: { metadata: { recordedAt: string } }) => new Date(Date.parse(event.metadata.recordedAt) + 1).toISOString();

      const opened = await get(`/contracts/${contractId}/as-of?at=${justAfter(contract[0]!)}`, commissioner);
      expect(opened.status).toBe(200);
      expect(opened.body).toMatchObject({ contractId, version: 1, state: { status: 'open', stage: 'needs-assessment', title: 'Short breaks' } });
      expect(opened.body.history.map((event) => event.type)).toEqual(['CommissionOpened']);

      const routed = await get(`/contracts/${contractId}/as-of?at=${justAfter(contract[2]!)}`, commissioner);
      expect(routed.body).toMatchObject({ version: 3, state: { stage: 'specification', route: { route: 'direct-award' } } });

      const before = await get(`/contracts/${contractId}/as-of?at=2000-01-01T00:00:00Z`, commissioner);
      expect(before.body).toMatchObject({ version: 0, state: { status: 'none' }, history: [] });

      expect((await get(`/contracts/${contractId}/as-of`, commissioner)).body.errors).toEqual([expect.objectContaining({ field: 'at' })]);
      expect((await get(`/contracts/${contractId}/as-of?at=${justAfter(contract[0]!)}`, otherCouncil)).status).toBe(404);
    });

    it('includes an event at its own recording instant as the API prints it, though the store keeps microseconds', async () => {
      const { contractId } = directlyAwarded;
      const printed = (await get(`/contracts/${contractId}/timeline?order=asc&type=CommissionOpened,NeedsAssessmentRecorded,RouteDecided`, commissioner)).body.events;
      expect(printed).toHaveLength(3);
      for (const [index, event] of printed.entries()) {
        const asOf = await get(`/contracts/${contractId}/as-of?at=${event.metadata.recordedAt}`, commissioner);
        expect(asOf.body).toMatchObject({ time: 'recorded', version: index + 1 });
        expect(asOf.body.history.at(-1)?.eventId).toBe(event.eventId);
      }
    });

    it('answers by business time when asked: what had occurred by then, whenever it was recorded', async () => {
      // Recorded now, but occurred on the workflow's clock weeks ago: opened on 2 March, assessed on 9 March. Another
      // council's, so that the other specs' views of the councils they read stay as they were.
      const dorset: Actor = { id: 'u-7', role: 'commissioner', organisation: 'dorset-council' };
      const contractId = randomUUID();
      const history: ContractEvent[] = [];
      const open: ContractCommand = { type: 'OpenCommission', data: { contractId, title: 'Backdated' } };
      await decideAndAppend(contractId, history, open, dorset, undefined, '2026-03-02T09:00:00.000Z');
      await decideAndAppend(contractId, history, { type: 'RecordNeedsAssessment', data: assessment }, dorset, undefined, '2026-03-09T09:00:00.000Z');
      const asOf = (query: string) => get(`/contracts/${contractId}/as-of?${query}`, dorset);

      expect((await asOf('at=2026-03-01T23:59:59.999Z&time=occurred')).body).toMatchObject({ time: 'occurred', version: 0, history: [] });
      const opened = await asOf('at=2026-03-02T09:00:00.000Z&time=occurred');
      expect(opened.body).toMatchObject({ version: 1, state: { stage: 'needs-assessment' } });
      expect(opened.body.history.map((event) => event.type)).toEqual(['CommissionOpened']);
      expect((await asOf('at=2026-03-09T10:00:00%2B01:00&time=occurred')).body).toMatchObject({ version: 2, state: { stage: 'route-decision' } });
      // By recording time nothing had happened yet on 9 March.
      expect((await asOf('at=2026-03-09T09:00:00.000Z&time=recorded')).body).toMatchObject({ time: 'recorded', version: 0 });
      expect((await asOf('at=2026-03-09T09:00:00.000Z')).body).toMatchObject({ time: 'recorded', version: 0 });

      const unknown = await asOf('at=2026-03-09T09:00:00.000Z&time=business');
      expect(unknown.status).toBe(400);
      expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'time' })]);
    });
  });

  describe('governance queries', () => {
    it('lists events across the council\'s processes by type and provider, never another council\'s', async () => {
      const opened = await get('/audit/events?type=CommissionOpened&order=asc', governance);
      expect(opened.status).toBe(200);
      expect(opened.body.events.map((event) => event.processId)).toEqual([directlyAwarded.contractId, tendered]);

      const acme = await get('/audit/events?provider=acme-care&order=asc', governance);
      expect(acme.body.events.every((event) => event.processId === directlyAwarded.contractId)).toBe(true);
      expect(acme.body.events.map((event) => event.type)).toContain('BidSubmitted');

      const elsewhere = await get('/audit/events?type=CommissionOpened', { ...governance, organisation: 'wiltshire-council' });
      expect(elsewhere.body.events.map((event) => event.data['title'])).toEqual(['Elsewhere']);
    });

    it('answers a named view: route decisions that departed from a tender, with their justification', async () => {
      const view = await get('/audit/views/non-tender-routes', governance);
      expect(view.status).toBe(200);
      expect(view.body.events.map((event) => [event.processId, event.data['route']])).toEqual([
        [directlyAwarded.contractId, 'direct-award'],
      ]);
      const csv = await get('/audit/views/non-tender-routes?format=csv', governance);
      expect(csv.text.split('\n')[0]).toContain('route,wholeLifeValuePence,justification');
      expect(csv.text).toContain('Only registered provider of overnight short breaks');

      const notYetEmitted = await get('/audit/views/terminations', governance);
      expect(notYetEmitted.body.events).toEqual([]);
      expect((await get('/audit/views/everything', governance)).body.errors).toEqual([expect.objectContaining({ field: 'view' })]);
      expect((await get('/audit/views/non-tender-routes?type=RouteDecided', governance)).body.errors).toEqual([
        expect.objectContaining({ field: 'type' }),
      ]);
      expect((await get('/audit/views/non-tender-routes', supplierStaff)).status).toBe(403);
    });
  });

  describe('verification', () => {
    it('answers intact, takes a checkpoint on demand, then names the event edited directly in PostgreSQL', async () => {
      const { contractId, contract } = directlyAwarded;
      expect((await post('/audit/checkpoints', commissioner)).status).toBe(403);
      const checkpoint = await post('/audit/checkpoints', governance);
      expect(checkpoint.status).toBe(201);
      expect(checkpoint.body).toMatchObject({ trigger: 'on-demand', requestedBy: 'g-1' });

      const intact = await get(`/contracts/${contractId}/verify`, commissioner);
      expect(intact.body).toMatchObject({ status: 'intact', streams: 2, events: 7, brokenEvents: 0, checkpoint: { matches: true } });
      expect((await get('/audit/verify', governance)).body).toMatchObject({ status: 'intact', checkpoint: { matches: true } });

      await asSuperuser(db.url, [
        // The stored form is rewritten with the data: a check constraint keeps them one value.
        [
          `UPDATE events SET data = jsonb_set(data, '{justification}', '"Because we said so"'),
                             data_form = jsonb_set(data, '{justification}', '"Because we said so"')::text WHERE event_id = $1`,
          [contract[2]!.eventId],
        ],
      ]);

      const broken = await get(`/contracts/${contractId}/verify`, commissioner);
      expect(broken.body).toMatchObject({
        status: 'broken',
        brokenEvents: 1,
        firstBroken: {
          streamId: `contract-${contractId}`,
          streamVersion: 3,
          eventId: contract[2]!.eventId,
          globalPosition: contract[2]!.globalPosition,
          problem: 'hash-mismatch',
        },
      });
      expect((await get('/audit/verify', governance)).body).toMatchObject({ status: 'broken', firstBroken: { eventId: contract[2]!.eventId } });
      expect((await get('/audit/verify', commissioner)).status).toBe(403);
      expect((await get(`/contracts/${contractId}/verify`, supplierStaff)).status).toBe(403);
    });
  });

  describe('governance views, each with its events', () => {
    let troubled: string;
    let elsewhere: string;
    const planId = (contractId: string, n: number) => `${contractId}.${n}`;
    const on = (streamId: string, expectedVersion: number, events: PendingEvent[]) => store.append(streamId, expectedVersion, events);
    const listed = (body: Body) => body.events.map((event) => [event.processId, event.type]);

    beforeAll(async () => {
      // One process of the council in trouble: a tender published in a state of urgency (and one not), an
      // abnormally low bid accepted, an escalation on the contract and one on its plan, three corrective plans
      // (one successful, one failed, one still open), and a termination.
      troubled = randomUUID();
      await decideAndAppend(troubled, [], { type: 'OpenCommission', data: { contractId: troubled, title: 'Home care' } }, commissioner);
      const published = (reduction?: string) =>
        asActor(commissioner, 'TenderPublished', {
          procedure: 'open',
          publishedAt: '2026-11-23T09:00:00.000Z',
          closesAt: '2026-12-04T12:00:00.000Z',
          ...(reduction ? { reduction } : {}),
        });
      await on(`tender-${troubled}.1`, 0, [published('state-of-urgency'), asActor(commissioner, 'AbnormallyLowBidAccepted', { bidId: 'B2' })]);
      await on(`tender-${troubled}.2`, 0, [published()]);
      const opened = (n: number) =>
        asActor(commissioner, 'CorrectivePlanOpened', { planId: planId(troubled, n), sequence: n, trigger: { kind: 'kpi-rating' }, approach: 'developmental' });
      const ended = (n: number, outcome: string) => asActor(commissioner, 'CorrectivePlanEnded', { planId: planId(troubled, n), outcome, closedOn: '2027-03-01' });
      await on(`contract-${troubled}`, 1, [
        asActor(commissioner, 'EscalationRaised', { subject: 'returns', step: 1, level: 'contract-manager', reachedOn: '2027-01-10' }),
        asActor(commissioner, 'PlanRequired', { trigger: { kind: 'kpi-rating' }, problem: 'Missed visits', requiredOn: '2027-01-11' }),
        opened(1),
        ended(1, 'successful'),
        opened(2),
        ended(2, 'failed'),
        opened(3),
        asActor(commissioner, 'TerminationNoticeGiven', { ground: 'persistent-breach' }),
        asActor(commissioner, 'ContractTerminated', { ground: 'persistent-breach' }),
      ]);
      await on(`plan-${planId(troubled, 3)}`, 0, [
        asActor(commissioner, 'PlanOpened', { planId: planId(troubled, 3), approach: 'punitive' }),
        asActor(commissioner, 'PlanEscalated', { step: 2, level: 'head-of-service', reachedOn: '2027-04-01', missedActions: ['A1'] }),
      ]);
      // Another council's open plan: never in this council's views.
      elsewhere = randomUUID();
      await decideAndAppend(elsewhere, [], { type: 'OpenCommission', data: { contractId: elsewhere, title: 'Elsewhere care' } }, otherCouncil);
      await on(`contract-${elsewhere}`, 1, [
        asActor(otherCouncil, 'CorrectivePlanOpened', { planId: planId(elsewhere, 1), sequence: 1, trigger: { kind: 'kpi-rating' }, approach: 'developmental' }),
      ]);
    });

    it('waived deadlines: the tenders published with a reduced minimum period, with the reduction', async () => {
      const view = await get('/audit/views/waived-deadlines', governance);
      expect(view.status).toBe(200);
      expect(listed(view.body)).toEqual([[troubled, 'TenderPublished']]);
      expect(view.body.events[0]?.streamId).toBe(`tender-${troubled}.1`);
      const csv = await get('/audit/views/waived-deadlines?format=csv', governance);
      expect(csv.text.split('\n')[0]).toContain('procedure,reduction,publishedAt,closesAt');
      expect(csv.text).toContain('state-of-urgency');
    });

    it('accepted abnormally low bids, escalations of the contract and of its plans, and terminations', async () => {
      expect(listed((await get('/audit/views/accepted-abnormally-low-bids', governance)).body)).toEqual([[troubled, 'AbnormallyLowBidAccepted']]);
      expect(listed((await get('/audit/views/escalations?order=asc', governance)).body)).toEqual([
        [troubled, 'EscalationRaised'],
        [troubled, 'PlanEscalated'],
      ]);
      const csv = await get('/audit/views/escalations?format=csv&order=asc', governance);
      expect(csv.text.split('\n')[0]).toContain('subject,level,step,reachedOn');
      expect(csv.text).toContain('head-of-service');
      expect(listed((await get('/audit/views/terminations?order=asc', governance)).body)).toEqual([
        [troubled, 'TerminationNoticeGiven'],
        [troubled, 'ContractTerminated'],
      ]);
    });

    it('corrective action plans: every plan event of the council, or only the open, the successful or the failed plans', async () => {
      const all = await get('/audit/views/corrective-action-plans?order=asc', governance);
      expect(all.body.events.map((event) => event.type)).toEqual([
        'PlanRequired',
        'CorrectivePlanOpened',
        'CorrectivePlanEnded',
        'CorrectivePlanOpened',
        'CorrectivePlanEnded',
        'CorrectivePlanOpened',
        'PlanOpened',
        'PlanEscalated',
      ]);
      const plansIn = async (status: string) =>
        (await get(`/audit/views/corrective-action-plans?status=${status}`, governance)).body.events.map((event) => [event.type, event.data['planId']]);
      expect(await plansIn('open')).toEqual([['CorrectivePlanOpened', planId(troubled, 3)]]);
      expect(await plansIn('successful')).toEqual([['CorrectivePlanEnded', planId(troubled, 1)]]);
      expect(await plansIn('failed')).toEqual([['CorrectivePlanEnded', planId(troubled, 2)]]);
      const other = await get('/audit/views/corrective-action-plans?status=open', { ...governance, organisation: 'wiltshire-council' });
      expect(other.body.events.map((event) => event.data['planId'])).toEqual([planId(elsewhere, 1)]);
    });

    it('refuses a status the view does not have, and one not in the list, naming status', async () => {
      const notApplicable = await get('/audit/views/escalations?status=open', governance);
      expect(notApplicable.status).toBe(400);
      expect(notApplicable.body.errors).toEqual([expect.objectContaining({ field: 'status', rule: 'not-applicable' })]);
      const unknown = await get('/audit/views/corrective-action-plans?status=abandoned', governance);
      expect(unknown.status).toBe(400);
      expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'status' })]);
    });
  });
});

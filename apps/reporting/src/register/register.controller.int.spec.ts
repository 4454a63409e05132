import type { StoredEvent } from '@cls/domain';
import { eventually } from '@cls/kafka/testing';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { App } from 'supertest/types';
import { ContractEventsConsumer } from '../consumer/contract-events.consumer';
import { contractStream, startReportingTestApp, type ReportingTestApp } from '../testing/reporting-test-app';
import { ContractRegisterProjector } from './contract-register.projector';

describe('reporting HTTP API (real PostgreSQL)', () => {
  let reporting: ReportingTestApp;
  let server: App;
  let staffToken: string;
  /** The register as the commissioning organisation's staff read it. */
  const get = (path: string) => request(server).get(path).set('authorization', `Bearer ${staffToken}`);
  const oldest = randomUUID();
  const assessed = randomUUID();
  const newest = randomUUID();

  beforeAll(async () => {
    reporting = await startReportingTestApp();
    server = reporting.app.getHttpServer();
    staffToken = await reporting.token({ id: 'u-1', role: 'commissioner', organisation: 'gloucestershire-cc' });
    const projector = reporting.app.get(ContractRegisterProjector);
    const apply = async (contractId: string, events: StoredEvent[]) => {
      for (const event of events) expect(await projector.apply(contractId, event)).toEqual({ kind: 'applied' });
    };
    await apply(oldest, [contractStream(oldest, '2026-11-21T09:00:00.000Z').opened('Oldest')]);
    // Opened before the newest one, but assessed after it: the most recent activity of the three.
    const twoDaysApart = contractStream(assessed, '2026-11-22T09:00:00.000Z', 2 * 86_400_000);
    await apply(assessed, [twoDaysApart.opened('Assessed'), twoDaysApart.assessed()]);
    await apply(newest, [contractStream(newest, '2026-11-23T09:00:00.000Z').opened('Newest opened')]);
  });
  afterAll(async () => {
    await reporting.close();
  });

  const problemOf = (response: request.Response) => {
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    return response.body as Record<string, unknown>;
  };

  it('lists the register newest activity first, with the total', async () => {
    const response = await get('/register').expect(200);
    expect(response.body).toEqual({
      items: [
        {
          contractId: assessed,
          title: 'Assessed',
          organisation: 'gloucestershire-cc',
          stage: 'route-decision',
          route: null,
          supplier: null,
          valuePence: null,
          startDate: null,
          endDate: null,
          activatedOn: null,
          lastEventType: 'NeedsAssessmentRecorded',
          lastEventAt: '2026-11-24T09:00:00.000Z',
          version: 2,
        },
        expect.objectContaining({ contractId: newest, stage: 'needs-assessment', lastEventAt: '2026-11-23T09:00:00.000Z' }),
        expect.objectContaining({ contractId: oldest, stage: 'needs-assessment', lastEventAt: '2026-11-21T09:00:00.000Z' }),
      ],
      total: 3,
      limit: 20,
      offset: 0,
    });
  });

  it('filters by stage and pages', async () => {
    const response = await get('/register').query({ stage: 'needs-assessment', limit: 1, offset: 1 }).expect(200);
    expect(response.body).toEqual({
      items: [expect.objectContaining({ contractId: oldest })],
      total: 2,
      limit: 1,
      offset: 1,
    });
  });

  it('refuses invalid query parameters with problem details naming them', async () => {
    const response = await get('/register').query({ stage: 'tendering', limit: 0 }).expect(400);
    const problem = problemOf(response);
    expect(problem).toMatchObject({ status: 400, title: 'Bad Request', instance: '/register?stage=tendering&limit=0' });
    expect(problem['errors']).toHaveLength(2);
    expect(problem['errors']).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'stage' }), expect.objectContaining({ field: 'limit' })]),
    );
  });

  it('returns one contract', async () => {
    const response = await get(`/register/${newest}`).expect(200);
    expect(response.body).toEqual({
      contractId: newest,
      title: 'Newest opened',
      organisation: 'gloucestershire-cc',
      stage: 'needs-assessment',
      route: null,
      supplier: null,
      valuePence: null,
      startDate: null,
      endDate: null,
      activatedOn: null,
      lastEventType: 'CommissionOpened',
      lastEventAt: '2026-11-23T09:00:00.000Z',
      version: 1,
    });
  });

  // Runs after the listings above: it adds a fourth contract.
  it('shows a contract through award, issue and mobilisation to Active: supplier, value, term and the day it went live', async () => {
    const contractId = randomUUID();
    const stream = contractStream(contractId, '2026-11-22T09:00:00.000Z');
    const opened = stream.opened('Short breaks');
    const assessed = stream.assessed();
    const supplier = { organisation: 'acme-care', name: 'Acme Care Ltd' };
    // Above 2^31 pence: the value must survive PostgreSQL's bigint.
    const valuePence = 5_000_000_000;
    const at = (event: StoredEvent, version: number, type: string, data: Record<string, unknown>, occurredAt: string): StoredEvent => ({
      ...event,
      eventId: randomUUID(),
      type,
      streamVersion: version,
      globalPosition: String(version),
      data,
      metadata: { ...event.metadata, occurredAt, recordedAt: occurredAt },
    });
    const later = [
      at(assessed, 3, 'ContractAwarded', { basis: 'direct-award', supplier, valuePence, awardedAt: '2026-11-24T09:00:00.000Z' }, '2026-11-24T09:00:00.000Z'),
      at(
        assessed,
        4,
        'ContractIssued',
        {
          terms: { reference: 'GCC/SB/2026/014', summary: 'Standard terms' },
          specificationRevision: 1,
          supplier,
          valuePence,
          startDate: '2027-01-04',
          endDate: '2030-01-03',
          extensionOptions: [],
          remediesAllowed: [],
          kpis: ['Short-break nights delivered'],
        },
        '2026-11-25T09:00:00.000Z',
      ),
      at(assessed, 5, 'MobilisationStarted', { planSummary: 'Recruit staff', milestones: [] }, '2026-12-01T09:00:00.000Z'),
      at(assessed, 6, 'ContractActivated', { activatedOn: '2027-01-04' }, '2027-01-04T09:00:00.000Z'),
    ];
    const projector = reporting.app.get(ContractRegisterProjector);
    for (const event of [opened, assessed, ...later]) expect(await projector.apply(contractId, event)).toEqual({ kind: 'applied' });

    const response = await get(`/register/${contractId}`).expect(200);
    expect(response.body).toEqual({
      contractId,
      title: 'Short breaks',
      organisation: 'gloucestershire-cc',
      stage: 'active',
      route: null,
      supplier,
      valuePence,
      startDate: '2027-01-04',
      endDate: '2030-01-03',
      activatedOn: '2027-01-04',
      lastEventType: 'ContractActivated',
      lastEventAt: '2027-01-04T09:00:00.000Z',
      version: 6,
    });
    const listed = await get('/register').query({ stage: 'active' }).expect(200);
    expect(listed.body).toMatchObject({ items: [{ contractId, stage: 'active' }], total: 1 });
  });

  it("records a tender stream's event as processed and ignores it, leaving the contract's entry as it was", async () => {
    const projector = reporting.app.get(ContractRegisterProjector);
    const tenderEvent = { ...contractStream(newest, '2026-11-25T09:00:00.000Z').other('BidReceived'), streamId: `tender-${newest}.1` };
    expect(await projector.apply(newest, { ...tenderEvent, streamVersion: 7 })).toEqual({ kind: 'ignored' });
    expect(await projector.apply(newest, { ...tenderEvent, streamVersion: 7 })).toEqual({ kind: 'duplicate' });
    const response = await get(`/register/${newest}`).expect(200);
    expect(response.body).toMatchObject({ lastEventType: 'CommissionOpened', version: 1 });
  });

  it('answers an unknown contract with a 404 problem carrying the correlation id', async () => {
    const unknown = randomUUID();
    const response = await get(`/register/${unknown}`).set('x-correlation-id', 'corr-404-test').expect(404);
    expect(response.headers['x-correlation-id']).toBe('corr-404-test');
    expect(problemOf(response)).toEqual({
      type: 'urn:contract-lifecycle:problem:register.contract-not-found',
      title: 'Not Found',
      status: 404,
      detail: `Contract ${unknown} is not in the register`,
      instance: `/register/${unknown}`,
      code: 'register.contract-not-found',
      correlationId: 'corr-404-test',
    });
  });

  it('refuses a contract id that is not a UUID', async () => {
    const response = await get('/register/not-a-uuid').expect(400);
    expect(problemOf(response)).toMatchObject({ status: 400, errors: [expect.objectContaining({ field: 'contractId' })] });
  });

  it('answers 401 without a token and 403 to a role that may not read the register, as problem details', async () => {
    const missing = await request(server).get('/register').expect(401);
    expect(problemOf(missing)).toMatchObject({ status: 401, code: 'auth.missing-token' });
    const forged = await request(server).get('/register').set('authorization', 'Bearer not.a.token').expect(401);
    expect(problemOf(forged)).toMatchObject({ status: 401, code: 'auth.invalid-token' });
    const evaluator = await reporting.token({ id: 'e-1', role: 'evaluator', organisation: 'gloucestershire-cc' });
    const refused = await request(server).get('/register').set('authorization', `Bearer ${evaluator}`).expect(403);
    expect(problemOf(refused)).toMatchObject({ status: 403, code: 'reporting.view-forbidden' });
  });

  it("shows another organisation's staff nothing, and a provider only the contracts it supplies", async () => {
    const elsewhere = await reporting.token({ id: 'u-9', role: 'governance', organisation: 'somerset-council' });
    const theirs = await request(server).get('/register').set('authorization', `Bearer ${elsewhere}`).expect(200);
    expect(theirs.body).toMatchObject({ items: [], total: 0 });
    await request(server).get(`/register/${newest}`).set('authorization', `Bearer ${elsewhere}`).expect(404);

    const provider = await reporting.token({ id: 'p-1', role: 'provider', organisation: 'acme-care' });
    const supplied = await request(server).get('/register').set('authorization', `Bearer ${provider}`).expect(200);
    expect(supplied.body).toMatchObject({ items: [{ stage: 'active', supplier: { organisation: 'acme-care' } }], total: 1 });
    await request(server).get(`/register/${newest}`).set('authorization', `Bearer ${provider}`).expect(404);
  });

  it('reports healthy while the database answers and the consumer runs, and unavailable once it stops', async () => {
    await eventually(async () => {
      const response = await request(server).get('/health');
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ status: 'ok', checks: { database: 'up', kafka: 'up', consumer: 'running', relay: 'current' } });
    });

    await reporting.app.get(ContractEventsConsumer).onApplicationShutdown();
    const response = await request(server).get('/health').expect(503);
    expect(problemOf(response)).toMatchObject({ status: 503, detail: 'Not ready: the consumer is not running', checks: { consumer: 'stopped' } });
  });
});

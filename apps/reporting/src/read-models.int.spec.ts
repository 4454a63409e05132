import { encodeContractEvent } from '@cls/kafka';
import { eventually } from '@cls/kafka/testing';
import type { StoredEvent } from '@cls/domain';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { App } from 'supertest/types';
import type { ProjectionsReport } from './projections/projections.schema';
import { processEvents } from './testing/process-events';
import { startReportingTestApp, type ReportingTestApp } from './testing/reporting-test-app';

describe('reporting read models through Kafka and their endpoints (real PostgreSQL and Kafka)', () => {
  let reporting: ReportingTestApp;
  let server: App;
  const tokens: Record<string, string> = {};
  const contractId = randomUUID();
  const elsewhereId = randomUUID();
  const history: StoredEvent[] = [];
  let elsewhere: StoredEvent[] = [];
  let lastEvent: StoredEvent;
  const q1 = '2027-01-04/2027-04-03';
  const q2 = '2027-04-04/2027-07-03';

  const pageOf = (response: request.Response) => response.body as { items: Record<string, unknown>[]; nextCursor?: string };
  const get = (path: string, as: string) => request(server).get(path).set('authorization', `Bearer ${tokens[as]}`);

  beforeAll(async () => {
    reporting = await startReportingTestApp();
    server = reporting.app.getHttpServer();
    tokens['manager'] = await reporting.token({ id: 'u-2', role: 'contract-manager', organisation: 'gloucestershire-cc' });
    tokens['governance'] = await reporting.token({ id: 'g-1', role: 'governance', organisation: 'gloucestershire-cc' });
    tokens['provider'] = await reporting.token({ id: 'p-1', role: 'provider', organisation: 'acme-care' });
    tokens['otherProvider'] = await reporting.token({ id: 'p-2', role: 'provider', organisation: 'bright-futures' });
    tokens['outsider'] = await reporting.token({ id: 'u-9', role: 'governance', organisation: 'somerset-council' });
    tokens['evaluator'] = await reporting.token({ id: 'e-1', role: 'evaluator', organisation: 'gloucestershire-cc' });

    const e = processEvents(contractId, { startsAt: '2026-06-01T09:00:00.000Z' });
    history.push(
      ...e.active(),
      e.kpiAssessed('assessment-1', 'Visits on time', 'inadequate', '2027-03-31'),
      e.riskRatingChanged('rating-1', 'green', 'red', '2027-04-02'),
      e.concernLogged('concern-1', 'serious', '2027-04-03'),
      e.returnReminder(q2, '2027-07-31'),
      e.reviewReminder('biannual-2027-07-04', '2027-07-04'),
      e.returnOverdue(q1, '2027-05-01', '2027-05-02'),
      e.correctivePlanOpened(1, '2027-04-05'),
      e.planOpened(1, '2027-04-05'),
      e.actionsAgreed(1, [{ actionId: 'a1', dueDate: '2027-07-05' }, { actionId: 'a2', dueDate: '2027-06-01' }], '2027-04-06'),
      e.milestoneMissed(1, 'a2', '2027-06-01', '2027-06-02'),
      e.planEscalated(1, ['a2'], '2027-06-09'),
    );
    const other = processEvents(elsewhereId, { owner: 'somerset-council', firstPosition: 1000, startsAt: '2026-07-01T09:00:00.000Z' });
    elsewhere = [...other.active({ organisation: 'bright-futures', name: 'Bright Futures CIC' }), other.returnReminder(q1, '2027-05-01')];
    lastEvent = elsewhere.at(-1)!;
    // A redelivery of each of the first process's events: every projection must apply each once.
    await reporting.publish([...history, ...elsewhere, ...history].map(encodeContractEvent));

    await eventually(async () => {
      const response = await get('/projections', 'manager').expect(200);
      const report = response.body as ProjectionsReport;
      expect(report.projections.map((projection) => [projection.projection, projection.lagEvents])).toEqual([
        ['contract-register', 0],
        ['provider-scorecards', 0],
        ['due-items', 0],
        ['plan-tracker', 0],
        ['governance-log', 0],
        ['payments-compliance', 0],
      ]);
    });
  }, 60_000);
  afterAll(async () => {
    await reporting.close();
  });

  const problemOf = (response: request.Response) => {
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    return response.body as Record<string, unknown>;
  };

  it("reports each projection's position, the topic's high-water marks and its lag, having counted redeliveries once", async () => {
    const response = await get('/projections', 'governance').expect(200);
    const report = response.body as ProjectionsReport;
    const due = report.projections.find((projection) => projection.projection === 'due-items');
    // The first process's events and the second's, each applied once: the redelivered copies are duplicates.
    expect(due).toMatchObject({
      eventsApplied: history.length + elsewhere.length,
      lagEvents: 0,
      lastApplied: { globalPosition: lastEvent.globalPosition, eventId: lastEvent.eventId, recordedAt: lastEvent.metadata.recordedAt },
    });
    expect(due?.partitions.reduce((sum, partition) => sum + Number(partition.highWatermark), 0)).toBe(2 * history.length + elsewhere.length);
    // Caught up, so no lag in time either, however long ago the last event was recorded.
    expect(due?.lagSeconds).toBe(0);
  });

  it('shows the provider scorecard: KPI ratings, risk history with reasons, concerns and plans', async () => {
    const response = await get('/scorecards/providers/acme-care', 'manager').expect(200);
    expect(response.body).toMatchObject({
      provider: { organisation: 'acme-care', name: 'Acme Care Ltd' },
      contracts: 1,
      riskRatings: { red: 1, amber: 0, green: 0 },
      kpiRatings: [{ contractId, kpi: 'Visits on time', rating: 'inadequate', periodEnd: '2027-03-31' }],
      concerns: { bySeverity: { serious: 1 }, byStatus: { open: 1 } },
      plans: { open: 1 },
      contractScorecards: [
        { contractId, riskHistory: [{ changeId: 'rating-1', to: 'red', reasons: [{ rule: 'inadequate-kpis', description: 'Two inadequate KPI ratings' }] }] },
      ],
    });
    const card = await get(`/scorecards/contracts/${contractId}`, 'provider').expect(200);
    expect(card.body).toMatchObject({ contractId, title: 'Short breaks for disabled children', riskRating: 'red', concerns: [{ concernId: 'concern-1', severity: 'serious', status: 'open' }] });
    await get(`/scorecards/contracts/${contractId}`, 'otherProvider').expect(404);
    const listed = await get('/scorecards?riskRating=red', 'provider').expect(200);
    expect(listed.body).toMatchObject({ items: [{ contractId, riskRating: 'red' }], limit: 50 });
  });

  it('lists due and overdue items as of the given day: the schedule, the reminders, the overdue and the plan milestones', async () => {
    const week = await get('/due-items?window=next-7-days&now=2027-07-04T12:00:00Z', 'manager').expect(200);
    expect(week.body).toEqual({
      asOf: '2027-07-04',
      window: 'next-7-days',
      items: [
        expect.objectContaining({ contractId, itemId: 'review:biannual-2027-07-04', kind: 'review', dueOn: '2027-07-04', overdue: false }),
        expect.objectContaining({ contractId, itemId: `milestone:${contractId}.1:a1`, kind: 'plan-milestone', dueOn: '2027-07-05' }),
      ],
      limit: 50,
    });
    const month = await get('/due-items?window=next-30-days&now=2027-07-04T12:00:00Z', 'manager').expect(200);
    expect(pageOf(month).items.map((item) => item['itemId'])).toEqual(['review:biannual-2027-07-04', `milestone:${contractId}.1:a1`, `return:${q2}`]);
    const overdue = await get('/due-items?window=overdue&now=2027-07-04T12:00:00Z', 'provider').expect(200);
    expect(pageOf(overdue).items).toEqual([
      expect.objectContaining({ itemId: `return:${q1}`, dueOn: '2027-05-01', overdue: true, overdueOn: '2027-05-02' }),
      expect.objectContaining({ itemId: `milestone:${contractId}.1:a2`, dueOn: '2027-06-01', overdue: true, overdueOn: '2027-06-02' }),
    ]);
    // Without a given day, the clock's: the same items are listed whatever today is, only the windows move.
    const returns = await get('/due-items?kind=return', 'manager').expect(200);
    expect(pageOf(returns).items).toHaveLength(12);
  });

  it('pages due items by keyset, the pages together the whole listing', async () => {
    const whole = pageOf(await get('/due-items?limit=200&now=2027-07-04T12:00:00Z', 'manager').expect(200)).items;
    const paged: Record<string, unknown>[] = [];
    let cursor: string | undefined;
    do {
      const page = pageOf(await get(`/due-items?limit=4&now=2027-07-04T12:00:00Z${cursor ? `&cursor=${cursor}` : ''}`, 'manager').expect(200));
      paged.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(whole).toHaveLength(12 + 5 + 2);
    expect(paged).toEqual(whole);
  });

  it('tracks the plan with its actions, owners, due dates, missed milestones and escalations', async () => {
    const response = await get('/plans?slipping=true', 'provider').expect(200);
    expect(response.body).toMatchObject({
      items: [
        {
          planId: `${contractId}.1`,
          status: 'open',
          missedMilestones: 1,
          actions: [
            { actionId: 'a1', owner: { party: 'provider' }, dueDate: '2027-07-05', status: 'open' },
            { actionId: 'a2', dueDate: '2027-06-01', missedOn: '2027-06-02' },
          ],
          escalations: [{ step: 2, level: 'head-of-service', reachedOn: '2027-06-09' }],
        },
      ],
    });
    await get(`/plans/${contractId}.1`, 'manager').expect(200);
    await get(`/plans/${contractId}.1`, 'otherProvider').expect(404);
  });

  it('logs every decision with actor, role, organisation, reason and time, filtered by kind', async () => {
    const response = await get('/governance-log?kind=non-tender-route,escalation', 'governance').expect(200);
    expect(pageOf(response).items).toEqual([
      expect.objectContaining({ kind: 'escalation', eventType: 'PlanEscalated', contractId }),
      expect.objectContaining({
        kind: 'non-tender-route',
        actor: { id: 'u-1', role: 'commissioner', organisation: 'gloucestershire-cc' },
        reason: 'Only registered provider of overnight short breaks in the Forest of Dean',
        occurredAt: history.find((event) => event.type === 'RouteDecided')?.metadata.occurredAt,
      }),
    ]);
  });

  it("keeps each organisation to its own rows and each provider to the contracts it supplies", async () => {
    const outsider = pageOf(await get('/due-items?now=2027-07-01T00:00:00Z', 'outsider').expect(200)).items;
    expect(outsider.length).toBeGreaterThan(0);
    expect(outsider.every((item) => item['contractId'] === elsewhereId)).toBe(true);
    const otherProvider = await get('/scorecards', 'otherProvider').expect(200);
    expect(pageOf(otherProvider).items).toEqual([expect.objectContaining({ contractId: elsewhereId, provider: { organisation: 'bright-futures', name: 'Bright Futures CIC' } })]);
    await get('/scorecards/providers/acme-care', 'otherProvider').expect(404);
    const governance = await get('/governance-log', 'outsider').expect(200);
    expect(pageOf(governance).items.every((item) => item['contractId'] === elsewhereId)).toBe(true);
  });

  it('answers 401 without a token and 403 to roles the view does not admit', async () => {
    expect(problemOf(await request(server).get('/due-items').expect(401))).toMatchObject({ code: 'auth.missing-token' });
    expect(problemOf(await request(server).get('/projections').expect(401))).toMatchObject({ code: 'auth.missing-token' });
    expect(problemOf(await get('/governance-log', 'provider').expect(403))).toMatchObject({ status: 403, code: 'reporting.view-forbidden' });
    expect(problemOf(await get('/plans', 'evaluator').expect(403))).toMatchObject({ status: 403 });
  });

  it.each([
    ['/due-items?window=next-week', 'window'],
    ['/due-items?now=yesterday', 'now'],
    ['/due-items?cursor=not-a-cursor', 'cursor'],
    ['/due-items?colour=red', 'colour'],
    ['/plans?limit=0', 'limit'],
    ['/plans?slipping=maybe', 'slipping'],
    ['/scorecards?riskRating=purple', 'riskRating'],
    ['/governance-log?kind=coup', 'kind.0'],
    ['/governance-log?from=2027-02-01T00:00:00Z&to=2027-01-01T00:00:00Z', 'to'],
  ])('refuses %s with a 400 naming %s', async (path, field) => {
    const problem = problemOf(await get(path, 'governance').expect(400));
    expect(problem).toMatchObject({ status: 400, code: 'request.invalid', errors: [expect.objectContaining({ field })] });
  });
});

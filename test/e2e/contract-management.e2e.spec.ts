import type { CommandResult } from '@cls/domain';
import { eventually } from '@cls/kafka/testing';
import { randomUUID } from 'node:crypto';
import {
  activeDirectAward,
  castFor,
  eventCount,
  kpiName,
  refusedWithoutTrace,
  specification,
  startStack,
  type ActiveContract,
  type Cast,
  type Stack,
} from './fixtures';
import { expectProblem, expectStatus, lastDayOfTerm } from './http';

interface StoredEvent {
  type: string;
  data: Record<string, unknown>;
  metadata: { actor: { id: string; role: string; organisation: string }; reason?: string; correlationId: string; causationId?: string };
}

interface Monitoring {
  contractId: string;
  version: number;
  asOf: string;
  returns: { periodId: string; startDate: string; endDate: string; submittableFrom: string; dueDate: string; status: string }[];
  reviews: { reviewId: string; kind: string; date: string; dueFrom: string; status: string }[];
  risk: { rating: string; since: string; assessment: { rating: string; reasons: { rule: string; evidence: { kind: string; id: string }[] }[] } };
}

/**
 * Managing an active contract over HTTP, each part a real process: API → Temporal → worker → PostgreSQL. The
 * contract goes live on the day of its award, so its first return and review lie months ahead: Temporal here is the
 * Java time-skipping test server, which the API and the worker talk to as to any Temporal, and the first test moves
 * its clock on to them. An update refused by its validator holds that server's time skipping for the rest of its
 * life, so nothing is refused before the clock's last move.
 */
describe('contract management over HTTP (all processes, time-skipping Temporal)', () => {
  let stack: Stack;
  let cast: Cast;
  let contract: ActiveContract;
  /** A second contract, given three months' notice as soon as it is live: the clock's moves end it. */
  let ending: ActiveContract;
  /** The workflows' day once the clock has moved on. */
  let today: string;

  beforeAll(async () => {
    stack = await startStack({ readModels: false, timeSkipping: true });
    cast = await castFor(stack, 'somerset-council', 'quantock-care');
    contract = await activeDirectAward(cast, {
      title: 'Short breaks, Minehead',
      authority: 'resource-allocation-group',
      terminationTerms: { grounds: [{ ground: 'convenience', notice: { length: 3, unit: 'months' } }] },
      kpiBands: { [kpiName]: { direction: 'higher-is-better', good: 60, approachingTarget: 55, requiresImprovement: 50 } },
    });
    ending = await activeDirectAward(cast, {
      title: 'Short breaks, Watchet',
      terminationTerms: { grounds: [{ ground: 'convenience', notice: { length: 3, unit: 'months' } }] },
    });
    await expectStatus(cast.lead.post(ending.path('termination-request'), { ground: 'convenience', reason: 'The service is to be brought in house' }), 200);
    await expectStatus(cast.manager.post(ending.path('supply-impact-review'), { alternativeCapacity: true, findings: 'The in-house team takes every placement' }), 200);
    await expectStatus(cast.manager.post(ending.path('termination-notice'), { ground: 'convenience', reference: 'LTR/2026/119' }), 200);
  }, 300_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  /** Moves the workflows' clock on to mid-morning of `date`, past that day's 09:00 reminders. */
  const moveClockTo = async (date: string): Promise<void> => {
    const clock = stack.clock;
    if (!clock) throw new Error('the stack has no clock to move');
    const now = await clock.currentTimeMs();
    await clock.sleep(Date.parse(`${date}T10:00:00.000Z`) - now);
    today = new Date(await clock.currentTimeMs()).toISOString().slice(0, 10);
    expect(today).toBe(date);
  };

  const eventsOf = async (type: string): Promise<StoredEvent[]> => {
    const { rows } = await stack.db.pool.query<StoredEvent>(
      'SELECT event_type AS type, data, metadata FROM events WHERE stream_id = $1 AND event_type = $2 ORDER BY stream_version',
      [`contract-${contract.contractId}`, type],
    );
    return rows;
  };
  const refused = (request: () => Promise<Response>, status: number, code: string) =>
    refusedWithoutTrace(stack.db, contract.contractId, request, status, code);
  const typesOf = (result: CommandResult) => result.events.map((event) => event.type);

  it('went live on a category C route: the budget holder recorded the Resource Allocation Group’s authority to purchase', async () => {
    const [authorised] = await eventsOf('ContractAuthorised');
    expect(authorised?.data).toMatchObject({ category: 'C', authoriser: { id: 'rag-2026-12', body: 'resource-allocation-group' } });
    expect(authorised?.metadata.actor).toEqual(cast.budgetHolder.actor);
    const view = await expectStatus<{ state: { stage: string } }>(cast.manager.get(`/contracts/${contract.contractId}`), 200);
    expect(view.state.stage).toBe('active');
  });

  it('takes a return, a comment on its assessment and a review as their days come, then refuses a return that is not due or names an unknown KPI', async () => {
    const { manager, supplier, lead } = cast;
    const monitoring = await expectStatus<Monitoring>(manager.get(contract.path('monitoring')), 200);
    expect(monitoring.contractId).toBe(contract.contractId);
    expect(monitoring.version).toBe(await eventCount(stack.db, contract.contractId));
    const [first, second, third] = monitoring.returns;
    // Quarterly from the start: the first period is the first three months, its return due four weeks after.
    expect(first).toMatchObject({ startDate: contract.startDate, status: 'upcoming' });
    expect(monitoring.returns.every((period) => period.status === 'upcoming')).toBe(true);
    const [review] = monitoring.reviews;
    expect(review).toMatchObject({ kind: 'biannual', status: 'scheduled' });
    expect(monitoring.risk).toMatchObject({ rating: 'green', assessment: { rating: 'green', reasons: [] } });
    expect(await expectStatus<Monitoring>(supplier.get(contract.path('monitoring')), 200)).toMatchObject({ contractId: contract.contractId });
    if (!first || !second || !third || !review) throw new Error('the schedule has fewer returns or reviews than a three-year contract');

    await moveClockTo(first.submittableFrom);
    const observation = { kpi: kpiName, value: 61, evidence: ['returns/q1.xlsx'] };
    const submitted = await expectStatus<CommandResult & { periodId: string }>(
      supplier.post(contract.path('returns'), { periodId: first.periodId, observations: [observation], evidence: ['returns/q1-cover.pdf'], note: 'First quarter' }),
      201,
    );
    expect(typesOf(submitted)).toEqual(['ReturnSubmitted', 'KpiAssessed']);
    // A 201 names what it created at the top level, and answers no state: that is read by GET.
    expect(submitted.periodId).toBe(first.periodId);
    expect(submitted).not.toHaveProperty('state');
    const [assessed] = await eventsOf('KpiAssessed');
    expect(assessed?.data).toMatchObject({ periodId: first.periodId, kpi: kpiName, value: 61, rating: 'good', assessedOn: today });
    const assessmentId = String(assessed?.data['assessmentId']);
    const commented = await expectStatus<CommandResult & { commentId: string }>(
      supplier.post(contract.path(`assessments/${assessmentId}/comments`), { comment: 'Two tenancies began the day after the period ended' }),
      201,
    );
    expect(typesOf(commented)).toEqual(['AssessmentCommented']);
    expect(commented.commentId).toBe(commented.events[0]?.eventId);

    await moveClockTo(review.dueFrom);
    const held = await expectStatus<CommandResult & { reviewId: string }>(
      lead.post(contract.path(`reviews/${review.reviewId}/minutes`), {
        attendees: [
          { name: 'Lena Marsh', role: 'lead-professional' },
          { name: 'Sam Hill', role: 'provider', organisation: 'quantock-care' },
        ],
        minutes: 'Occupancy on target; night cover to be reviewed',
        actions: ['Provider to share the night rota'],
        reason: 'Half-yearly review',
      }),
      201,
    );
    expect(typesOf(held)).toEqual(['ReviewHeld']);
    expect(held.reviewId).toBe(review.reviewId);

    // The second period has ended and its return is owed; the third has not ended yet.
    await moveClockTo(second.submittableFrom);
    const after = await expectStatus<Monitoring>(manager.get(contract.path('monitoring')), 200);
    // Today is the workflow's, months past the wall clock's: at least the day the review was held, at most the clock's.
    expect(after.asOf.slice(0, 10) >= review.dueFrom && after.asOf.slice(0, 10) <= today).toBe(true);
    const asked = await expectStatus<Monitoring>(manager.get(`${contract.path('monitoring')}?now=${second.submittableFrom}T10:00:00%2B01:00`), 200);
    expect(asked.asOf).toBe(`${second.submittableFrom}T09:00:00.000Z`);
    expect(asked.returns[1]).toMatchObject({ periodId: second.periodId, status: 'due' });
    expect(asked.returns[2]).toMatchObject({ periodId: third.periodId, status: 'upcoming' });
    const dayBefore = await expectStatus<Monitoring>(manager.get(`${contract.path('monitoring')}?now=${first.submittableFrom}T10:00:00Z`), 200);
    expect(dayBefore.returns[1]).toMatchObject({ periodId: second.periodId, status: 'upcoming' });
    expect(after.returns[0]).toMatchObject({ periodId: first.periodId, status: 'submitted', submittedOn: first.submittableFrom });
    expect(after.reviews[0]).toMatchObject({ reviewId: review.reviewId, status: 'held', heldOn: review.dueFrom });

    // Its notice took effect on the way: the second contract was terminated, and its stage says so.
    const terminated = await expectStatus<{ state: { stage: string; management: { ended?: { how: string } } } }>(manager.get(`/contracts/${ending.contractId}`), 200);
    expect(terminated.state).toMatchObject({ stage: 'terminated', management: { ended: { how: 'terminated' } } });

    const unknownKpi = await refused(
      () => supplier.post(contract.path('returns'), { periodId: second.periodId, observations: [observation, { kpi: 'Hours of respite', value: 3 }] }),
      422,
      'monitoring.unknown-kpi',
    );
    expect(unknownKpi.errors).toEqual([expect.objectContaining({ field: 'data.observations.1.kpi', rule: 'monitoring.unknown-kpi' })]);
    const notEnded = await refused(
      () => supplier.post(contract.path('returns'), { periodId: third.periodId, observations: [observation] }),
      409,
      'monitoring.period-not-due',
    );
    expect(notEnded.errors).toEqual([expect.objectContaining({ field: 'data.periodId', rule: 'monitoring.period-not-due' })]);
    const unscheduled = await refused(
      () => supplier.post(contract.path('returns'), { periodId: '2020-01-01/2020-03-31', observations: [observation] }),
      422,
      'monitoring.period-not-due',
    );
    expect(unscheduled.errors).toEqual([expect.objectContaining({ field: 'data.periodId' })]);
    await refused(() => supplier.post(contract.path('returns'), { periodId: first.periodId, observations: [observation] }), 409, 'monitoring.return-already-submitted');

    const [returned] = await eventsOf('ReturnSubmitted');
    expect(returned?.metadata).toMatchObject({ actor: supplier.actor, reason: 'First quarter' });
    const [reviewed] = await eventsOf('ReviewHeld');
    expect(reviewed?.metadata).toMatchObject({ actor: lead.actor, reason: 'Half-yearly review' });
  });

  it('records a monitoring report, a concern and its updates, and an inspection that turns the rating amber with its reasons', async () => {
    const { manager, lead } = cast;
    const report = await expectStatus<CommandResult & { reportId: string }>(
      lead.post(contract.path('monitoring-reports'), {
        kind: 'site-visit',
        from: contract.startDate,
        to: contract.startDate,
        summary: 'First week: rota covered, two referrals taken',
        findings: ['Night staff trained'],
        reason: 'Visit after go-live',
      }),
      201,
    );
    expect(typesOf(report)).toEqual(['MonitoringReportRecorded']);
    expect(report.reportId).toBe(String((await eventsOf('MonitoringReportRecorded'))[0]?.data['reportId']));

    const logged = await expectStatus<CommandResult & { concernId: string }>(
      lead.post(contract.path('concerns'), {
        receivedOn: contract.startDate,
        source: 'family',
        category: 'communication',
        severity: 'medium',
        summary: 'Family not told of a change of carer',
        handling: 'investigate',
        reason: 'Telephone call to the duty desk',
      }),
      201,
    );
    expect(typesOf(logged)).toEqual(['ConcernLogged']);
    const concernId = String((await eventsOf('ConcernLogged'))[0]?.data['concernId']);
    expect(logged.concernId).toBe(concernId);
    await expectStatus(lead.post(contract.path(`concerns/${concernId}/updates`), { status: 'investigating', note: 'Provider asked for its rota' }), 200);
    const resolved = await expectStatus<CommandResult>(
      manager.post(contract.path(`concerns/${concernId}/updates`), {
        status: 'resolved',
        finding: 'partially-upheld',
        resolution: 'Provider now phones families before a change',
        note: 'Rota showed a late change',
      }),
      200,
    );
    expect(typesOf(resolved)).toEqual(['ConcernUpdated']);
    await refused(() => manager.post(contract.path(`concerns/${concernId}/updates`), { status: 'investigating' }), 409, 'concern.already-resolved');

    const inspected = await expectStatus<CommandResult & { inspectionId: string }>(
      manager.post(contract.path('inspections'), {
        inspectorate: 'CQC',
        publishedOn: contract.startDate,
        outcome: 'requires-improvement',
        reportReference: 'CQC/1-234',
        reason: 'Published this morning',
      }),
      201,
    );
    expect(typesOf(inspected)).toEqual(expect.arrayContaining(['InspectionOutcomeRecorded', 'RiskRatingChanged']));
    expect(inspected.inspectionId).toBe(String((await eventsOf('InspectionOutcomeRecorded'))[0]?.data['inspectionId']));
    const monitoring = await expectStatus<Monitoring>(manager.get(contract.path('monitoring')), 200);
    expect(monitoring.risk).toMatchObject({ rating: 'amber', since: today, assessment: { rating: 'amber' } });
    expect(monitoring.risk.assessment.reasons).toEqual([
      expect.objectContaining({ rule: 'risk.inspections.requires-improvement', evidence: [{ kind: 'inspection', id: 'inspection-1' }] }),
    ]);

    const [change] = await eventsOf('RiskRatingChanged');
    expect(change?.data).toMatchObject({ from: 'green', to: 'amber', reasons: [expect.objectContaining({ rule: 'risk.inspections.requires-improvement' })] });
    expect(change?.metadata.actor).toEqual(manager.actor);
    const [reportEvent] = await eventsOf('MonitoringReportRecorded');
    expect(reportEvent?.metadata).toMatchObject({ actor: lead.actor, reason: 'Visit after go-live' });
    const updates = await eventsOf('ConcernUpdated');
    expect(updates.map((event) => [event.metadata.actor.id, event.metadata.reason])).toEqual([
      ['lena', 'Provider asked for its rota'],
      ['frank', 'Rota showed a late change'],
    ]);
  });

  it('varies the contract within the limits, refuses a variation beyond them without a justification, and takes up an extension', async () => {
    const { manager, commissioner } = cast;
    const approver = { name: 'Erin Cole', position: 'Head of Commissioning' };
    // £1,000 on a contract worth £18,000 with its option: 5.6%, within the 10% for services.
    const within = await expectStatus<CommandResult & { variationId: string }>(
      manager.post(contract.path('variations'), {
        kind: 'price',
        description: 'Extra night cover at weekends',
        valueChangePence: 100_000,
        approver,
        reason: 'Demand higher than forecast',
      }),
      201,
    );
    expect(typesOf(within)).toEqual(['ContractVaried']);
    expect(within.variationId).toBe(String((await eventsOf('ContractVaried'))[0]?.data['variationId']));
    expect((await eventsOf('ContractVaried'))[0]?.data).toMatchObject({ cumulative: { justificationRequired: false }, newValuePence: 1_600_000 });

    // A further £1,000 takes the cumulative change to 11.1%: beyond the limit, so a justification is needed.
    const beyond = await refused(
      () => manager.post(contract.path('variations'), { kind: 'price', description: 'More night cover', valueChangePence: 100_000, approver }),
      422,
      'variation.beyond-limit-needs-justification',
    );
    expect(beyond.errors).toEqual([expect.objectContaining({ field: 'data.justification', rule: 'variation.beyond-limit-needs-justification' })]);
    const justified = await expectStatus<CommandResult>(
      commissioner.post(contract.path('variations'), {
        kind: 'price',
        description: 'More night cover',
        valueChangePence: 100_000,
        approver,
        justification: 'Unforeseeable rise in referrals after the closure of a neighbouring service; no other provider can cover',
      }),
      201,
    );
    expect(typesOf(justified)).toEqual(['ContractVaried']);
    expect((await eventsOf('ContractVaried'))[1]?.data).toMatchObject({ cumulative: { justificationRequired: true }, newValuePence: 1_700_000 });

    const newEndDate = lastDayOfTerm(contract.startDate, 4);
    const extended = await expectStatus<CommandResult & { option: number }>(
      manager.post(contract.path('extensions'), { option: 0, newEndDate, note: 'Recommissioning needs another year' }),
      201,
    );
    expect(typesOf(extended)).toEqual(['ExtensionExercised']);
    expect(extended.option).toBe(0);
    await refused(() => manager.post(contract.path('extensions'), { option: 0, newEndDate: lastDayOfTerm(contract.startDate, 5) }), 409, 'extension.already-exercised');
    const unknownOption = await refused(() => manager.post(contract.path('extensions'), { option: 3, newEndDate }), 422, 'extension.unknown-option');
    expect(unknownOption.errors).toEqual([expect.objectContaining({ field: 'data.option' })]);

    const [varied] = await eventsOf('ContractVaried');
    expect(varied?.metadata).toMatchObject({ actor: manager.actor, reason: 'Demand higher than forecast' });
    const [extension] = await eventsOf('ExtensionExercised');
    expect(extension?.metadata).toMatchObject({ actor: manager.actor, reason: 'Recommissioning needs another year' });
  });

  it('suspends the service, refusing placements until it resumes, then starts and ends a placement', async () => {
    const { manager, lead } = cast;
    const placement = { reference: 'CASE-0042', startDate: contract.startDate, plannedEndDate: contract.endDate };
    expect(typesOf(await expectStatus<CommandResult>(manager.post(contract.path('suspension'), { note: 'Safeguarding review of night staff' }), 200))).toEqual([
      'ContractSuspended',
    ]);
    await refused(() => lead.post(contract.path('placements'), placement), 409, 'placement.contract-suspended');
    expect(typesOf(await expectStatus<CommandResult>(manager.post(contract.path('resumption'), { note: 'Review found no risk' }), 200))).toEqual(['ContractResumed']);

    const started = await expectStatus<CommandResult & { placementId: string }>(
      lead.post(contract.path('placements'), { ...placement, reason: 'Referral from the short breaks panel' }),
      201,
    );
    expect(typesOf(started)).toEqual(['PlacementStarted']);
    const placementId = String((await eventsOf('PlacementStarted'))[0]?.data['placementId']);
    expect(started.placementId).toBe(placementId);
    await refused(() => lead.post(contract.path('placements'), placement), 409, 'placement.already-placed');
    const ended = await expectStatus<CommandResult>(
      lead.post(contract.path(`placements/${placementId}/end`), { endDate: contract.startDate, reason: 'needs-met', record: 'Returned home with support' }),
      200,
    );
    expect(typesOf(ended)).toEqual(['PlacementEnded']);
    await refused(
      () => lead.post(contract.path(`placements/${placementId}/end`), { endDate: contract.startDate, reason: 'needs-met', record: 'Again' }),
      409,
      'placement.already-ended',
    );

    const [suspended] = await eventsOf('ContractSuspended');
    expect(suspended?.metadata).toMatchObject({ actor: manager.actor, reason: 'Safeguarding review of night staff' });
    const [placed] = await eventsOf('PlacementStarted');
    expect(placed?.metadata).toMatchObject({ actor: lead.actor, reason: 'Referral from the short breaks panel' });
    // How a placement ended is its data's own `reason`, not the person's why.
    const [end] = await eventsOf('PlacementEnded');
    expect(end?.data).toMatchObject({ placementId, reason: 'needs-met', record: 'Returned home with support' });
    expect(end?.metadata.actor).toEqual(lead.actor);
    expect(end?.metadata.reason).toBeUndefined();
  });

  it('refuses bad input with problem+json naming the field and the rule, the stream unchanged', async () => {
    const { manager, finance } = cast;
    const before = await eventCount(stack.db, contract.contractId);
    const approver = { name: 'Erin Cole', position: 'Head of Commissioning' };

    const unknownField = await expectProblem(
      manager.post(contract.path('variations'), { kind: 'scope', description: 'Add transport', approver, colour: 'red' }),
      400,
      'request.invalid',
    );
    expect(unknownField.errors).toEqual([expect.objectContaining({ field: 'colour', rule: 'unrecognized_keys' })]);
    const badEnum = await expectProblem(manager.post(contract.path('inspections'), { inspectorate: 'CQC', publishedOn: contract.startDate, outcome: 'fine' }), 400, 'request.invalid');
    expect(badEnum.errors?.map((error) => error.field)).toEqual(['outcome']);
    const badId = await expectProblem(manager.post(contract.path('concerns/not%20an%20id/updates'), { status: 'investigating' }), 400, 'request.invalid');
    expect(badId.errors?.map((error) => error.field)).toEqual(['concernId']);
    await expectProblem(manager.post(contract.path('placements/placement-99/end'), { endDate: contract.startDate, reason: 'other', record: 'r' }), 422, 'placement.unknown');
    // A KPI that could never be rated is refused at specification, naming its field.
    const { rag: _rag, ...unrateable } = specification().kpis[0] ?? {};
    const unrated = await expectProblem(manager.post(contract.path('specification'), { ...specification(), kpis: [unrateable] }), 400, 'request.invalid');
    expect(unrated.errors).toEqual([expect.objectContaining({ field: 'kpis.0.rag', message: expect.stringContaining('specification.kpi-not-rateable') })]);
    // Monitoring as of an instant that is not one, or with a parameter it does not take.
    const badNow = await expectProblem(manager.get(`${contract.path('monitoring')}?now=tomorrow`), 400, 'request.invalid');
    expect(badNow.errors?.map((error) => error.field)).toEqual(['now']);
    const unknownParameter = await expectProblem(manager.get(`${contract.path('monitoring')}?today=2027-01-01`), 400, 'request.invalid');
    expect(unknownParameter.errors?.map((error) => error.field)).toEqual(['today']);

    // A wrong role is a 403, and the refusal is logged with who was refused, on which route, under the request's id.
    const correlationId = `e2e-denied-${randomUUID()}`;
    await expectProblem(
      finance.post(contract.path('variations'), { kind: 'scope', description: 'Add transport', approver }, { 'x-correlation-id': correlationId }),
      403,
      'access.role-not-permitted',
    );
    const line = await eventually(
      () => {
        const found = stack
          .app('api')
          .output()
          .split('\n')
          .find((entry) => entry.includes(correlationId) && entry.includes('Request denied'));
        if (!found) throw new Error('the denial is not in the API log yet');
        return JSON.parse(found) as Record<string, unknown>;
      },
      { timeoutMs: 10_000, intervalMs: 100 },
    );
    expect(line).toMatchObject({
      msg: 'Request denied',
      actor: finance.actor,
      method: 'POST',
      route: '/contracts/:contractId/variations',
      code: 'access.role-not-permitted',
      correlationId,
    });
    expect(await eventCount(stack.db, contract.contractId)).toBe(before);
  });

  it('opens a corrective action plan the contract manager decides on, refusing a punitive remedy the contract does not grant', async () => {
    const { manager } = cast;
    const plan = { trigger: { kind: 'contract-manager' }, problem: 'Night cover missed twice in a month', causeAnalysis: 'Rota gaps' };
    const punitive = await refused(
      () => manager.post(contract.path('corrective-plans'), { ...plan, approach: 'punitive', remedies: ['financial-remedy'] }),
      422,
      'plan.remedy-not-in-contract',
    );
    expect(punitive.errors).toEqual([expect.objectContaining({ field: 'data.remedies.0', rule: 'plan.remedy-not-in-contract' })]);
    const opened = await expectStatus<CommandResult & { planId: string }>(
      manager.post(contract.path('corrective-plans'), { ...plan, approach: 'developmental', support: 'Agency cover while recruiting', reason: 'Developmental first' }),
      201,
    );
    expect(typesOf(opened)).toEqual(['CorrectivePlanOpened']);
    await refused(() => manager.post(contract.path('corrective-plans'), { ...plan, approach: 'developmental' }), 409, 'plan.already-open');
    const [event] = await eventsOf('CorrectivePlanOpened');
    expect(event?.data).toMatchObject({ approach: 'developmental', trigger: { kind: 'contract-manager' }, openedOn: today, planId: opened.planId });
    expect(event?.metadata).toMatchObject({ actor: manager.actor, reason: 'Developmental first' });
  });

  it('documents every management endpoint in the OpenAPI document with a summary', async () => {
    const document = (await expectStatus<{ paths: Record<string, Record<string, { summary?: string }>> }>(fetch(`${stack.apiUrl}/openapi.json`), 200)).paths;
    const endpoints = [
      'returns',
      'assessments/{assessmentId}/comments',
      'monitoring-reports',
      'reviews/{reviewId}/minutes',
      'concerns',
      'concerns/{concernId}/updates',
      'inspections',
      'corrective-plans',
      'variations',
      'extensions',
      'suspension',
      'resumption',
      'termination-request',
      'supply-impact-review',
      'termination-notice',
      'expiry-decision',
      'placements',
      'placements/{placementId}/end',
    ];
    const undocumented = endpoints.filter((endpoint) => !document[`/contracts/{contractId}/${endpoint}`]?.['post']?.summary);
    expect(undocumented).toEqual([]);
    expect(document['/contracts/{contractId}/monitoring']?.['get']?.summary).toEqual(expect.any(String));
  });

  it('terminates by the book: request, notice refused before the supply-impact review, review, notice on a ground the contract allows', async () => {
    const { manager, lead } = cast;
    const requested = await expectStatus<CommandResult>(
      lead.post(contract.path('termination-request'), { ground: 'convenience', reason: 'The service is to be brought in house' }),
      200,
    );
    expect(typesOf(requested)).toEqual(['TerminationRequested']);

    const notice = { ground: 'convenience', reference: 'LTR/2026/118', reason: 'Cabinet decision 14/2026' };
    await refused(() => manager.post(contract.path('termination-notice'), notice), 409, 'termination.supply-impact-review-required');
    const reviewed = await expectStatus<CommandResult>(
      manager.post(contract.path('supply-impact-review'), {
        alternativeCapacity: true,
        findings: 'In-house team can take every placement from the effective date',
        reason: 'Checked with the in-house service manager',
      }),
      200,
    );
    expect(typesOf(reviewed)).toEqual(['SupplyImpactReviewed']);
    // The check of the contract's capacity to terminate: a ground its clause does not list is refused.
    const noCapacity = await refused(() => manager.post(contract.path('termination-notice'), { ...notice, ground: 'poor-performance' }), 422, 'termination.ground-not-in-contract');
    expect(noCapacity.errors).toEqual([expect.objectContaining({ field: 'data.ground', rule: 'termination.ground-not-in-contract' })]);

    const given = await expectStatus<CommandResult>(manager.post(contract.path('termination-notice'), notice), 200);
    expect(typesOf(given)).toEqual(['TerminationNoticeGiven']);
    expect((await eventsOf('TerminationNoticeGiven'))[0]?.data).toMatchObject({ ground: 'convenience', notice: { length: 3, unit: 'months' }, noticeGivenOn: today });
    await refused(() => manager.post(contract.path('termination-notice'), notice), 409, 'termination.notice-already-given');

    const [request] = await eventsOf('TerminationRequested');
    expect(request?.metadata).toMatchObject({ actor: lead.actor, reason: 'The service is to be brought in house' });
    const [review] = await eventsOf('SupplyImpactReviewed');
    expect(review?.metadata).toMatchObject({ actor: manager.actor, reason: 'Checked with the in-house service manager' });
    const [noticeEvent] = await eventsOf('TerminationNoticeGiven');
    expect(noticeEvent?.metadata).toMatchObject({ actor: manager.actor, reason: 'Cabinet decision 14/2026' });
    expect(noticeEvent?.metadata.correlationId).toEqual(expect.any(String));
  });
});

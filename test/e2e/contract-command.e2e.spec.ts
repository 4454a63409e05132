import { mintToken } from '@cls/auth';
import {
  authorisingBodies,
  commandPermissions,
  signingRoles,
  contractWorkflowId,
  tenderCommandPermissions,
  viewReach,
  type AuditView,
  type ContractCommandType,
  type Role,
  type TenderCommandType,
  type Actor,
  type CommandResult,
  type CommissionProgress,
  type ContractView,
  type TenderCommandResult,
  type TenderView,
} from '@cls/domain';
import { createKafka } from '@cls/kafka';
import { eventually, readTopic, testKafkaBrokers, type TopicReader } from '@cls/kafka/testing';
import { randomUUID } from 'node:crypto';
import {
  directAwardRoute,
  needsAssessment,
  openTenderRoute,
  refusedWithoutTrace as refusedWithoutTraceIn,
  reportingCallerFor,
  specification,
  startStack,
  type Stack,
} from './fixtures';
import { callerFor, expectProblem, expectStatus, lastDayOfTerm, type Problem } from './http';

type ContractProgress = CommissionProgress & { contractId: string; version: number; asOf: string };

/**
 * One command across every part, each a real process: HTTP → API → Temporal (dev server) → worker → PostgreSQL
 * → relay → Kafka → reporting → read model.
 */
describe('a command crosses every part (all processes, real servers)', () => {
  const kafka = createKafka({ clientId: 'e2e', brokers: testKafkaBrokers() });
  let stack: Stack;
  let reader: TopicReader | undefined;

  beforeAll(async () => {
    stack = await startStack({ readModels: true });
  }, 240_000);

  afterAll(async () => {
    await reader?.stop();
    await stack?.stop();
  }, 60_000);

  it('opens a commission over HTTP and sees it in PostgreSQL, Temporal, Kafka and the register', async () => {
    const alice: Actor = { id: 'alice', role: 'commissioner', organisation: 'somerset-council' };
    const token = await mintToken(alice, stack.auth);
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-correlation-id': 'e2e-corr-1' };

    const created = await fetch(`${stack.apiUrl}/contracts`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ title: 'Domiciliary care, West Somerset', reason: 'Current contract ends in March' }),
    });
    expect(created.status).toBe(201);
    const result = (await created.json()) as CommandResult;
    const contractId = result.contractId;
    expect(created.headers.get('location')).toBe(`/contracts/${contractId}`);
    expect(result.events.map((event) => event.type)).toEqual(['CommissionOpened']);

    const viewResponse = await fetch(`${stack.apiUrl}/contracts/${contractId}`, { headers });
    const view = (await viewResponse.json()) as ContractView;
    if (viewResponse.status !== 200) throw new Error(`GET answered ${viewResponse.status}:\n${stack.apps.map((app) => app.output()).join('\n')}`);
    expect(view.state).toMatchObject({ status: 'open', title: 'Domiciliary care, West Somerset', stage: 'needs-assessment' });

    const { rows } = await stack.db.pool.query<{ metadata: { actor: { id: string }; correlationId: string; reason: string } }>(
      'SELECT metadata FROM events WHERE stream_id = $1',
      [`contract-${contractId}`],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.metadata).toMatchObject({ actor: { id: 'alice' }, correlationId: 'e2e-corr-1', reason: 'Current contract ends in March' });

    const description = await stack.temporal.workflow.getHandle(contractWorkflowId(contractId)).describe();
    expect(description.status.name).toBe('RUNNING');
    expect(description.taskQueue).toBe(stack.taskQueue);

    reader = await readTopic(kafka, stack.topic);
    const message = await eventually(() => {
      const found = reader!.received.find((received) => received.message.key?.toString() === contractId);
      if (!found) throw new Error('not on the topic yet');
      return found.message;
    }, { timeoutMs: 30_000 });
    expect(message.headers?.['event-type']?.toString()).toBe('CommissionOpened');
    expect(message.headers?.['correlation-id']?.toString()).toBe('e2e-corr-1');

    const register = await reportingCallerFor(stack, alice);
    const entry = await eventually(async () => {
      const response = await register.get(`/register/${contractId}`);
      if (response.status !== 200) throw new Error(`register answered ${response.status}`);
      return (await response.json()) as { stage: string; title: string };
    }, { timeoutMs: 30_000 });
    expect(entry).toMatchObject({ stage: 'needs-assessment', title: 'Domiciliary care, West Somerset' });
  });

  it('takes a contract from needs assessment through the route decision to an agreed specification', async () => {
    const dana: Actor = { id: 'dana', role: 'commissioner', organisation: 'somerset-council' };
    const token = await mintToken(dana, stack.auth);
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-correlation-id': 'e2e-corr-2' };
    const post = (path: string, body: unknown) =>
      fetch(`${stack.apiUrl}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    const expectOk = async (response: Response, status = 200): Promise<CommandResult> => {
      const body = await response.json();
      if (response.status !== status) throw new Error(`answered ${response.status}: ${JSON.stringify(body)}`);
      return body as CommandResult;
    };
    const stageOf = (result: CommandResult) => result.stage;

    const opened = await expectOk(await post('/contracts', { title: 'Supported living, Taunton' }), 201);
    const contractId = opened.contractId;

    const assessed = await expectOk(
      await post(`/contracts/${contractId}/needs-assessment`, needsAssessment),
    );
    expect(stageOf(assessed)).toBe('route-decision');

    const routed = await expectOk(await post(`/contracts/${contractId}/route-decision`, openTenderRoute));
    expect(stageOf(routed)).toBe('specification');
    expect(routed.events.map((event) => event.type)).toEqual(['RouteDecided']);

    const eventsBefore = await stack.db.pool.query('SELECT count(*)::int AS n FROM events WHERE stream_id = $1', [`contract-${contractId}`]);
    const badWeights = await post(`/contracts/${contractId}/specification`, specification([40, 40, 10]));
    expect(badWeights.status).toBe(422);
    expect(badWeights.headers.get('content-type')).toContain('application/problem+json');
    expect(await badWeights.json()).toMatchObject({ code: 'criteria.weights-must-sum-to-100' });
    const eventsAfter = await stack.db.pool.query('SELECT count(*)::int AS n FROM events WHERE stream_id = $1', [`contract-${contractId}`]);
    expect(eventsAfter.rows[0]).toEqual(eventsBefore.rows[0]);

    const agreed = await expectOk(await post(`/contracts/${contractId}/specification`, specification([40, 50, 10])));
    expect(stageOf(agreed)).toBe('procurement');
    expect(agreed.events.map((event) => event.type)).toEqual(['SpecificationAgreed']);
    expect(agreed.version).toBe(4);

    const register = await reportingCallerFor(stack, dana);
    const entry = await eventually(async () => {
      const response = await register.get(`/register/${contractId}`);
      if (response.status !== 200) throw new Error(`register answered ${response.status}`);
      const body = (await response.json()) as { stage: string; route: string | null; version: number };
      if (body.stage !== 'procurement') throw new Error(`register at ${body.stage} yet`);
      return body;
    }, { timeoutMs: 30_000 });
    expect(entry).toMatchObject({ stage: 'procurement', route: 'tender', version: 4, lastEventType: 'SpecificationAgreed' });
  });

  it('refuses bad input with problem+json and appends nothing', async () => {
    const token = await mintToken({ id: 'bob', role: 'provider', organisation: 'acme-care' }, stack.auth);
    const before = await stack.db.pool.query('SELECT count(*)::int AS n FROM events');

    const forbidden = await fetch(`${stack.apiUrl}/contracts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Not mine to open' }),
    });
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get('content-type')).toContain('application/problem+json');
    expect(await forbidden.json()).toMatchObject({ code: 'access.role-not-permitted' });

    const unauthenticated = await fetch(`${stack.apiUrl}/contracts`, { method: 'POST', body: '{}' });
    expect(unauthenticated.status).toBe(401);

    const unknown = await fetch(`${stack.apiUrl}/contracts/${randomUUID()}/needs-assessment`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        need: 'n',
        clientGroup: 'c',
        evidence: [{ kind: 'other', description: 'd' }],
        unmetNeeds: [],
        priority: 9,
        outcomes: [],
        serviceUserInvolvement: 's',
      }),
    });
    expect(unknown.status).toBe(400);
    const problem = (await unknown.json()) as { errors: { field: string }[] };
    expect(problem.errors.map((error) => error.field).sort()).toEqual(['outcomes', 'priority']);

    const commissioner = await mintToken({ id: 'carol', role: 'commissioner', organisation: 'somerset-council' }, stack.auth);
    const contractId = randomUUID();
    const openTwice = () =>
      fetch(`${stack.apiUrl}/contracts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${commissioner}`, 'content-type': 'application/json' },
        body: JSON.stringify({ contractId, title: 'Day opportunities' }),
      });
    expect((await openTwice()).status).toBe(201);
    const again = await openTwice();
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'contract.already-exists' });

    const after = await stack.db.pool.query('SELECT count(*)::int AS n FROM events');
    expect(after.rows[0]).toEqual({ n: (before.rows[0] as { n: number }).n + 1 });
  });

  /** Runs a request that must be refused and checks the refusal appended nothing to the contract. */
  const refusedWithoutTrace = (contractId: string, request: () => Promise<Response>, status: number, code: string): Promise<Problem> =>
    refusedWithoutTraceIn(stack.db, contractId, request, status, code);

  const somerset = (id: string, role: Actor['role']) => callerFor(stack.apiUrl, { id, role, organisation: 'somerset-council' }, stack.auth);

  it('takes a below-threshold direct award with its justification from opening to Active, refusing what the rules forbid on the way', async () => {
    const commissioner = await somerset('erin', 'commissioner');
    const manager = await somerset('frank', 'contract-manager');
    const budgetHolder = await somerset('bh-3', 'budget-holder');
    const supplier = await callerFor(stack.apiUrl, { id: 'sam', role: 'provider', organisation: 'quantock-care' }, stack.auth);
    const rival = await callerFor(stack.apiUrl, { id: 'rita', role: 'provider', organisation: 'exmoor-care' }, stack.auth);
    const stageOf = (result: CommandResult) => result.stage;

    const { contractId } = await expectStatus<CommandResult>(commissioner.post('/contracts', { title: 'Short breaks, Minehead' }), 201);
    const path = (rest: string) => `/contracts/${contractId}/${rest}`;
    await expectStatus(commissioner.post(path('needs-assessment'), needsAssessment), 200);
    // £6,000 a year for 3 years: £18,000, below the local threshold of £20,000, so a justified direct award will do.
    const routed = await expectStatus<CommandResult>(commissioner.post(path('route-decision'), directAwardRoute), 200);
    expect(routed).toMatchObject({ contractId, stage: 'specification', events: [{ type: 'RouteDecided' }] });
    expect((await expectStatus<ContractView>(commissioner.get(`/contracts/${contractId}`), 200)).state).toMatchObject({
      route: { route: 'direct-award', regime: 'proportionate', wholeLifeValuePence: 1_800_000 },
    });
    expect(stageOf(await expectStatus<CommandResult>(commissioner.post(path('specification'), specification()), 200))).toBe('award');

    const award = { supplier: { organisation: 'quantock-care', name: 'Quantock Care Ltd' }, valuePence: 1_800_000, note: 'Provider confirmed capacity' };
    // Before the award the supplier has no more right to see the contract than anyone else.
    await expectProblem(supplier.get(`/contracts/${contractId}`), 404, 'contract.not-found');
    await refusedWithoutTrace(contractId, () => manager.post(path('award'), award), 403, 'access.role-not-permitted');
    const awarded = await expectStatus<CommandResult>(commissioner.post(path('award'), award), 200);
    expect(awarded.events.map((event) => event.type)).toEqual(['ContractAwarded']);
    await refusedWithoutTrace(contractId, () => commissioner.post(path('award'), award), 409, 'award.already-made');

    // The term starts on the day of the award, so the contract may go live today.
    const startDate = (awarded.lastEventAt ?? '').slice(0, 10);
    await expectStatus(
      manager.post(path('contract'), {
        terms: { reference: 'SCC/SB/2026/031', summary: 'Standard terms for care services' },
        startDate,
        endDate: lastDayOfTerm(startDate, 3),
      }),
      200,
    );
    const overLimit = await refusedWithoutTrace(
      contractId,
      () => budgetHolder.post(path('authorisation'), { authoriser: { id: 'bh-3', body: 'budget-holder', delegatedLimitPence: 1_000_000 } }),
      403,
      'authority.above-delegated-limit',
    );
    expect(overLimit.detail).toContain('£18,000');
    await expectStatus(
      budgetHolder.post(path('authorisation'), {
        authoriser: { id: 'bh-3', body: 'budget-holder', delegatedLimitPence: 2_500_000 },
        note: 'Within the short-breaks budget',
      }),
      200,
    );
    await expectStatus(supplier.post(path('signatures'), { party: 'provider', signatory: { name: 'Sam Hill', position: 'Director' } }), 200);
    const signed = await expectStatus<CommandResult>(
      commissioner.post(path('signatures'), { party: 'authority', signatory: { name: 'Erin Cole', position: 'Head of Commissioning' } }),
      200,
    );
    expect(signed.events.map((event) => event.type)).toEqual(['ContractSigned', 'FinanceNotified']);
    await expectStatus(
      manager.post(path('master-copy'), { reference: 'EDRMS/2026/031', distribution: [{ name: 'Sam Hill', organisation: 'quantock-care' }] }),
      200,
    );
    await expectStatus(manager.post(path('mobilisation'), { planSummary: 'Recruit staff and take first referrals' }), 200);

    const progress = await expectStatus<ContractProgress>(manager.get(path('progress')), 200);
    expect(progress).toMatchObject({
      contractId,
      stage: 'mobilisation',
      nextSteps: [{ who: 'contract-manager', what: 'ActivateContract', from: `${startDate}T00:00:00.000Z` }],
    });
    await refusedWithoutTrace(contractId, () => commissioner.post(path('activation'), {}), 403, 'access.role-not-permitted');
    const active = await expectStatus<CommandResult>(manager.post(path('activation'), { note: 'Mobilisation checklist signed off' }), 200);
    expect(stageOf(active)).toBe('active');

    // The awarded supplier reads its contract; another provider is answered exactly as for a contract that does not exist.
    expect((await expectStatus<ContractView>(supplier.get(`/contracts/${contractId}`), 200)).state).toMatchObject({ stage: 'active' });
    const hidden = await expectProblem(rival.get(`/contracts/${contractId}`), 404, 'contract.not-found');
    const missing = await expectProblem(rival.get(`/contracts/${randomUUID()}`), 404, 'contract.not-found');
    const shape = ({ instance: _instance, correlationId: _correlationId, ...rest }: Problem) => rest;
    expect(shape(hidden)).toEqual(shape(missing));
    expect(Object.keys(hidden).sort()).toEqual(Object.keys(missing).sort());

    const register = await reportingCallerFor(stack, commissioner.actor);
    const entry = await eventually(async () => {
      const body = await expectStatus<{ stage: string }>(register.get(`/register/${contractId}`), 200);
      if (body.stage !== 'active') throw new Error(`register at ${body.stage} yet`);
      return body;
    }, { timeoutMs: 30_000 });
    expect(entry).toMatchObject({
      stage: 'active',
      route: 'direct-award',
      supplier: { organisation: 'quantock-care', name: 'Quantock Care Ltd' },
      valuePence: 1_800_000,
      startDate,
      activatedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
  });

  it('starts a tender over HTTP, takes interest and bids, and shows each provider only its own bid', async () => {
    const commissioner = await somerset('gina', 'commissioner');
    const alpha = await callerFor(stack.apiUrl, { id: 'al', role: 'provider', organisation: 'alpha-care' }, stack.auth);
    const bravo = await callerFor(stack.apiUrl, { id: 'bo', role: 'provider', organisation: 'bravo-care' }, stack.auth);

    const { contractId } = await expectStatus<CommandResult>(commissioner.post('/contracts', { title: 'Supported living, Bridgwater' }), 201);
    const path = (rest: string) => `/contracts/${contractId}/${rest}`;
    await expectStatus(commissioner.post(path('needs-assessment'), needsAssessment), 200);
    await expectStatus(commissioner.post(path('route-decision'), openTenderRoute), 200);
    await expectStatus(commissioner.post(path('specification'), specification([40, 50, 10])), 200);

    const day = 24 * 60 * 60 * 1000;
    const clarificationDeadline = new Date(Date.now() + 30 * day).toISOString();
    const closesAt = new Date(Date.now() + 40 * day).toISOString();
    const details = { title: 'Supported living, Bridgwater', procedure: 'open', clarificationDeadline, closesAt };
    await refusedWithoutTrace(contractId, () => alpha.post(path('tender'), details), 403, 'access.role-not-permitted');
    const started = await commissioner.post(path('tender'), { ...details, reason: 'Specification signed off by the board' });
    const tenderId = `${contractId}.1`;
    expect(started.headers.get('location')).toBe(`/tenders/${tenderId}`);
    expect((await expectStatus<CommandResult>(started, 201)).events.map((event) => event.type)).toEqual(['TenderStarted']);

    // The tender's own workflow publishes it as it starts.
    const tender = await eventually(() => expectStatus<TenderView>(commissioner.get(`/tenders/${tenderId}`), 200), { timeoutMs: 15_000, intervalMs: 100 });
    expect(tender.state).toMatchObject({ status: 'open', contractId, phase: 'tendering', closesAt });

    await expectStatus(alpha.post(`/tenders/${tenderId}/interest`, { supplierName: 'Alpha Care' }), 200);
    const bid = (supplierName: string, pricePence: number) => ({ supplierName, pricePence, documentsReference: `docs/${supplierName}` });
    const alphaBid = await expectStatus<TenderCommandResult>(alpha.post(`/tenders/${tenderId}/bids`, bid('Alpha Care', 17_500_000)), 201);
    expect(alphaBid.events.map((event) => event.type)).toEqual(['BidSubmitted']);
    await expectStatus(bravo.post(`/tenders/${tenderId}/bids`, bid('Bravo Care', 16_900_000)), 201);

    const asBravo = await expectStatus<TenderView>(bravo.get(`/tenders/${tenderId}`), 200);
    const bids = asBravo.state.status === 'open' ? Object.values(asBravo.state.bids) : [];
    expect(bids.map((entry) => entry.supplier.organisation)).toEqual(['bravo-care']);
    const asCommissioner = await expectStatus<TenderView>(commissioner.get(`/tenders/${tenderId}`), 200);
    expect(asCommissioner.state.status === 'open' ? Object.keys(asCommissioner.state.bids).length : 0).toBe(2);

    const progress = await expectStatus<ContractProgress>(commissioner.get(path('progress')), 200);
    expect(progress).toMatchObject({
      stage: 'procurement',
      tenderPhase: 'tendering',
      nextDeadline: { at: clarificationDeadline, what: 'EndClarificationPeriod' },
    });
    expect(progress.nextSteps).toEqual(
      expect.arrayContaining([
        { who: 'provider', what: 'SubmitBid', by: closesAt },
        { who: 'system', what: 'CloseTender', by: closesAt },
      ]),
    );
  });
  it('walks the role × endpoint matrix: each refusal by role is exactly what the permission tables say', async () => {
    const commissioner = await somerset('mia', 'commissioner');
    const { contractId } = await expectStatus<CommandResult>(commissioner.post('/contracts', { title: 'Role matrix' }), 201);
    const path = (rest: string) => `/contracts/${contractId}/${rest}`;
    await expectStatus(commissioner.post(path('needs-assessment'), needsAssessment), 200);
    await expectStatus(commissioner.post(path('route-decision'), openTenderRoute), 200);
    await expectStatus(commissioner.post(path('specification'), specification([40, 50, 10])), 200);
    const day = 24 * 60 * 60 * 1000;
    const tenderDetails = {
      title: 'Role matrix',
      procedure: 'open',
      clarificationDeadline: new Date(Date.now() + 30 * day).toISOString(),
      closesAt: new Date(Date.now() + 40 * day).toISOString(),
    };
    await expectStatus(commissioner.post(path('tender'), tenderDetails), 201);
    const tenderId = `${contractId}.1`;
    await eventually(() => expectStatus(commissioner.get(`/tenders/${tenderId}`), 200), { timeoutMs: 15_000, intervalMs: 100 });
    const tender = (rest: string) => `/tenders/${tenderId}/${rest}`;

    // Every body is valid, so what answers is the rules; the rules check the role before anything else.
    const contractEndpoints: [ContractCommandType, string, unknown][] = [
      ['RecordNeedsAssessment', path('needs-assessment'), needsAssessment],
      ['DecideRoute', path('route-decision'), openTenderRoute],
      ['AgreeSpecification', path('specification'), specification([40, 50, 10])],
      ['StartTender', path('tender'), tenderDetails],
      ['AwardDirectly', path('award'), { supplier: { organisation: 'alpha-care', name: 'Alpha' }, valuePence: 100 }],
      ['IssueContract', path('contract'), { terms: { reference: 'T/1', summary: 'Terms' }, startDate: '2027-04-01', endDate: '2030-03-31' }],
      ['AuthoriseContract', path('authorisation'), { authoriser: { id: 'rag', body: 'resource-allocation-group' } }],
      ['SignContract', path('signatures'), { party: 'authority', signatory: { name: 'Mia', position: 'Director' } }],
      ['RecordMasterCopy', path('master-copy'), { reference: 'MC/1', distribution: [{ name: 'Finance' }] }],
      ['StartMobilisation', path('mobilisation'), { planSummary: 'Recruit staff' }],
      ['ActivateContract', path('activation'), {}],
      // Managing the active contract: the contract is still in procurement, so a role let through meets `contract.not-active`.
      ['SubmitReturn', path('returns'), { periodId: '2027-04-01/2027-06-30', observations: [{ kpi: 'People in their own tenancy', value: 61 }] }],
      ['CommentOnAssessment', path('assessments/assessment-1/comments'), { comment: 'The figure leaves out respite stays' }],
      ['RecordMonitoringReport', path('monitoring-reports'), { kind: 'operational', from: '2026-01-01', to: '2026-01-31', summary: 'A quiet month' }],
      ['HoldReview', path('reviews/biannual-2027-10-01/minutes'), { attendees: [{ name: 'Mia', role: 'contract-manager' }], minutes: 'Minutes' }],
      [
        'LogConcern',
        path('concerns'),
        { receivedOn: '2026-01-01', source: 'family', category: 'communication', severity: 'low', summary: 'A late visit', handling: 'information-only' },
      ],
      ['UpdateConcern', path('concerns/concern-1/updates'), { status: 'investigating' }],
      ['RecordInspectionOutcome', path('inspections'), { inspectorate: 'CQC', publishedOn: '2026-01-01', outcome: 'good' }],
      ['OpenCorrectivePlan', path('corrective-plans'), { trigger: { kind: 'contract-manager' }, approach: 'developmental', problem: 'Late visits' }],
      ['VaryContract', path('variations'), { kind: 'scope', description: 'Add transport', approver: { name: 'Mia', position: 'Director' } }],
      ['ExerciseExtension', path('extensions'), { option: 0, newEndDate: '2031-03-31' }],
      ['SuspendContract', path('suspension'), { note: 'Safeguarding review' }],
      ['ResumeContract', path('resumption'), {}],
      ['RequestTermination', path('termination-request'), { ground: 'convenience', reason: 'To be brought in house' }],
      ['RecordSupplyImpactReview', path('supply-impact-review'), { alternativeCapacity: true, findings: 'Capacity in house' }],
      ['GiveTerminationNotice', path('termination-notice'), { ground: 'convenience', reference: 'LTR/1' }],
      ['DecideOnExpiry', path('expiry-decision'), { decision: 'recommission' }],
      ['StartPlacement', path('placements'), { reference: 'CASE-1', startDate: '2027-04-01' }],
      ['EndPlacement', path('placements/placement-1/end'), { endDate: '2027-05-01', reason: 'needs-met', record: 'Went home' }],
    ];
    const tenderEndpoints: [TenderCommandType, string, unknown][] = [
      ['ExpressInterest', tender('interest'), { supplierName: 'Alpha Care' }],
      ['AskClarification', tender('clarifications'), { question: 'Is transport included?' }],
      ['AnswerClarification', tender('clarifications/Q9/answer'), { answer: 'Yes' }],
      ['AssessSupplier', tender('selection'), { organisation: 'alpha-care', outcome: 'qualified' }],
      ['InviteToTender', tender('invitation'), { shortlist: ['alpha-care'], clarificationDeadline: tenderDetails.clarificationDeadline, closesAt: tenderDetails.closesAt }],
      ['SubmitBid', tender('bids'), { supplierName: 'Alpha Care', pricePence: 100_000, documentsReference: 'docs/a' }],
      ['AppointEvaluationPanel', tender('panel'), { evaluators: ['ev-1'] }],
      ['DeclareConflictOfInterest', tender('conflict-declarations'), { conflicted: false }],
      ['ScoreBid', tender('scores'), { bidId: 'B1', criterionId: 'quality', score: 5 }],
      ['ModerateScore', tender('moderated-scores'), { bidId: 'B1', criterionId: 'quality', score: 5, rationale: 'Agreed' }],
      ['RequestExplanation', tender('bids/B1/explanation-request'), {}],
      ['SubmitExplanation', tender('bids/B1/explanation'), { explanation: 'Efficient rota' }],
      ['DecideAbnormallyLowBid', tender('bids/B1/abnormally-low-decision'), { decision: 'reject', breachesLegalObligations: false, reason: 'No' }],
      ['DecideAward', tender('award'), { reason: 'Best value' }],
      ['RecordChallenge', tender('challenges'), { challenger: 'bravo-care', grounds: 'Unfair' }],
      ['ResolveChallenge', tender('challenges/C1/resolution'), { outcome: 'dismissed', reason: 'No merit' }],
      // Last: given by a commissioner, it ends the tender.
      ['CancelTender', tender('cancellation'), { reason: 'Matrix walked' }],
    ];
    // The commissioner goes last on each endpoint, so a command it may give and does change cannot hide another role's answer.
    const roles: Role[] = ['contract-manager', 'lead-professional', 'evaluator', 'budget-holder', 'provider', 'finance', 'governance', 'commissioner'];
    const callers = await Promise.all(
      roles.map((role) =>
        role === 'provider' ? callerFor(stack.apiUrl, { id: 'pat', role, organisation: 'alpha-care' }, stack.auth) : somerset(`${role}-1`, role),
      ),
    );
    const refusedByRole = async (response: Response): Promise<boolean> => {
      const text = await response.text();
      if (response.status >= 500 || response.status === 400) throw new Error(`${response.url} answered ${response.status}: ${text}`);
      return response.status === 403 && (JSON.parse(text) as Problem).code === 'access.role-not-permitted';
    };
    const answers: string[] = [];
    const expected: string[] = [];
    const walk = async (endpoints: [string, string, unknown][], allowed: (type: string, role: Role) => boolean) => {
      for (const [type, url, body] of endpoints) {
        for (const caller of callers) {
          const role = caller.actor.role;
          answers.push(`${type} ${role} ${(await refusedByRole(await caller.post(url, body))) ? 'refused' : 'let through'}`);
          expected.push(`${type} ${role} ${allowed(type, role) ? 'let through' : 'refused'}`);
        }
      }
    };
    // Signing and authorising have a finer table each: who signs for which party, who authorises as which body.
    const finer: Partial<Record<ContractCommandType, (role: Role) => boolean>> = {
      SignContract: (role) => signingRoles.authority.includes(role),
      AuthoriseContract: (role) => authorisingBodies[role]?.includes('resource-allocation-group') ?? false,
    };
    await walk(contractEndpoints, (type, role) => {
      const command = type as ContractCommandType;
      return commandPermissions[command].includes(role) && (finer[command]?.(role) ?? true);
    });
    await walk(tenderEndpoints, (type, role) => tenderCommandPermissions[type as TenderCommandType].includes(role));
    expect(answers).toEqual(expected);

    // The audit views: a role the table does not admit gets 403 access.view-not-permitted; one it admits is answered.
    const views: [AuditView, string][] = [
      ['contract-timeline', path('timeline')],
      ['contract-verify', path('verify')],
      ['audit-events', '/audit/events'],
      ['audit-verify', '/audit/verify'],
    ];
    const viewAnswers: string[] = [];
    const viewExpected: string[] = [];
    for (const [view, url] of views) {
      for (const caller of callers) {
        const role = caller.actor.role;
        const response = await caller.get(url);
        const text = await response.text();
        const refused = response.status === 403 && (JSON.parse(text) as Problem).code === 'access.view-not-permitted';
        viewAnswers.push(`${view} ${role} ${refused ? 'refused' : response.status === 200 || response.status === 404 ? 'answered' : response.status}`);
        // A provider reads only what it supplies: before any award it is told the process does not exist.
        viewExpected.push(`${view} ${role} ${viewReach(view, role) === undefined ? 'refused' : 'answered'}`);
      }
    }
    expect(viewAnswers).toEqual(viewExpected);
  });
});

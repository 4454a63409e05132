import {
  contractStreamId,
  tenderStreamId,
  type Actor,
  type CommandResult,
  type ContractView,
  type TenderCommandResult,
  type TenderView,
} from '@cls/domain';
import { eventually } from '@cls/kafka/testing';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { needsAssessment, openTenderRoute, reportingCallerFor, specification, startStack, type Stack } from './fixtures';
import { callerFor, expectProblem, expectStatus, lastDayOfTerm, type Caller, type Problem } from './http';

const day = 24 * 60 * 60 * 1000;

/** The API's vendored OCDS 1.1.5 schemas (JSON Schema draft 4), the package schemas naming the release schema by its URL id. */
const ocdsValidators = () => {
  const schema = (name: string): { id?: string } =>
    JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', 'apps', 'api', 'src', 'ocds', 'schema', name), 'utf8')) as { id?: string };
  const ajv = new Ajv({ allErrors: true, strictTypes: false });
  addFormats(ajv);
  ajv.addVocabulary(['codelist', 'openCodelist', 'omitWhenMerged', 'wholeListMerge', 'versionId', 'deprecated']);
  ajv.addSchema(schema('release-schema.json'));
  ajv.addSchema({ id: 'https://standard.open-contracting.org/schema/1__1__5/versioned-release-validation-schema.json' });
  const errorsOf = (validate: ReturnType<Ajv['compile']>) => (data: unknown) =>
    validate(data) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? error.keyword}`);
  return {
    releasePackage: errorsOf(ajv.compile(schema('release-package-schema.json'))),
    recordPackage: errorsOf(ajv.compile(schema('record-package-schema.json'))),
  };
};

/**
 * The shortest periods the procurement policy admits: its periods are whole (working) days of at least one, so no
 * policy makes a real deadline pass in seconds. The Temporal server here is therefore the Java time-skipping test
 * server, which every process (API, worker) talks to as it would to any Temporal; the test moves its clock on.
 */
const shortPolicy = {
  tenderPeriods: { open: { tenderingDays: 1 } },
  standstill: { workingDays: 1 },
  abnormallyLow: { explanationDeadlineWorkingDays: 1 },
};

/**
 * A whole open tender over HTTP, every part a real process (API, worker, relay, reporting) on PostgreSQL, Kafka
 * and Temporal: clarification, bids and a late bid, a conflicted evaluator, scores and moderation, an abnormally
 * low bid explained and rejected, a MEAT award with letters, standstill suspended by a challenge and released by
 * its resolution, and the contract through to Active; then a second tender's refusals and its cancellation.
 *
 * On the Java test server an update refused by its validator holds time skipping for the rest of the server's
 * life, so every refusal that reaches a workflow comes after the last move of the clock.
 */
describe('an open tender from publication to an active contract, over HTTP (all processes, time-skipping Temporal)', () => {
  let stack: Stack;
  /** The time-skipping server's clock, which every process's workflows run by. */
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    stack = await startStack({ readModels: true, timeSkipping: true, apiEnv: { CLS_PROCUREMENT_POLICY: JSON.stringify(shortPolicy) } });
    if (!stack.clock) throw new Error('the stack has no clock to move');
    env = stack.clock;
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  const somerset = (id: string, role: Actor['role']) => callerFor(stack.apiUrl, { id, role, organisation: 'somerset-council' }, stack.auth);
  const supplier = (organisation: string) => callerFor(stack.apiUrl, { id: `${organisation}-bids`, role: 'provider', organisation }, stack.auth);

  const streamTypes = async (streamId: string): Promise<string[]> => {
    const { rows } = await stack.db.pool.query<{ type: string }>('SELECT event_type AS type FROM events WHERE stream_id = $1 ORDER BY stream_version', [streamId]);
    return rows.map((row) => row.type);
  };
  const streamVersion = async (streamId: string): Promise<number> => (await streamTypes(streamId)).length;

  /** A request the rules refuse: problem+json with the rule, and the stream exactly as long as before. */
  const refusedWithoutTrace = async (streamId: string, request: () => Promise<Response>, status: number, code: string): Promise<Problem> => {
    const before = await streamVersion(streamId);
    const problem = await expectProblem(request(), status, code);
    expect(await streamVersion(streamId)).toBe(before);
    return problem;
  };

  const tenderOf = async (caller: Caller, tenderId: string): Promise<TenderView['state'] & { status: 'open' }> => {
    const view = await expectStatus<TenderView>(caller.get(`/tenders/${tenderId}`), 200);
    if (view.state.status !== 'open') throw new Error(`tender ${tenderId} is not open`);
    return view.state;
  };
  const untilPhase = (caller: Caller, tenderId: string, phase: string) =>
    eventually(
      async () => {
        const state = await tenderOf(caller, tenderId);
        if (state.phase !== phase) throw new Error(`tender ${tenderId} in its ${state.phase} phase yet`);
        return state;
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );

  /** Opens a commission, takes it to procurement and starts its open tender; answers the tender's id. */
  const tenderFor = async (commissioner: Caller, title: string, clarificationDeadline: string, closesAt: string): Promise<{ contractId: string; tenderId: string }> => {
    const { contractId } = await expectStatus<CommandResult>(commissioner.post('/contracts', { title }), 201);
    const path = (rest: string) => `/contracts/${contractId}/${rest}`;
    await expectStatus(commissioner.post(path('needs-assessment'), needsAssessment), 200);
    await expectStatus(commissioner.post(path('route-decision'), openTenderRoute), 200);
    await expectStatus(commissioner.post(path('specification'), specification([40, 50, 10])), 200);
    const started = await commissioner.post(path('tender'), { title, procedure: 'open', clarificationDeadline, closesAt, reason: 'Specification signed off by the board' });
    await expectStatus(started, 201);
    const tenderId = `${contractId}.1`;
    await eventually(() => expectStatus(commissioner.get(`/tenders/${tenderId}`), 200), { timeoutMs: 15_000, intervalMs: 100 });
    return { contractId, tenderId };
  };

  const bid = (name: string, pricePence: number) => ({ supplierName: name, pricePence, documentsReference: `docs/${name}` });

  it('runs clarification, bids, evaluation, an abnormally low bid, award, a challenged standstill and the contract to Active; refuses what the rules forbid and cancels a tender with its reason', async () => {
    const commissioner = await somerset('gina', 'commissioner');
    const manager = await somerset('frank', 'contract-manager');
    const budgetHolder = await somerset('bh-12', 'budget-holder');
    const governance = await somerset('gail', 'governance');
    const fair = await somerset('ev-1', 'evaluator');
    const conflicted = await somerset('ev-2', 'evaluator');
    const [alpha, bravo, charlie, delta] = await Promise.all([supplier('alpha-care'), supplier('bravo-care'), supplier('charlie-care'), supplier('delta-care')]);

    const now = await env.currentTimeMs();
    const clarificationDeadline = new Date(now + 2 * day).toISOString();
    const closesAt = new Date(now + 3 * day).toISOString();
    const main = await tenderFor(commissioner, 'Supported living, Bridgwater', clarificationDeadline, closesAt);
    const other = await tenderFor(commissioner, 'Supported living, Yeovil', clarificationDeadline, closesAt);
    const mainStream = tenderStreamId(main.tenderId);
    const otherStream = tenderStreamId(other.tenderId);
    const onMain = (rest: string) => `/tenders/${main.tenderId}/${rest}`;
    const onOther = (rest: string) => `/tenders/${other.tenderId}/${rest}`;

    // Clarification: one supplier asks, the answer goes to every interested supplier without saying who asked.
    for (const [caller, name] of [[alpha, 'Alpha Care'], [bravo, 'Bravo Care'], [charlie, 'Charlie Care']] as const) {
      await expectStatus(caller.post(onMain('interest'), { supplierName: name }), 200);
    }
    const asked = await expectStatus<TenderCommandResult & { clarificationId: string }>(
      alpha.post(onMain('clarifications'), { question: 'Is transport to day services included?' }),
      201,
    );
    expect(asked.events.map((event) => event.type)).toEqual(['ClarificationRequested']);
    expect(asked.clarificationId).toBe('Q1');
    const answered = await expectStatus<TenderCommandResult>(
      commissioner.post(onMain('clarifications/Q1/answer'), { answer: 'No: transport is commissioned separately' }),
      200,
    );
    expect(answered.events.map((event) => event.type)).toEqual(['ClarificationAnswered']);
    const { rows: answers } = await stack.db.pool.query<{ data: { recipients: string[] } }>(
      "SELECT data FROM events WHERE stream_id = $1 AND event_type = 'ClarificationAnswered'",
      [mainStream],
    );
    expect(answers[0]?.data.recipients.sort()).toEqual(['alpha-care', 'bravo-care', 'charlie-care']);
    expect((await tenderOf(bravo, main.tenderId)).clarifications).toEqual([
      expect.objectContaining({ clarificationId: 'Q1', answered: true, askedBy: 'another supplier', answer: 'No: transport is commissioned separately' }),
    ]);

    // Bids before the closing time; each supplier sees only its own.
    await expectStatus(commissioner.post(onMain('panel'), { evaluators: ['ev-1', 'ev-2'] }), 200);
    expect(await expectStatus<{ bidId: string }>(alpha.post(onMain('bids'), bid('Alpha Care', 17_500_000)), 201)).toMatchObject({ bidId: 'B1' });
    await expectStatus(bravo.post(onMain('bids'), bid('Bravo Care', 16_900_000)), 201);
    await expectStatus(charlie.post(onMain('bids'), bid('Charlie Care', 8_000_000)), 201);
    expect(Object.values((await tenderOf(bravo, main.tenderId)).bids).map((entry) => entry.supplier.organisation)).toEqual(['bravo-care']);
    expect(Object.keys((await tenderOf(commissioner, main.tenderId)).bids)).toEqual(['B1', 'B2', 'B3']);
    await expectStatus(commissioner.post(onOther('panel'), { evaluators: ['ev-1', 'ev-2'] }), 200);
    await expectStatus(alpha.post(onOther('bids'), bid('Alpha Care', 17_000_000)), 201);
    await expectStatus(bravo.post(onOther('bids'), bid('Bravo Care', 16_500_000)), 201);

    // The closing time passes: both tenders close by themselves.
    await env.sleep(3 * day + 60_000);
    const closed = await untilPhase(commissioner, main.tenderId, 'evaluation');
    await untilPhase(commissioner, other.tenderId, 'evaluation');
    expect(closed.clarificationPeriodEnded).toBe(true);
    expect(closed.abnormallyLow).toMatchObject({ B3: { status: 'identified' } });

    // A bid after the closing time is kept as a late bid, never as a bid, and the bidder told the tender closed.
    const late = await expectProblem(delta.post(onMain('bids'), bid('Delta Care', 15_000_000)), 409, 'tender.closed');
    expect(late.detail).toContain('recorded as late');
    const mainTypes = await streamTypes(mainStream);
    expect(mainTypes.filter((type) => type === 'BidSubmitted')).toHaveLength(3);
    expect(mainTypes.at(-1)).toBe('LateBidRecorded');
    expect(mainTypes).toEqual(expect.arrayContaining(['ClarificationPeriodEnded', 'TenderClosed']));

    // Evaluators see no bid until they declare; a conflicted one never sees the bids of the bidders it names.
    expect((await tenderOf(fair, main.tenderId)).bids).toEqual({});
    await expectStatus(fair.post(onMain('conflict-declarations'), { conflicted: false }), 200);
    expect(Object.keys((await tenderOf(fair, main.tenderId)).bids).sort()).toEqual(['B1', 'B2', 'B3', 'B4']);
    const unnamed = await expectProblem(conflicted.post(onMain('conflict-declarations'), { conflicted: true, details: 'Sister works at Bravo Care' }), 400, 'request.invalid');
    expect(unnamed.errors?.map((error) => error.field)).toEqual(['bidders']);
    await expectStatus(conflicted.post(onMain('conflict-declarations'), { conflicted: true, details: 'Sister works at Bravo Care', bidders: ['bravo-care'] }), 200);
    expect(Object.keys((await tenderOf(conflicted, main.tenderId)).bids).sort()).toEqual(['B1', 'B3', 'B4']);
    await expectStatus(fair.post(onOther('conflict-declarations'), { conflicted: false }), 200);
    await expectStatus(
      conflicted.post(onOther('conflict-declarations'), { conflicted: true, details: 'Former director of Alpha Care', bidders: ['alpha-care'] }),
      200,
    );

    // The abnormally low price is explained, then rejected with its reason.
    const requested = await expectStatus<TenderCommandResult>(commissioner.post(onMain('bids/B3/explanation-request'), { reason: 'Price far below the others' }), 200);
    expect(requested.events.map((event) => event.type)).toEqual(['ExplanationRequested']);
    await expectStatus(charlie.post(onMain('bids/B3/explanation'), { explanation: 'Staff on zero-hours contracts below the wage floor' }), 200);
    const rejected = await expectStatus<TenderCommandResult>(
      commissioner.post(onMain('bids/B3/abnormally-low-decision'), {
        decision: 'reject',
        breachesLegalObligations: true,
        reason: 'Pay below the National Living Wage',
      }),
      200,
    );
    expect(rejected.events.map((event) => event.type)).toEqual(['AbnormallyLowBidRejected']);

    // Individual scores, then a moderated score per criterion with its rationale.
    for (const [bidId, quality, socialValue] of [['B1', 8, 7], ['B2', 6, 5]] as const) {
      await expectStatus(fair.post(onMain('scores'), { bidId, criterionId: 'quality', score: quality }), 200);
      await expectStatus(fair.post(onMain('scores'), { bidId, criterionId: 'social-value', score: socialValue }), 200);
      await expectStatus(commissioner.post(onMain('moderated-scores'), { bidId, criterionId: 'quality', score: quality, rationale: 'Consensus at moderation' }), 200);
      await expectStatus(
        commissioner.post(onMain('moderated-scores'), { bidId, criterionId: 'social-value', score: socialValue, rationale: 'Consensus at moderation' }),
        200,
      );
    }

    // The most economically advantageous tender wins; every compliant bidder gets a letter with its own scores.
    const awarded = await expectStatus<TenderCommandResult>(commissioner.post(onMain('award'), { reason: 'Most economically advantageous on the published criteria' }), 200);
    const awardTypes = awarded.events.map((event) => event.type);
    expect(awardTypes).toContain('AwardDecided');
    type Letter = { supplier: { organisation: string }; successful: boolean; own: { rank?: number }; winner: { supplier: { organisation: string } }; notRankedBecause?: string };
    const { rows: letters } = await stack.db.pool.query<{ data: Letter }>(
      "SELECT data FROM events WHERE stream_id = $1 AND event_type = 'AwardLetterIssued' ORDER BY stream_version",
      [mainStream],
    );
    // Every bidder is told: the winner, the runner-up with its rank, and why the rejected and the late bid were not ranked.
    const letterTo = (organisation: string) => letters.find((letter) => letter.data.supplier.organisation === organisation)?.data;
    expect(letters.map((letter) => letter.data.supplier.organisation).sort()).toEqual(['alpha-care', 'bravo-care', 'charlie-care', 'delta-care']);
    expect(letterTo('alpha-care')).toMatchObject({ successful: true, own: { rank: 1 }, winner: { supplier: { organisation: 'alpha-care' } } });
    expect(letterTo('bravo-care')).toMatchObject({ successful: false, own: { rank: 2 }, winner: { supplier: { organisation: 'alpha-care' } } });
    expect(letterTo('charlie-care')?.notRankedBecause).toEqual(expect.any(String));
    expect(letterTo('delta-care')?.notRankedBecause).toEqual(expect.any(String));
    const standstill = await tenderOf(commissioner, main.tenderId);
    expect(standstill).toMatchObject({ phase: 'standstill', award: { winningBidId: 'B1', supplier: { organisation: 'alpha-care' } } });

    // A challenge during standstill suspends the award: the standstill's end passes and nothing is awarded.
    const challenged = await expectStatus<TenderCommandResult>(
      commissioner.post(onMain('challenges'), { challenger: 'bravo-care', grounds: 'Quality scores inconsistent with the published method' }),
      200,
    );
    expect(challenged.events.map((event) => event.type)).toEqual(['ChallengeRecorded']);
    await env.sleep(7 * day);
    expect(await streamTypes(mainStream)).not.toContain('StandstillEnded');
    expect((await tenderOf(commissioner, main.tenderId)).phase).toBe('standstill');
    const contractPath = (rest: string) => `/contracts/${main.contractId}/${rest}`;
    expect((await expectStatus<ContractView>(commissioner.get(`/contracts/${main.contractId}`), 200)).state).toMatchObject({ stage: 'procurement' });

    // Its dismissal releases the award: the standstill, already over, ends and the contract records the award.
    await expectStatus(commissioner.post(onMain('challenges/C1/resolution'), { outcome: 'dismissed', reason: 'The scores follow the published method' }), 200);
    const contract = await eventually(
      async () => {
        const view = await expectStatus<ContractView>(commissioner.get(`/contracts/${main.contractId}`), 200);
        if (view.state.status !== 'open' || view.state.stage !== 'contract-issue') throw new Error('no award on the contract yet');
        return view.state;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    expect(contract.award).toMatchObject({ basis: 'tender', tenderId: main.tenderId, supplier: { organisation: 'alpha-care' } });
    expect(await streamTypes(mainStream)).toEqual(expect.arrayContaining(['ChallengeResolved', 'StandstillEnded']));

    // The contract from the award, authorised, signed by both parties, mobilised and Active.
    const startDate = contract.award?.awardedAt.slice(0, 10) ?? '';
    await expectStatus(
      manager.post(contractPath('contract'), {
        terms: { reference: 'SCC/SL/2026/044', summary: 'Standard terms for care services' },
        startDate,
        endDate: lastDayOfTerm(startDate, 3),
      }),
      200,
    );
    await expectStatus(budgetHolder.post(contractPath('authorisation'), { authoriser: { id: 'bh-12', body: 'budget-holder', delegatedLimitPence: 25_000_000 } }), 200);
    await expectStatus(alpha.post(contractPath('signatures'), { party: 'provider', signatory: { name: 'Al Hughes', position: 'Director' } }), 200);
    await expectStatus(commissioner.post(contractPath('signatures'), { party: 'authority', signatory: { name: 'Gina Lowe', position: 'Head of Commissioning' } }), 200);
    await expectStatus(manager.post(contractPath('master-copy'), { reference: 'EDRMS/2026/044', distribution: [{ name: 'Al Hughes', organisation: 'alpha-care' }] }), 200);
    await expectStatus(manager.post(contractPath('mobilisation'), { planSummary: 'Transfer tenancies and staff' }), 200);
    const active = await expectStatus<CommandResult>(manager.post(contractPath('activation'), { note: 'Mobilisation checklist signed off' }), 200);
    expect(active.stage).toBe('active');
    expect(await streamTypes(contractStreamId(main.contractId))).toEqual([
      'CommissionOpened',
      'NeedsAssessmentRecorded',
      'RouteDecided',
      'SpecificationAgreed',
      'TenderStarted',
      'ContractAwarded',
      'ContractIssued',
      'ContractAuthorised',
      'ContractSigned',
      'ContractSigned',
      'FinanceNotified',
      'MasterCopyRecorded',
      'MobilisationStarted',
      'ContractActivated',
    ]);
    const { rows: decisions } = await stack.db.pool.query<{ type: string; metadata: { actor: { id: string }; reason?: string } }>(
      "SELECT event_type AS type, metadata FROM events WHERE stream_id = $1 AND event_type IN ('AbnormallyLowBidRejected', 'AwardDecided', 'ChallengeResolved', 'ScoreModerated')",
      [mainStream],
    );
    for (const decision of decisions) expect(decision.metadata).toMatchObject({ actor: { id: 'gina' }, reason: expect.any(String) });

    // From here the clock stays still, so the refusals come now. A conflicted evaluator may not score the bid of the
    // bidder its conflict is with (Alpha's B1), and scores the others' (Bravo's B2).
    await refusedWithoutTrace(otherStream, () => conflicted.post(onOther('scores'), { bidId: 'B1', criterionId: 'quality', score: 6 }), 403, 'evaluation.evaluator-conflicted');
    await expectStatus(conflicted.post(onOther('scores'), { bidId: 'B2', criterionId: 'quality', score: 7 }), 200);
    const outOfScale = await refusedWithoutTrace(otherStream, () => fair.post(onOther('scores'), { bidId: 'B1', criterionId: 'quality', score: 11 }), 422, 'evaluation.score-out-of-scale');
    expect(outOfScale.errors).toEqual([expect.objectContaining({ field: 'data.score', rule: 'evaluation.score-out-of-scale' })]);
    const notANumber = await expectProblem(fair.post(onOther('scores'), { bidId: 'B1', criterionId: 'quality', score: 'high' }), 400, 'request.invalid');
    expect(notANumber.errors?.map((error) => error.field)).toEqual(['score']);
    for (const bidId of ['B1', 'B2']) {
      for (const criterionId of ['quality', 'social-value']) {
        await expectStatus(fair.post(onOther('scores'), { bidId, criterionId, score: 7 }), 200);
        await expectStatus(commissioner.post(onOther('moderated-scores'), { bidId, criterionId, score: 7, rationale: 'Agreed at moderation' }), 200);
      }
    }
    await expectStatus(commissioner.post(onOther('award'), { reason: 'Lowest price at equal quality' }), 200);
    await refusedWithoutTrace(otherStream, () => commissioner.post(onOther('award'), { reason: 'Again' }), 409, 'award.already-decided');
    // The awarded tender's workflow has ended; a command to it is still answered by the rule that refuses it.
    expect((await tenderOf(commissioner, main.tenderId)).phase).toBe('awarded');
    await refusedWithoutTrace(mainStream, () => commissioner.post(onMain('award'), { reason: 'Again' }), 409, 'award.already-decided');
    await refusedWithoutTrace(mainStream, () => delta.post(onMain('bids'), bid('Delta Care', 14_000_000)), 409, 'tender.closed');
    // A bid for a tender past evaluation is refused outright: not even a late bid is kept.
    await refusedWithoutTrace(otherStream, () => delta.post(onOther('bids'), bid('Delta Care', 15_000_000)), 409, 'tender.closed');
    await refusedWithoutTrace(otherStream, () => governance.post(onOther('cancellation'), { reason: 'Not mine to cancel' }), 403, 'access.role-not-permitted');

    // A cancellation with its reason, recorded with the actor.
    const cancelled = await expectStatus<TenderCommandResult>(commissioner.post(onOther('cancellation'), { reason: 'The service is to be delivered in-house' }), 200);
    expect(cancelled.events.map((event) => event.type)).toEqual(['TenderCancelled']);
    const { rows: cancellation } = await stack.db.pool.query<{ metadata: { actor: { id: string }; reason: string } }>(
      "SELECT metadata FROM events WHERE stream_id = $1 AND event_type = 'TenderCancelled'",
      [otherStream],
    );
    expect(cancellation[0]?.metadata).toMatchObject({ actor: { id: 'gina' }, reason: 'The service is to be delivered in-house' });

    // The public record of both processes: OCDS packages that validate, tagged as the process went.
    const ocds = ocdsValidators();
    const releasesOf = async (contractId: string) => {
      const body = await expectStatus<{ releases: { tag: string[] }[] }>(commissioner.get(`/contracts/${contractId}/ocds/releases`), 200);
      expect(ocds.releasePackage(body)).toEqual([]);
      expect(ocds.recordPackage(await expectStatus(commissioner.get(`/contracts/${contractId}/ocds/record`), 200))).toEqual([]);
      return body.releases.map((release) => release.tag.join(','));
    };
    expect(await releasesOf(main.contractId)).toEqual([
      'planning',
      'planningUpdate',
      'planningUpdate',
      'planningUpdate',
      'tender',
      'tenderUpdate',
      'tenderUpdate',
      'award',
      'awardUpdate',
      'contract',
      'contractUpdate',
      'implementation',
    ]);
    expect((await releasesOf(other.contractId)).slice(-3)).toEqual(['tenderUpdate', 'award', 'tenderCancellation']);

    const register = await reportingCallerFor(stack, commissioner.actor);
    const entry = await eventually(async () => {
      const body = await expectStatus<{ stage: string }>(register.get(`/register/${main.contractId}`), 200);
      if (body.stage !== 'active') throw new Error(`register at ${body.stage} yet`);
      return body;
    }, { timeoutMs: 30_000 });
    expect(entry).toMatchObject({ stage: 'active', route: 'tender', supplier: { organisation: 'alpha-care' } });
  }, 240_000);
});

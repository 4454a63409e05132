import { londonDateOf, tenderStreamId, type Actor, type ContractView, type TenderView } from '@cls/domain';
import { eventually } from '@cls/kafka/testing';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { directAwardRoute, needsAssessment, openTenderRoute, specification, startStack, type Stack } from './fixtures';
import { callerFor, expectProblem, expectStatus, lastDayOfTerm, type Caller } from './http';

const day = 24 * 60 * 60 * 1000;

/** The API's vendored OCDS 1.1.5 release package schema (JSON Schema draft 4), naming the release schema by its URL id. */
const releasePackageErrors = (() => {
  const schema = (name: string): { id?: string } =>
    JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', 'apps', 'api', 'src', 'ocds', 'schema', name), 'utf8')) as { id?: string };
  const ajv = new Ajv({ allErrors: true, strictTypes: false });
  addFormats(ajv);
  ajv.addVocabulary(['codelist', 'openCodelist', 'omitWhenMerged', 'wholeListMerge', 'versionId', 'deprecated']);
  ajv.addSchema(schema('release-schema.json'));
  const validate = ajv.compile(schema('release-package-schema.json'));
  return (data: unknown): string[] => (validate(data) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? error.keyword}`));
})();

/** Covered by the Procurement Act 2023: £80,000 a year for 3 years is above the sub-central threshold (£207,720). */
const coveredRoute = { ...openTenderRoute, annualValuePence: 8_000_000, authoriser: { id: 'bh-12', body: 'budget-holder', delegatedLimitPence: 30_000_000 } };

/** A direct award the Act covers: £80,000 a year for 3 years, on a Schedule 5 ground. */
const coveredDirectRoute = {
  ...directAwardRoute,
  annualValuePence: 8_000_000,
  directAwardGround: 'single-supplier',
  authoriser: { id: 'bh-12', body: 'budget-holder', delegatedLimitPence: 30_000_000 },
};

/** A one-day tendering period, so that the tender closes in a day of the test server's clock; the standstill is the Act's. */
const policy = { tenderPeriods: { open: { tenderingDays: 1 } } };

interface Notice {
  noticeId: string;
  noticeType: string;
  status: string;
  publishedAt?: string;
  platformNoticeId?: string;
  dueBy?: string;
  approvedBy?: { id: string; role: string };
  releaseId?: string;
}

/**
 * The Procurement Act notices of a covered open tender over HTTP, every part a real process on PostgreSQL and the
 * time-skipping Temporal server: the tender notice published with the tender, the contract award notice approved
 * and published with the standstill counted from it, then the contract details notice once the contract is signed,
 * each served as an OCDS release that validates. Refusals come last: on the Java test server an update refused by
 * its validator holds time skipping for the rest of the server's life.
 */
describe('Procurement Act notices of a covered open tender, over HTTP (all processes, time-skipping Temporal)', () => {
  let stack: Stack;
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    stack = await startStack({ readModels: false, timeSkipping: true, apiEnv: { CLS_PROCUREMENT_POLICY: JSON.stringify(policy) } });
    if (!stack.clock) throw new Error('the stack has no clock to move');
    env = stack.clock;
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  /** The covered tender's contract, for the refusals the last test makes once the clock has stopped moving. */
  let covered: { contractId: string; manager: Caller; commissioner: Caller; alpha: Caller } | undefined;
  const uplift = { kind: 'price', description: 'Uplift for the national living wage', approver: { name: 'Erin Cole', position: 'Head of Commissioning' } };

  const somerset = (id: string, role: Actor['role']) => callerFor(stack.apiUrl, { id, role, organisation: 'somerset-council' }, stack.auth);
  const supplier = (organisation: string) => callerFor(stack.apiUrl, { id: `${organisation}-bids`, role: 'provider', organisation }, stack.auth);

  const noticesOf = async (caller: Caller, contractId: string): Promise<Notice[]> =>
    (await expectStatus<{ notices: Notice[] }>(caller.get(`/contracts/${contractId}/notices`), 200)).notices;
  const untilPublished = (caller: Caller, contractId: string, noticeId: string): Promise<Notice> =>
    eventually(
      async () => {
        const notice = (await noticesOf(caller, contractId)).find((candidate) => candidate.noticeId === noticeId);
        if (notice?.status !== 'published') throw new Error(`${noticeId} is ${notice?.status ?? 'not drafted'} yet`);
        return notice;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
  const tenderOf = async (caller: Caller, tenderId: string) => {
    const view = await expectStatus<TenderView>(caller.get(`/tenders/${tenderId}`), 200);
    if (view.state.status !== 'open') throw new Error(`tender ${tenderId} is not open`);
    return view.state;
  };

  it('publishes the tender notice, then the contract award notice with the standstill counted from it, then the contract details notice, each a valid OCDS release, and a change notice on a permitted ground', async () => {
    const commissioner = await somerset('gina', 'commissioner');
    const manager = await somerset('frank', 'contract-manager');
    const budgetHolder = await somerset('bh-12', 'budget-holder');
    const evaluator = await somerset('ev-1', 'evaluator');
    const [alpha, bravo] = await Promise.all([supplier('alpha-care'), supplier('bravo-care')]);

    const { contractId } = await expectStatus<{ contractId: string }>(commissioner.post('/contracts', { title: 'Supported living, Minehead' }), 201);
    const onContract = (rest: string) => `/contracts/${contractId}/${rest}`;
    await expectStatus(commissioner.post(onContract('needs-assessment'), needsAssessment), 200);
    await expectStatus(commissioner.post(onContract('route-decision'), coveredRoute), 200);
    await expectStatus(commissioner.post(onContract('specification'), specification([40, 50, 10])), 200);
    const now = await env.currentTimeMs();
    await expectStatus(
      commissioner.post(onContract('tender'), {
        title: 'Supported living, Minehead',
        procedure: 'open',
        clarificationDeadline: new Date(now + 2 * day).toISOString(),
        closesAt: new Date(now + 3 * day).toISOString(),
      }),
      201,
    );
    const tenderId = `${contractId}.1`;
    const onTender = (rest: string) => `/tenders/${tenderId}/${rest}`;

    // The tender notice goes out with the tender, approved by the commissioner who started it.
    const uk4 = await untilPublished(commissioner, contractId, 't1-UK4-1');
    expect(uk4).toMatchObject({ noticeType: 'UK4', approvedBy: { id: 'gina', role: 'commissioner' }, platformNoticeId: expect.stringMatching(/^REC-/) });

    await expectStatus(commissioner.post(onTender('panel'), { evaluators: ['ev-1'] }), 200);
    await expectStatus(alpha.post(onTender('bids'), { supplierName: 'Alpha Care', pricePence: 23_000_000, documentsReference: 'docs/alpha' }), 201);
    await expectStatus(bravo.post(onTender('bids'), { supplierName: 'Bravo Care', pricePence: 23_500_000, documentsReference: 'docs/bravo' }), 201);
    await env.sleep(3 * day + 60_000);
    await eventually(
      async () => {
        if ((await tenderOf(commissioner, tenderId)).phase !== 'evaluation') throw new Error('not closed yet');
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    await expectStatus(evaluator.post(onTender('conflict-declarations'), { conflicted: false }), 200);
    for (const bidId of ['B1', 'B2']) {
      for (const criterionId of ['quality', 'social-value']) {
        await expectStatus(evaluator.post(onTender('scores'), { bidId, criterionId, score: 7 }), 200);
        await expectStatus(commissioner.post(onTender('moderated-scores'), { bidId, criterionId, score: 7, rationale: 'Agreed at moderation' }), 200);
      }
    }
    await expectStatus(commissioner.post(onTender('award'), { reason: 'Lowest price at equal quality' }), 200);

    // The contract award notice is drafted, not published: a fortnight passes and no standstill runs.
    expect((await noticesOf(commissioner, contractId)).find((notice) => notice.noticeId === 't1-UK6-1')).toMatchObject({ noticeType: 'UK6', status: 'drafted' });
    await env.sleep(14 * day);
    expect(await tenderOf(commissioner, tenderId)).toMatchObject({ phase: 'standstill' });
    expect((await expectStatus<ContractView>(commissioner.get(`/contracts/${contractId}`), 200)).state).toMatchObject({ stage: 'procurement' });

    // Approved, it is published, and the standstill's eight working days begin with the day of its publication.
    const approved = await expectStatus<{ noticeId: string; events: { type: string }[] }>(commissioner.post(onContract('notices/t1-UK6-1/approval'), { reason: 'Award notice checked against the letters' }), 200);
    expect(approved).toMatchObject({ noticeId: 't1-UK6-1', events: [expect.objectContaining({ type: 'NoticeApproved' })] });
    const uk6 = await untilPublished(commissioner, contractId, 't1-UK6-1');
    const { rows: started } = await stack.db.pool.query<{ data: { noticeId: string; noticePublishedOn: string; endsAt: string } }>(
      "SELECT data FROM events WHERE stream_id = $1 AND event_type = 'StandstillStarted'",
      [tenderStreamId(tenderId)],
    );
    expect(started[0]?.data).toMatchObject({ noticeId: 't1-UK6-1', noticePublishedOn: londonDateOf(uk6.publishedAt ?? '') });
    expect(Date.parse(started[0]?.data.endsAt ?? '')).toBeGreaterThan(Date.parse(uk6.publishedAt ?? '') + 8 * day);

    // Eight working days, with Christmas and the new year's bank holidays among them at the test server's date.
    await env.sleep(21 * day);
    const contract = await eventually(
      async () => {
        const view = await expectStatus<ContractView>(commissioner.get(`/contracts/${contractId}`), 200);
        if (view.state.status !== 'open' || view.state.stage !== 'contract-issue') throw new Error('no award on the contract yet');
        return view.state;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    expect(Date.parse(contract.award?.awardedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(started[0]?.data.endsAt ?? ''));

    // Entered into by the second signature: the contract details notice is due within 30 days, and is published.
    const startDate = contract.award?.awardedAt.slice(0, 10) ?? '';
    await expectStatus(manager.post(onContract('contract'), { terms: { reference: 'SCC/SL/2027/003', summary: 'Standard terms for care services' }, startDate, endDate: lastDayOfTerm(startDate, 3) }), 200);
    await expectStatus(budgetHolder.post(onContract('authorisation'), { authoriser: { id: 'bh-12', body: 'budget-holder', delegatedLimitPence: 30_000_000 } }), 200);
    await expectStatus(alpha.post(onContract('signatures'), { party: 'provider', signatory: { name: 'Al Hughes', position: 'Director' } }), 200);
    await expectStatus(commissioner.post(onContract('signatures'), { party: 'authority', signatory: { name: 'Gina Lowe', position: 'Head of Commissioning' } }), 200);
    const drafted = (await noticesOf(manager, contractId)).find((notice) => notice.noticeId === 'c-UK7-1');
    expect(drafted).toMatchObject({ noticeType: 'UK7', status: 'drafted', dueBy: expect.any(String) });
    await expectStatus(manager.post(onContract('notices/c-UK7-1/approval'), {}), 200);
    const uk7 = await untilPublished(manager, contractId, 'c-UK7-1');
    expect(uk7.approvedBy).toEqual({ id: 'frank', role: 'contract-manager' });

    // In order, each served as an OCDS release marked with its notice type, valid against OCDS 1.1.5.
    const published = (await noticesOf(commissioner, contractId)).filter((notice) => notice.status === 'published');
    expect(published.map((notice) => notice.noticeType)).toEqual(['UK4', 'UK6', 'UK7']);
    expect(published.map((notice) => Date.parse(notice.publishedAt ?? ''))).toEqual([...published.map((notice) => Date.parse(notice.publishedAt ?? ''))].sort((a, b) => a - b));
    for (const notice of published) {
      const releasePackage = await expectStatus<{ releases: { id: string; tag: string[] }[] }>(commissioner.get(onContract(`notices/${notice.noticeId}/release`)), 200);
      expect(releasePackageErrors(releasePackage)).toEqual([]);
      expect(releasePackage.releases).toHaveLength(1);
      expect(releasePackage.releases[0]?.id).toBe(notice.releaseId);
      expect(JSON.stringify(releasePackage)).toContain(`"noticeType":"${notice.noticeType}"`);
    }
    const whole = await expectStatus<{ releases: unknown[] }>(commissioner.get(onContract('ocds/releases')), 200);
    expect(releasePackageErrors(whole)).toEqual([]);

    // A modification past the limits rests on a permitted ground; the contract change notice is published before it.
    await expectStatus(manager.post(onContract('master-copy'), { reference: 'EDRMS/2027/003', distribution: [{ name: 'Al Hughes', organisation: 'alpha-care' }] }), 200);
    await expectStatus(manager.post(onContract('mobilisation'), { planSummary: 'Transfer tenancies and staff' }), 200);
    await expectStatus(manager.post(onContract('activation'), { note: 'Mobilisation checklist signed off' }), 200);
    const varied = await expectStatus<{ variationId: string }>(
      manager.post(onContract('variations'), { ...uplift, valueChangePence: 3_000_000, justification: 'The national living wage rose far beyond the forecast', ground: 'unforeseeable-circumstances' }),
      201,
    );
    expect(varied.variationId).toBe('variation-1');
    const uk10 = await untilPublished(manager, contractId, 'c-UK10-1');
    expect(uk10).toMatchObject({ noticeType: 'UK10', approvedBy: { id: 'frank', role: 'contract-manager' } });
    covered = { contractId, manager, commissioner, alpha };
  }, 240_000);

  it('publishes a transparency notice before a covered direct award, which waits for its waiting period; then refuses what the rules forbid', async () => {
    const commissioner = await somerset('gina', 'commissioner');
    const { contractId } = await expectStatus<{ contractId: string }>(commissioner.post('/contracts', { title: 'Overnight short breaks, Exmoor' }), 201);
    const onContract = (rest: string) => `/contracts/${contractId}/${rest}`;
    await expectStatus(commissioner.post(onContract('needs-assessment'), needsAssessment), 200);
    await expectStatus(commissioner.post(onContract('route-decision'), coveredDirectRoute), 200);
    await expectStatus(commissioner.post(onContract('specification'), specification()), 200);
    const award = { supplier: { organisation: 'exmoor-care', name: 'Exmoor Care' }, valuePence: 24_000_000 };
    const prepared = await expectStatus<{ noticeId: string }>(commissioner.post(onContract('notices/transparency'), award), 201);
    expect(prepared.noticeId).toBe('c-UK5-1');
    const uk5 = await untilPublished(commissioner, contractId, 'c-UK5-1');
    expect(uk5).toMatchObject({ noticeType: 'UK5', approvedBy: { id: 'gina', role: 'commissioner' } });
    // Eight working days beginning with the notice's day, Christmas or not, are over within sixteen days.
    await env.sleep(16 * day);
    const awarded = await expectStatus<{ stage: string }>(commissioner.post(onContract('award'), award), 200);
    expect(awarded.stage).toBe('contract-issue');
    const releasePackage = await expectStatus<{ releases: unknown[] }>(commissioner.get(onContract('notices/c-UK5-1/release')), 200);
    expect(releasePackageErrors(releasePackage)).toEqual([]);
    expect(JSON.stringify(releasePackage)).toContain('"noticeType":"UK5"');

    // The clock stays still from here, so the refusals come now: each a problem naming its rule, nothing recorded.
    if (!covered) throw new Error('the covered tender did not run');
    const { manager, alpha } = covered;
    const onCovered = (rest: string) => `/contracts/${covered?.contractId ?? ''}/${rest}`;
    const noGround = await expectProblem(
      manager.post(onCovered('variations'), { ...uplift, valueChangePence: 100_000, justification: 'A further uplift for the same wage rise' }),
      422,
      'variation.permitted-ground-required',
    );
    expect(noGround.errors).toEqual([expect.objectContaining({ field: 'data.ground', rule: 'variation.permitted-ground-required' })]);
    await expectProblem(alpha.post(onCovered('notices/c-UK7-1/approval'), {}), 403, 'access.role-not-permitted');
    await expectProblem(manager.post(onCovered('notices/c-UK7-1/approval'), {}), 409, 'notice.already-approved');
    await expectProblem(commissioner.get(onCovered('notices/t1-UK12-1/release')), 404, 'notice.not-found');
    const malformed = await expectProblem(commissioner.post(onCovered('notices/UK6/approval'), {}), 400, 'request.invalid');
    expect(malformed.errors?.map((error) => error.field)).toEqual(['noticeId']);
    await expectProblem(commissioner.post(onCovered('notices/t1-UK6-1/approval'), { approve: true }), 400, 'request.invalid');
    await expectProblem(commissioner.post(onContract('notices/transparency'), award), 409, 'award.already-made');
  }, 240_000);
});

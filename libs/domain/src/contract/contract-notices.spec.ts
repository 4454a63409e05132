import { contractDeadlines } from './contract.deadlines';
import type { ContractEvent } from './contract.events';
import {
  activateContract,
  agree,
  assessed,
  assessment,
  at,
  authoriseContract,
  budgetHolder,
  commissioner,
  contractId,
  contractManager,
  decideAll,
  decideRoute,
  directAwardRoute,
  directAwardThrough,
  lead,
  monitoredIssue,
  pounds,
  recordMasterCopy,
  startMobilisation,
  supplier,
  type CommandStep,
  given,
  issueContract,
  opened,
  provider,
  refusal,
  routeDecided,
  signContract,
  specification,
  system,
  tenderAward,
  tenderRoute,
  when,
  whenAt,
} from './__fixtures__/contract.fixtures';
import { defaultProcurementPolicy } from '../policy/procurement-policy.schema';
import type { ContractCommand } from './contract.commands';

const signedAt = '2026-11-22T10:00:00.000Z';

/** A contract awarded by a covered tender (the regulated regime), issued, authorised and signed by the provider. */
const awaitingAuthority = (route = tenderRoute): ContractEvent[] => {
  const awarded: ContractEvent[] = [opened, assessed, routeDecided(route), { type: 'SpecificationAgreed', data: { ...specification, revision: 1 } }, tenderAward()];
  const issued = [...awarded, ...when(awarded, issueContract())];
  const authorised = [...issued, ...when(issued, authoriseContract({ authoriser: { id: 'rag-2026-11', body: 'resource-allocation-group' } }))];
  return [...authorised, ...when(authorised, signContract('provider'), provider)];
};

describe('contract notices: the contract details notice (UK7)', () => {
  const history = awaitingAuthority();
  const entered = [...history, ...whenAt(signedAt, history, signContract('authority'))];

  it('given a covered contract, when the second signature enters it into force, then its contract details notice is drafted, due within 30 days', () => {
    const events = entered.slice(history.length);
    expect(events.map((event) => event.type)).toEqual(['ContractSigned', 'FinanceNotified', 'NoticeDrafted']);
    expect(events[2]?.data).toEqual({
      noticeId: 'c-UK7-1',
      noticeType: 'UK7',
      content: {
        title: 'Short breaks for disabled children',
        route: 'tender',
        procedure: 'open',
        tenderId: 'tender-1',
        supplier: { organisation: 'acme-care', name: 'Acme Care Ltd' },
        valuePence: expect.any(Number),
        contractPeriod: { startDate: '2027-01-04', endDate: '2030-01-03' },
        enteredInto: '2026-11-22',
      },
      // The thirtieth day is 22 December: the notice is due by its end, London time.
      dueBy: '2026-12-23T00:00:00.000Z',
    });
  });

  it('given a light-touch contract, then its contract details notice is due within 120 days', () => {
    const lightTouch = awaitingAuthority({ ...tenderRoute, contractType: 'light-touch', annualValuePence: 25_000_000 });
    const [, , drafted] = whenAt(signedAt, lightTouch, signContract('authority'));
    expect(drafted?.data).toMatchObject({ noticeType: 'UK7', dueBy: '2027-03-23T00:00:00.000Z' });
  });

  it('given a contract below the Act’s thresholds, then no notice is drafted', () => {
    const providerSigned = directAwardThrough('SignContract');
    expect(when(providerSigned, signContract('authority')).map((event) => event.type)).toEqual(['ContractSigned', 'FinanceNotified']);
  });

  it('given the notice not published by its deadline, then it escalates at the deadline, like any other deadline missed, and up the ladder after', () => {
    const lastEventAt = signedAt;
    const [first] = contractDeadlines(given(entered), lastEventAt, defaultProcurementPolicy);
    expect(first).toEqual({ at: '2026-12-23T00:00:00.000Z', command: { type: 'RaiseEscalation', data: { subject: { kind: 'notice', noticeId: 'c-UK7-1' } } } });
    if (!first) throw new Error('no deadline');
    expect(refusal(() => whenAt('2026-12-22T23:00:00.000Z', entered, first.command, system))).toMatchObject({ code: 'escalation.not-due' });
    const raised = whenAt('2026-12-23T00:00:00.000Z', entered, first.command, system);
    expect(raised).toEqual([
      {
        type: 'EscalationRaised',
        data: expect.objectContaining({ subject: { kind: 'notice', noticeId: 'c-UK7-1' }, step: 1, reachedOn: '2026-12-23' }),
      },
    ]);
    const escalated = given([...entered, ...raised]);
    expect(escalated).toMatchObject({ notices: { 'c-UK7-1': { escalation: { step: 1 } } } });
    const [next] = contractDeadlines(escalated, '2026-12-23T00:00:00.000Z', defaultProcurementPolicy);
    const nextStepOn = raised[0]?.type === 'EscalationRaised' ? raised[0].data.nextStepOn : undefined;
    expect(next?.at.slice(0, 10)).toBe(nextStepOn);
  });

  it('given the notice approved and published, then nothing escalates', () => {
    const approved = [...entered, ...whenAt('2026-11-23T10:00:00.000Z', entered, { type: 'ApproveNotice', data: { noticeId: 'c-UK7-1' } }, contractManager)];
    const publication = {
      type: 'RecordNoticePublication' as const,
      data: { noticeId: 'c-UK7-1', platformNoticeId: 'FTS-1', publishedAt: '2026-11-23T10:00:01.000Z', publisher: 'recording' },
    };
    const published = [...approved, ...whenAt('2026-11-23T10:00:01.000Z', approved, publication, system)];
    expect(given(published)).toMatchObject({ notices: { 'c-UK7-1': { status: 'published', platformNoticeId: 'FTS-1' } } });
    expect(contractDeadlines(given(published), '2026-11-23T10:00:01.000Z', defaultProcurementPolicy)).toEqual([]);
    expect(refusal(() => whenAt('2026-12-23T00:00:00.000Z', published, { type: 'RaiseEscalation', data: { subject: { kind: 'notice', noticeId: 'c-UK7-1' } } }, system))).toMatchObject({
      code: 'escalation.nothing-to-escalate',
    });
    expect(refusal(() => whenAt('2026-11-23T10:00:00.000Z', published, { type: 'RecordNoticePublication', data: publication.data }, contractManager))).toMatchObject({
      code: 'access.role-not-permitted',
    });
  });
});

/** A direct award the Act covers: £80,000 a year for 3 years, above the sub-central threshold, on a Schedule 5 ground. */
const coveredDirectRoute = {
  ...directAwardRoute,
  annualValuePence: pounds(80_000),
  directAwardGround: 'single-supplier',
  authoriser: { id: 'bh-7', body: 'budget-holder' as const, delegatedLimitPence: pounds(300_000) },
};
const prepare = (organisation = supplier.organisation): ContractCommand => ({
  type: 'PrepareTransparencyNotice',
  data: { supplier: { ...supplier, organisation }, valuePence: pounds(240_000) },
});
const publication = (noticeId: string, publishedAt: string): ContractCommand => ({
  type: 'RecordNoticePublication',
  data: { noticeId, platformNoticeId: `FTS-${noticeId}`, publishedAt, publisher: 'recording' },
});
const awardCovered: ContractCommand = { type: 'AwardDirectly', data: { supplier, valuePence: pounds(240_000) } };

describe('contract notices: the transparency notice (UK5) before a direct award', () => {
  const atAward = decideAll([
    { command: { type: 'OpenCommission', data: { contractId, title: 'Short breaks for disabled children' } }, actor: commissioner, now: signedAt },
    { command: { type: 'RecordNeedsAssessment', data: assessment }, actor: commissioner, now: signedAt },
    { command: decideRoute(coveredDirectRoute), actor: commissioner, now: signedAt },
    { command: agree(specification), actor: commissioner, now: signedAt },
  ]);

  it('given a covered direct award, then the award is refused until its transparency notice is published', () => {
    expect(refusal(() => whenAt(signedAt, atAward, awardCovered))).toMatchObject({ kind: 'conflict', code: 'award.transparency-notice-required' });
  });

  it('given the commissioner prepares it, then it is drafted from the route and the supplier named, and approved by them', () => {
    const prepared = whenAt(signedAt, atAward, prepare());
    expect(prepared.map((event) => event.type)).toEqual(['NoticeDrafted', 'NoticeApproved']);
    expect(prepared[0]?.data).toMatchObject({
      noticeId: 'c-UK5-1',
      noticeType: 'UK5',
      content: { route: 'direct-award', ground: 'single-supplier', supplier: { organisation: 'acme-care' }, valuePence: pounds(240_000) },
    });
    expect(refusal(() => whenAt(signedAt, [...atAward, ...prepared], prepare()))).toMatchObject({ code: 'notice.transparency-pending' });
  });

  it('given it is published on a Monday, then the award waits eight working days beginning with that day (St Andrew’s Day not one), for the supplier it names', () => {
    const prepared = [...atAward, ...whenAt(signedAt, atAward, prepare())];
    const published = [...prepared, ...whenAt('2026-11-23T10:00:00.000Z', prepared, publication('c-UK5-1', '2026-11-23T10:00:00.000Z'), system)];
    expect(refusal(() => whenAt('2026-12-03T23:59:59.000Z', published, awardCovered))).toMatchObject({ code: 'award.transparency-waiting-period' });
    expect(whenAt('2026-12-04T00:00:00.000Z', published, awardCovered).map((event) => event.type)).toEqual(['ContractAwarded']);
    const other: ContractCommand = { type: 'AwardDirectly', data: { supplier: { organisation: 'bright-futures', name: 'Bright Futures' }, valuePence: pounds(240_000) } };
    expect(refusal(() => whenAt('2026-12-04T00:00:00.000Z', published, other))).toMatchObject({ code: 'award.supplier-not-in-transparency-notice', field: 'data.supplier.organisation' });
  });

  it('given a direct award below the thresholds, then no transparency notice is needed or drafted', () => {
    expect(refusal(() => when(directAwardThrough('AgreeSpecification'), prepare()))).toMatchObject({ code: 'notice.transparency-not-needed' });
    expect(when(directAwardThrough('AgreeSpecification'), { type: 'AwardDirectly', data: { supplier, valuePence: pounds(18_000) } }).map((event) => event.type)).toEqual([
      'ContractAwarded',
    ]);
  });
});

/** The covered direct award of the spec above, taken to Active with the monitored contract's terms: £200,000 and a £40,000 option. */
const coveredActive = (): ContractEvent[] => {
  const steps: CommandStep[] = [
    { command: { type: 'OpenCommission', data: { contractId, title: 'Short breaks for disabled children' } }, actor: commissioner, now: signedAt },
    { command: { type: 'RecordNeedsAssessment', data: assessment }, actor: commissioner, now: signedAt },
    { command: decideRoute(coveredDirectRoute), actor: commissioner, now: signedAt },
    { command: agree(specification), actor: commissioner, now: signedAt },
    { command: prepare(), actor: commissioner, now: signedAt },
    { command: publication('c-UK5-1', signedAt), actor: system, now: signedAt },
    { command: awardCovered, actor: commissioner, now: '2026-12-07T10:00:00.000Z' },
    {
      command: monitoredIssue({ valuePence: pounds(200_000), extensionOptions: [{ description: '12 months', valuePence: pounds(40_000) }] }),
      actor: contractManager,
      now: '2026-12-07T10:00:00.000Z',
    },
    { command: authoriseContract({ authoriser: { id: 'bh-7', body: 'budget-holder', delegatedLimitPence: pounds(300_000) } }), actor: budgetHolder, now: '2026-12-07T10:00:00.000Z' },
    { command: signContract('provider'), actor: provider, now: '2026-12-07T10:00:00.000Z' },
    { command: signContract('authority'), actor: commissioner, now: '2026-12-07T10:00:00.000Z' },
    { command: { type: 'ApproveNotice', data: { noticeId: 'c-UK7-1' } }, actor: contractManager, now: '2026-12-07T11:00:00.000Z' },
    { command: publication('c-UK7-1', '2026-12-07T11:00:00.000Z'), actor: system, now: '2026-12-07T11:00:00.000Z' },
    { command: recordMasterCopy(), actor: contractManager, now: '2026-12-08T10:00:00.000Z' },
    { command: startMobilisation(), actor: contractManager, now: '2026-12-08T10:00:00.000Z' },
    { command: activateContract(), actor: contractManager, now: '2027-01-04T09:00:00.000Z' },
  ];
  return decideAll(steps);
};

describe('contract notices: a modification of a covered contract (UK10)', () => {
  const active = coveredActive();
  const vary = (valueChangePence: number, extra: { justification?: string; ground?: string } = {}): ContractCommand => ({
    type: 'VaryContract',
    data: { kind: 'price', description: 'Uplift for the national living wage', valueChangePence, termChangeDays: 0, approver: { name: 'Alex Morgan', position: 'Head of Commissioning' }, ...extra },
  });
  const justification = 'The national living wage rose by far more than forecast';

  it('given a modification past the limits with a justification but no permitted ground, then it is refused, naming the ground', () => {
    expect(refusal(() => whenAt(at('2027-04-01'), active, vary(pounds(30_000), { justification }), contractManager))).toMatchObject({
      kind: 'invalid',
      code: 'variation.permitted-ground-required',
      field: 'data.ground',
    });
    expect(refusal(() => whenAt(at('2027-04-01'), active, vary(pounds(30_000), { justification, ground: 'because-we-must' }), contractManager))).toMatchObject({
      code: 'variation.ground-not-permitted',
      field: 'data.ground',
    });
  });

  it('given a permitted ground, then the modification is recorded on it and its contract change notice drafted and approved by whoever made it', () => {
    const events = whenAt(at('2027-04-01'), active, vary(pounds(30_000), { justification, ground: 'unforeseeable-circumstances' }), contractManager);
    expect(events.map((event) => event.type)).toEqual(['ContractVaried', 'NoticeDrafted', 'NoticeApproved']);
    expect(events[0]?.data).toMatchObject({ ground: 'unforeseeable-circumstances', cumulative: { justificationRequired: true } });
    expect(events[1]?.data).toMatchObject({
      noticeId: 'c-UK10-1',
      noticeType: 'UK10',
      content: { subjectId: 'variation-1', ground: 'unforeseeable-circumstances', valuePence: pounds(230_000), effectiveDate: '2027-04-01' },
    });
  });

  it('given a modification within the limits, then it needs no ground and is still published as a change', () => {
    expect(whenAt(at('2027-04-01'), active, vary(pounds(5_000)), contractManager).map((event) => event.type)).toEqual(['ContractVaried', 'NoticeDrafted', 'NoticeApproved']);
  });
});

describe('contract notices: the termination of a covered contract (UK11)', () => {
  const active = coveredActive();
  const steps: [string, ContractCommand, typeof lead][] = [
    ['2027-11-12', { type: 'RequestTermination', data: { ground: 'material-breach', reason: 'Repeated failure to deliver the nights agreed' } }, lead],
    ['2027-11-15', { type: 'RecordSupplyImpactReview', data: { alternativeCapacity: true, findings: 'Two framework providers have capacity' } }, contractManager],
    ['2027-11-16', { type: 'GiveTerminationNotice', data: { ground: 'material-breach', reference: 'GCC/SB/2026/014/TN1', then: 'decommission' } }, contractManager],
  ];
  const noticeGiven = steps.reduce<ContractEvent[]>((events, [date, command, actor]) => [...events, ...whenAt(at(date), events, command, actor)], active);

  it('given notice of termination for a breach, then a contract performance notice (UK9) is drafted, due within 30 days', () => {
    const given = noticeGiven.slice(active.length);
    expect(given.map((event) => event.type)).toEqual(['TerminationRequested', 'SupplyImpactReviewed', 'TerminationNoticeGiven', 'NoticeDrafted']);
    expect(given.at(-1)?.data).toMatchObject({ noticeId: 'c-UK9-1', noticeType: 'UK9', content: { effectiveDate: '2027-12-16' }, dueBy: '2027-12-17T00:00:00.000Z' });
  });

  it('given the termination takes effect, then its contract termination notice is drafted, due within 30 days', () => {
    const ended = whenAt('2027-12-16T00:00:00.000Z', noticeGiven, { type: 'TerminateContract', data: {} }, system);
    expect(ended.map((event) => event.type)).toEqual(['ContractTerminated', 'NoticeDrafted']);
    expect(ended.at(-1)?.data).toMatchObject({
      noticeId: 'c-UK11-1',
      noticeType: 'UK11',
      content: { effectiveDate: '2027-12-16', supplier: { organisation: 'acme-care' } },
      dueBy: '2028-01-16T00:00:00.000Z',
    });
  });
});

import type { ContractCommand } from '../contract/contract.commands';
import type { ContractEvent } from '../contract/contract.events';
import {
  agree,
  assessed,
  contractId,
  contractManager,
  directAwardThrough,
  given as givenContract,
  issueContract,
  now,
  opened,
  provider,
  refusal,
  routeDecided,
  signContract,
  specification,
  tenderAward,
  tenderRoute,
  when as whenContract,
} from '../contract/__fixtures__/contract.fixtures';
import type { TenderCommand } from '../tender/tender.commands';
import type { TenderEvent } from '../tender/tender.events';
import {
  bid,
  bidder,
  commissioner as buyer,
  given as givenTender,
  openTender,
  pounds,
  publishedAt,
  restrictedTender,
  run,
  system,
  when as whenTender,
} from '../tender/__fixtures__/tender.fixtures';
import { commissionProgress } from './progress';

const clarificationDeadline = '2026-12-14T12:00:00.000Z';
const closesAt = '2026-12-21T12:00:00.000Z';
const afterClose = '2026-12-21T12:00:05.000Z';
const evaluationDay = '2026-12-22T10:00:00.000Z';
const [alpha, bravo, charlie] = ['alpha-care', 'bravo-care', 'charlie-care'].map(bidder) as [
  ReturnType<typeof bidder>,
  ReturnType<typeof bidder>,
  ReturnType<typeof bidder>,
];

// ---- The contract's side: a tender route with its specification agreed, then its tender started -----------------

const routed = [opened, assessed, routeDecided(tenderRoute)];
const procurement = [...routed, ...whenContract(routed, agree(specification))];
const startTender: ContractCommand = {
  type: 'StartTender',
  data: { title: 'Short breaks for disabled children', procedure: 'open', clarificationDeadline, closesAt },
};
const tenderStarted = [...procurement, ...whenContract(procurement, startTender)];
const tenderId = `${contractId}.1`;

// ---- The tender's side, as its workflow publishes it ------------------------------------------------------------

const published = whenTender([], openTender);
const score = (bidId: string, criterionId: string, value: number): TenderCommand => ({ type: 'ScoreBid', data: { bidId, criterionId, score: value } });
const moderate = (bidId: string, criterionId: string, value: number): TenderCommand => ({
  type: 'ModerateScore',
  data: { bidId, criterionId, score: value, rationale: `Panel agreed ${value}` },
});
/** A declaration of no conflict, or of one with the bidders named (both of the tender's by default). */
const declare = (conflicted: boolean, bidders: string[] = ['alpha-care', 'bravo-care']): TenderCommand => ({
  type: 'DeclareConflictOfInterest',
  data: { conflicted, ...(conflicted ? { details: 'Former trustee of a bidder', bidders } : {}) },
});
const ev1 = { id: 'ev-1', role: 'evaluator', organisation: 'gloucestershire-cc' } as const;
const ev2 = { id: 'ev-2', role: 'evaluator', organisation: 'gloucestershire-cc' } as const;

/** Two bids on time, the panel of two appointed, the tender closed by its timer. */
const closed = run(
  [
    [{ type: 'AppointEvaluationPanel', data: { evaluators: ['ev-1', 'ev-2'] } }, buyer, publishedAt],
    [bid('Alpha Care', pounds(100_000)), alpha, '2026-12-20T15:00:00.000Z'],
    [bid('Bravo Care', pounds(95_000)), bravo, '2026-12-20T15:00:00.000Z'],
    [{ type: 'CloseTender', data: {} }, system, afterClose],
  ],
  published,
);
const declared = run([[declare(false), ev1, evaluationDay], [declare(true), ev2, evaluationDay]], closed);
const scoredByEv1 = run(
  [
    [score('B1', 'quality', 8), ev1, evaluationDay],
    [score('B1', 'social', 6), ev1, evaluationDay],
    [score('B2', 'quality', 7), ev1, evaluationDay],
    [score('B2', 'social', 7), ev1, evaluationDay],
  ],
  declared,
);
const moderated = run(
  [
    [moderate('B1', 'quality', 8), buyer, evaluationDay],
    [moderate('B1', 'social', 6), buyer, evaluationDay],
    [moderate('B2', 'quality', 7), buyer, evaluationDay],
    [moderate('B2', 'social', 7), buyer, evaluationDay],
  ],
  scoredByEv1,
);
const awardDecided = run([[{ type: 'DecideAward', data: { reason: 'Most economically advantageous tender' } }, buyer, evaluationDay]], moderated);
/** The contract award notice approved and published the day of the decision: the standstill runs from it. */
const inStandstill = run(
  [
    [{ type: 'ApproveNotice', data: { noticeId: 't1-UK6-1' } }, buyer, evaluationDay],
    [{ type: 'RecordNoticePublication', data: { noticeId: 't1-UK6-1', platformNoticeId: 'FTS-1', publishedAt: evaluationDay, publisher: 'recording' } }, system, evaluationDay],
  ],
  awardDecided,
);
const standstillEndsAt = (events: readonly TenderEvent[]): string => {
  const started = events.find((event) => event.type === 'StandstillStarted');
  if (started?.type !== 'StandstillStarted') throw new Error('no standstill started');
  return started.data.endsAt;
};

const progressOf = (contract: readonly ContractEvent[], tender?: readonly TenderEvent[], at: string = publishedAt) =>
  commissionProgress(givenContract(contract), tender ? givenTender(tender) : undefined, at);

describe('commission progress: before procurement', () => {
  it('given a commission just opened, then the commissioner records the needs assessment, with no tender and no deadline', () => {
    expect(progressOf([opened])).toEqual({ stage: 'needs-assessment', nextSteps: [{ who: 'commissioner', what: 'RecordNeedsAssessment' }] });
  });

  it('given the need recorded, then the commissioner decides the route', () => {
    expect(progressOf([opened, assessed]).nextSteps).toEqual([{ who: 'commissioner', what: 'DecideRoute' }]);
  });

  it('given the route decided, then the commissioner or the contract manager agrees the specification', () => {
    expect(progressOf(routed)).toEqual({
      stage: 'specification',
      nextSteps: [
        { who: 'commissioner', what: 'AgreeSpecification' },
        { who: 'contract-manager', what: 'AgreeSpecification' },
      ],
    });
  });

  it('given a contract that was never opened, then it is not found', () => {
    expect(refusal(() => commissionProgress({ status: 'none' }, undefined, now)).toJSON()).toMatchObject({
      kind: 'not-found',
      code: 'contract.not-found',
    });
  });
});

describe('commission progress: procurement', () => {
  it('given a tender route with its specification agreed, then the commissioner starts the tender', () => {
    expect(progressOf(procurement)).toEqual({ stage: 'procurement', nextSteps: [{ who: 'commissioner', what: 'StartTender' }] });
  });

  it('given the tender started but not yet published by its workflow, then there is nothing to do but wait', () => {
    expect(progressOf(tenderStarted)).toEqual({ stage: 'procurement', nextSteps: [] });
  });

  it('given an open tender taking bids, then providers bid and ask by their closing times, the panel is appointed, and the clarification deadline comes first', () => {
    expect(progressOf(tenderStarted, published, '2026-11-25T10:00:00.000Z')).toEqual({
      stage: 'procurement',
      tenderPhase: 'tendering',
      nextSteps: [
        { who: 'provider', what: 'ExpressInterest', by: closesAt },
        { who: 'provider', what: 'SubmitBid', by: closesAt },
        { who: 'provider', what: 'AskClarification', by: clarificationDeadline },
        { who: 'commissioner', what: 'AppointEvaluationPanel' },
        { who: 'contract-manager', what: 'AppointEvaluationPanel' },
        { who: 'system', what: 'EndClarificationPeriod', by: clarificationDeadline },
        { who: 'system', what: 'CloseTender', by: closesAt },
      ],
      nextDeadline: { at: clarificationDeadline, what: 'EndClarificationPeriod' },
    });
  });

  it('given a question asked, then the commissioner answers it; and once the deadline has passed nobody asks any more', () => {
    const asked = run(
      [
        [{ type: 'ExpressInterest', data: { supplierName: 'Alpha Care' } }, alpha, publishedAt],
        [{ type: 'AskClarification', data: { question: 'Is transport included?' } }, alpha, '2026-12-01T10:00:00.000Z'],
      ],
      published,
    );
    expect(progressOf(tenderStarted, asked, '2026-12-01T11:00:00.000Z').nextSteps).toContainEqual({ who: 'commissioner', what: 'AnswerClarification' });
    const whatAfterDeadline = progressOf(tenderStarted, asked, '2026-12-15T10:00:00.000Z').nextSteps.map((step) => step.what);
    expect(whatAfterDeadline).not.toContain('AskClarification');
    expect(whatAfterDeadline).toContain('AnswerClarification');
  });

  it('given the closing time passed but the tender not yet closed by its timer, then no bid is invited and the closing is what comes next', () => {
    const quiet = run([[{ type: 'EndClarificationPeriod', data: {} }, system, clarificationDeadline]], published);
    expect(progressOf(tenderStarted, quiet, afterClose)).toEqual({
      stage: 'procurement',
      tenderPhase: 'tendering',
      nextSteps: [
        { who: 'commissioner', what: 'AppointEvaluationPanel' },
        { who: 'contract-manager', what: 'AppointEvaluationPanel' },
        { who: 'system', what: 'CloseTender', by: closesAt },
      ],
      nextDeadline: { at: closesAt, what: 'CloseTender' },
    });
  });

  it('given the tender closed, then the evaluators declare their conflicts before anything else', () => {
    expect(progressOf(tenderStarted, closed, evaluationDay)).toEqual({
      stage: 'procurement',
      tenderPhase: 'evaluation',
      nextSteps: [{ who: 'evaluator', what: 'DeclareConflictOfInterest' }],
    });
  });

  it('given a bid partly scored, then the evaluators score the rest and the commissioner or contract manager moderates what is scored', () => {
    const partly = run([[score('B1', 'quality', 8), ev1, evaluationDay]], declared);
    expect(progressOf(tenderStarted, partly, evaluationDay).nextSteps).toEqual([
      { who: 'evaluator', what: 'ScoreBid' },
      { who: 'commissioner', what: 'ModerateScore' },
      { who: 'contract-manager', what: 'ModerateScore' },
    ]);
  });

  it('given every score in but not moderated, then only the commissioner or contract manager moderates; the conflicted evaluator is never asked to score', () => {
    expect(progressOf(tenderStarted, scoredByEv1, evaluationDay).nextSteps).toEqual([
      { who: 'commissioner', what: 'ModerateScore' },
      { who: 'contract-manager', what: 'ModerateScore' },
    ]);
  });

  it('given every evaluator conflicted, then the commissioner or contract manager appoints more evaluators', () => {
    const allConflicted = run([[declare(true), ev1, evaluationDay], [declare(true), ev2, evaluationDay]], closed);
    expect(progressOf(tenderStarted, allConflicted, evaluationDay).nextSteps).toEqual([
      { who: 'commissioner', what: 'AppointEvaluationPanel' },
      { who: 'contract-manager', what: 'AppointEvaluationPanel' },
    ]);
  });

  it('given an evaluator conflicted with one bidder only, then they are asked to score the other bidder’s bid', () => {
    const oneConflict = run([[declare(false), ev1, evaluationDay], [declare(true, ['bravo-care']), ev2, evaluationDay]], closed);
    expect(progressOf(tenderStarted, run([[score('B1', 'quality', 8), ev1, evaluationDay], [score('B1', 'social', 6), ev1, evaluationDay], [score('B2', 'quality', 7), ev1, evaluationDay], [score('B2', 'social', 7), ev1, evaluationDay]], oneConflict), evaluationDay).nextSteps).toEqual([
      { who: 'evaluator', what: 'ScoreBid' },
      { who: 'commissioner', what: 'ModerateScore' },
      { who: 'contract-manager', what: 'ModerateScore' },
    ]);
  });

  it('given the bidder of a bid every evaluator is conflicted with, then more evaluators are appointed to score it', () => {
    const bravoConflicts = run([[declare(true, ['bravo-care']), ev1, evaluationDay], [declare(true, ['bravo-care']), ev2, evaluationDay]], closed);
    expect(progressOf(tenderStarted, bravoConflicts, evaluationDay).nextSteps).toEqual(
      expect.arrayContaining([{ who: 'commissioner', what: 'AppointEvaluationPanel' }, { who: 'evaluator', what: 'ScoreBid' }]),
    );
  });

  it('given every score moderated, then the commissioner or contract manager decides the award', () => {
    expect(progressOf(tenderStarted, moderated, evaluationDay).nextSteps).toEqual([
      { who: 'commissioner', what: 'DecideAward' },
      { who: 'contract-manager', what: 'DecideAward' },
    ]);
  });

  describe('an abnormally low price', () => {
    const withLowPrice = run(
      [
        [bid('Alpha Care', pounds(100_000)), alpha, '2026-12-20T15:00:00.000Z'],
        [bid('Bravo Care', pounds(95_000)), bravo, '2026-12-20T15:00:00.000Z'],
        [bid('Charlie Care', pounds(55_000)), charlie, '2026-12-20T15:00:00.000Z'],
        [{ type: 'AppointEvaluationPanel', data: { evaluators: ['ev-1'] } }, buyer, publishedAt],
        [{ type: 'CloseTender', data: {} }, system, afterClose],
        [declare(false), ev1, evaluationDay],
      ],
      published,
    );
    const requested = run([[{ type: 'RequestExplanation', data: { bidId: 'B3' } }, buyer, evaluationDay]], withLowPrice);
    const deadline = (() => {
      const state = givenTender(requested);
      return state.status === 'open' ? (state.abnormallyLow['B3']?.deadline ?? '') : '';
    })();

    it('given it identified at closing, then the commissioner asks for an explanation and no award is offered', () => {
      const what = progressOf(tenderStarted, withLowPrice, evaluationDay).nextSteps.map((step) => step.what);
      expect(what).toContain('RequestExplanation');
      expect(what).not.toContain('DecideAward');
    });

    it('given an explanation asked for, then the provider explains by the deadline, which is the next one the workflow waits for', () => {
      const progress = progressOf(tenderStarted, requested, evaluationDay);
      expect(progress.nextSteps).toEqual(
        expect.arrayContaining([
          { who: 'provider', what: 'SubmitExplanation', by: deadline },
          { who: 'system', what: 'PassExplanationDeadline', by: deadline },
        ]),
      );
      expect(progress.nextSteps.map((step) => step.what)).not.toContain('DecideAbnormallyLowBid');
      expect(progress.nextDeadline).toEqual({ at: deadline, what: 'PassExplanationDeadline' });
    });

    it('given the explanation deadline passed, then the commissioner decides on the bid and the provider can no longer explain', () => {
      const passed = run([[{ type: 'PassExplanationDeadline', data: { bidId: 'B3' } }, system, deadline]], requested);
      const what = progressOf(tenderStarted, passed, deadline).nextSteps.map((step) => step.what);
      expect(what).toContain('DecideAbnormallyLowBid');
      expect(what).not.toContain('SubmitExplanation');
    });
  });

  it('given the award decided, then the contract award notice waits for its approval, and no standstill runs yet', () => {
    expect(progressOf(tenderStarted, awardDecided, evaluationDay)).toEqual({
      stage: 'procurement',
      tenderPhase: 'standstill',
      nextSteps: [
        { who: 'commissioner', what: 'ApproveNotice' },
        { who: 'contract-manager', what: 'ApproveNotice' },
      ],
    });
  });

  it('given the award notice published, then everyone waits for the end of standstill', () => {
    const endsAt = standstillEndsAt(inStandstill);
    expect(progressOf(tenderStarted, inStandstill, evaluationDay)).toEqual({
      stage: 'procurement',
      tenderPhase: 'standstill',
      nextSteps: [{ who: 'system', what: 'EndStandstill', by: endsAt }],
      nextDeadline: { at: endsAt, what: 'EndStandstill' },
    });
  });

  it('given a challenge recorded during standstill, then the award is suspended until the commissioner resolves it, with no deadline running', () => {
    const challenged = run(
      [[{ type: 'RecordChallenge', data: { challenger: 'bravo-care', grounds: 'Quality scores inconsistent' } }, buyer, '2026-12-23T10:00:00.000Z']],
      inStandstill,
    );
    expect(progressOf(tenderStarted, challenged, '2026-12-23T11:00:00.000Z')).toEqual({
      stage: 'procurement',
      tenderPhase: 'standstill',
      nextSteps: [
        { who: 'commissioner', what: 'ResolveChallenge' },
        { who: 'contract-manager', what: 'ResolveChallenge' },
      ],
    });
  });

  it('given standstill ended, then the contract workflow records the award', () => {
    const ended = run([[{ type: 'EndStandstill', data: {} }, system, standstillEndsAt(inStandstill)]], inStandstill);
    expect(progressOf(tenderStarted, ended, standstillEndsAt(inStandstill))).toEqual({
      stage: 'procurement',
      tenderPhase: 'awarded',
      nextSteps: [{ who: 'system', what: 'RecordTenderOutcome' }],
    });
  });

  it('given the tender cancelled and the contract told, then the commissioner may start another tender', () => {
    const cancelled = [...tenderStarted, { type: 'TenderEnded', data: { tenderId, outcome: 'cancelled' } } as const];
    const tender = run([[{ type: 'CancelTender', data: { reason: 'Budget withdrawn' } }, buyer, publishedAt]], published);
    expect(progressOf(cancelled, tender).nextSteps).toEqual([{ who: 'commissioner', what: 'StartTender' }]);
  });

  it("given a tender of another number, then it is not the contract's tender and is ignored", () => {
    const other = whenTender([], { ...openTender, data: { ...openTender.data, tenderId: `${contractId}.7` } });
    expect(progressOf(tenderStarted, other)).toEqual({ stage: 'procurement', nextSteps: [] });
  });

  it('given a restricted procedure, then suppliers ask to take part until participation closes; then the commissioner assesses and invites the shortlist', () => {
    const participationClosesAt = restrictedTender.data.participationClosesAt ?? '';
    const restricted = whenTender([], restrictedTender);
    expect(progressOf(tenderStarted, restricted, '2026-11-25T10:00:00.000Z')).toMatchObject({
      tenderPhase: 'participation',
      nextSteps: [
        { who: 'provider', what: 'ExpressInterest', by: participationClosesAt },
        { who: 'provider', what: 'AskClarification', by: clarificationDeadline },
        { who: 'system', what: 'EndClarificationPeriod', by: clarificationDeadline },
        { who: 'system', what: 'CloseParticipation', by: participationClosesAt },
      ],
    });
    const shortlisting = run(
      [
        [{ type: 'ExpressInterest', data: { supplierName: 'Alpha Care' } }, alpha, publishedAt],
        [{ type: 'ExpressInterest', data: { supplierName: 'Bravo Care' } }, bravo, publishedAt],
        [{ type: 'EndClarificationPeriod', data: {} }, system, clarificationDeadline],
        [{ type: 'CloseParticipation', data: {} }, system, participationClosesAt],
        [{ type: 'AssessSupplier', data: { organisation: 'alpha-care', outcome: 'qualified', mandatoryExclusionGrounds: [], discretionaryExclusionGrounds: [] } }, buyer, '2026-12-22T10:00:00.000Z'],
      ],
      restricted,
    );
    expect(progressOf(tenderStarted, shortlisting, '2026-12-22T11:00:00.000Z')).toEqual({
      stage: 'procurement',
      tenderPhase: 'shortlisting',
      nextSteps: [
        { who: 'commissioner', what: 'AssessSupplier' },
        { who: 'contract-manager', what: 'AssessSupplier' },
        { who: 'commissioner', what: 'InviteToTender' },
        { who: 'contract-manager', what: 'InviteToTender' },
      ],
    });
  });
});

describe('commission progress: award to active', () => {
  it('given a direct award route with its specification agreed, then the commissioner names the supplier', () => {
    expect(progressOf(directAwardThrough('AgreeSpecification'))).toEqual({ stage: 'award', nextSteps: [{ who: 'commissioner', what: 'AwardDirectly' }] });
  });

  it('given the award, then the commissioner or the contract manager issues the contract', () => {
    expect(progressOf(directAwardThrough('AwardDirectly'))).toEqual({
      stage: 'contract-issue',
      nextSteps: [
        { who: 'commissioner', what: 'IssueContract' },
        { who: 'contract-manager', what: 'IssueContract' },
      ],
    });
  });

  it('given a category B contract issued, then the budget holder authorises it, or the commissioner records their authority', () => {
    expect(progressOf(directAwardThrough('IssueContract')).nextSteps).toEqual([
      { who: 'budget-holder', what: 'AuthoriseContract' },
      { who: 'commissioner', what: 'AuthoriseContract' },
    ]);
  });

  it('given a category C contract issued, then the budget holder or the commissioner records the Resource Allocation Group’s authority', () => {
    const awarded = [...procurement, tenderAward()];
    const issued = [...awarded, ...whenContract(awarded, issueContract(), contractManager)];
    expect(progressOf(issued).nextSteps).toEqual([
      { who: 'budget-holder', what: 'AuthoriseContract' },
      { who: 'commissioner', what: 'AuthoriseContract' },
    ]);
  });

  it('given the contract authorised, then both parties sign: the provider for itself, the commissioner for the authority', () => {
    expect(progressOf(directAwardThrough('AuthoriseContract')).nextSteps).toEqual([
      { who: 'commissioner', what: 'SignContract' },
      { who: 'provider', what: 'SignContract' },
    ]);
  });

  it('given the provider signed, then only the authority’s signature is awaited', () => {
    const authorised = directAwardThrough('AuthoriseContract');
    const providerSigned = [...authorised, ...whenContract(authorised, signContract('provider'), provider)];
    expect(progressOf(providerSigned).nextSteps).toEqual([{ who: 'commissioner', what: 'SignContract' }]);
  });

  it('given both signatures, then the master copy is recorded; given the master copy, the contract manager starts mobilisation', () => {
    const bothSigned = directAwardThrough('RecordMasterCopy').slice(0, -1);
    expect(progressOf(bothSigned).nextSteps).toEqual([
      { who: 'commissioner', what: 'RecordMasterCopy' },
      { who: 'contract-manager', what: 'RecordMasterCopy' },
    ]);
    expect(progressOf(directAwardThrough('RecordMasterCopy')).nextSteps).toEqual([{ who: 'contract-manager', what: 'StartMobilisation' }]);
  });

  it('given mobilisation, then the contract manager activates the contract from its start date', () => {
    expect(progressOf(directAwardThrough('StartMobilisation'))).toEqual({
      stage: 'mobilisation',
      nextSteps: [{ who: 'contract-manager', what: 'ActivateContract', from: '2027-01-04T00:00:00.000Z' }],
    });
  });

  it('given the contract active, then there is no next step of commissioning', () => {
    expect(progressOf(directAwardThrough('ActivateContract'))).toEqual({ stage: 'active', nextSteps: [] });
  });

  it('given a contract awarded from its tender, then the tender’s final phase is still shown', () => {
    const ended = run([[{ type: 'EndStandstill', data: {} }, system, standstillEndsAt(inStandstill)]], inStandstill);
    const awarded = [...tenderStarted, tenderAward({ tenderId })];
    expect(progressOf(awarded, ended)).toMatchObject({ stage: 'contract-issue', tenderPhase: 'awarded' });
  });
});

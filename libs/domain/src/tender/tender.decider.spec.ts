import { refusal } from '../testing';
import type { TenderCommand } from './tender.commands';
import { decideTender } from './tender.decider';
import { tenderDeadlines } from './tender.deadlines';
import type { TenderEvent } from './tender.events';
import {
  bid,
  bidder,
  commissioner,
  criteria,
  evaluator,
  given,
  openTender,
  outsider,
  pounds,
  publishedAt,
  restrictedTender,
  run,
  system,
  when,
} from './__fixtures__/tender.fixtures';

const published = when([], openTender);
const closesAt = '2026-12-21T12:00:00.000Z';
const beforeClose = '2026-12-20T15:00:00.000Z';
const afterClose = '2026-12-21T12:00:05.000Z';
const [e1, e2, e3] = [evaluator('ev-1'), evaluator('ev-2'), evaluator('ev-3')];
const [alpha, bravo, charlie, delta] = ['alpha-care', 'bravo-care', 'charlie-care', 'delta-care'].map(bidder) as [
  ReturnType<typeof bidder>,
  ReturnType<typeof bidder>,
  ReturnType<typeof bidder>,
  ReturnType<typeof bidder>,
];
const types = (events: readonly TenderEvent[]) => events.map((event) => event.type);

/** Four bids: charlie's price is far below the others'; delta's arrives exactly at the closing time. */
const closed = run([
  [{ type: 'AppointEvaluationPanel', data: { evaluators: ['ev-1', 'ev-2', 'ev-3'] } }, commissioner, publishedAt],
  [bid('Alpha Care', pounds(100_000)), alpha, beforeClose],
  [bid('Bravo Care', pounds(95_000)), bravo, beforeClose],
  [bid('Charlie Care', pounds(55_000)), charlie, beforeClose],
  [bid('Delta Care', pounds(90_000)), delta, closesAt],
  [{ type: 'CloseTender', data: {} }, system, afterClose],
], published);

const score = (bidId: string, criterionId: string, value: number): TenderCommand => ({ type: 'ScoreBid', data: { bidId, criterionId, score: value } });
const moderate = (bidId: string, criterionId: string, value: number): TenderCommand => ({
  type: 'ModerateScore',
  data: { bidId, criterionId, score: value, rationale: `Panel agreed ${value} after discussion` },
});
const evaluationDay = '2026-12-22T10:00:00.000Z';

describe('tender: publication', () => {
  it('given an agreed specification, when an open tender is published, then it takes bids until its closing time with the criteria frozen', () => {
    expect(published).toEqual([
      {
        type: 'TenderPublished',
        data: expect.objectContaining({ procedure: 'open', organisation: 'gloucestershire-cc', criteria, closesAt, publishedAt }),
      },
      // Its tender notice (tender.notices.spec.ts), drafted and approved with it.
      expect.objectContaining({ type: 'NoticeDrafted' }),
      expect.objectContaining({ type: 'NoticeApproved' }),
    ]);
    expect(given(published)).toMatchObject({ status: 'open', phase: 'tendering' });
    expect(tenderDeadlines(given(published)).map((deadline) => deadline.command.type)).toEqual(['EndClarificationPeriod', 'CloseTender']);
  });

  it('given a restricted procedure, when it is published, then requests to participate are taken first', () => {
    expect(given(when([], restrictedTender))).toMatchObject({ phase: 'participation', participationClosesAt: '2026-12-21T12:00:00.000Z' });
  });

  it.each([
    ['a closing time below the minimum period', { closesAt: '2026-12-10T12:00:00.000Z' }, 'tender.period-below-minimum', 'data.closesAt'],
    ['no closing time', { closesAt: undefined }, 'tender.closing-time-required', 'data.closesAt'],
    ['a clarification deadline after closing', { clarificationDeadline: '2026-12-22T12:00:00.000Z' }, 'tender.clarification-deadline-invalid', 'data.clarificationDeadline'],
    ['weights that do not sum to 100', { criteria: criteria.map((c) => ({ ...c, weight: 30 })) }, 'criteria.weights-must-sum-to-100', 'criteria'],
  ])('refuses %s', (_case, change, code, field) => {
    const command = { ...openTender, data: { ...openTender.data, ...change } } as TenderCommand;
    expect(refusal(() => when([], command))).toMatchObject({ code, field });
  });

  it('refuses a closing time for a two-stage procedure before the shortlist is invited', () => {
    const command = { ...restrictedTender, data: { ...restrictedTender.data, closesAt: '2027-02-01T12:00:00.000Z' } };
    expect(refusal(() => when([], command))).toMatchObject({ code: 'tender.closing-set-at-invitation', field: 'data.closesAt' });
  });

  it('refuses a second publication, a provider publishing, and another organisation acting on the tender', () => {
    expect(refusal(() => when(published, openTender))).toMatchObject({ kind: 'conflict', code: 'tender.already-published' });
    expect(refusal(() => when([], openTender, alpha))).toMatchObject({
      kind: 'forbidden',
      code: 'access.role-not-permitted',
      message: 'The role provider may not give the command PublishTender: only commissioner, contract-manager may',
    });
    expect(refusal(() => when(published, { type: 'CancelTender', data: { reason: 'Not needed any more' } }, outsider))).toMatchObject({
      kind: 'not-found',
      code: 'tender.not-found',
    });
  });
});

describe('tender: clarifications', () => {
  const interested = run([
    [{ type: 'ExpressInterest', data: { supplierName: 'Alpha Care' } }, alpha, publishedAt],
    [{ type: 'ExpressInterest', data: { supplierName: 'Bravo Care' } }, bravo, publishedAt],
    [{ type: 'AskClarification', data: { question: 'Is transport included?' } }, alpha, '2026-12-01T10:00:00.000Z'],
  ], published);

  it('given a question from one supplier, when it is answered, then the answer goes to every interested supplier without naming who asked', () => {
    const [answered] = when(interested, { type: 'AnswerClarification', data: { clarificationId: 'Q1', answer: 'Yes, within the county' } });
    expect(answered).toEqual({
      type: 'ClarificationAnswered',
      data: { clarificationId: 'Q1', question: 'Is transport included?', answer: 'Yes, within the county', recipients: ['alpha-care', 'bravo-care'] },
    });
  });

  it('refuses a question after the clarification deadline, a question from a supplier that has not expressed interest, and a second answer', () => {
    const ask: TenderCommand = { type: 'AskClarification', data: { question: 'And parking?' } };
    expect(refusal(() => when(interested, ask, bravo, '2026-12-14T12:00:00.000Z'))).toMatchObject({ code: 'clarification.deadline-passed' });
    expect(refusal(() => when(interested, ask, charlie, '2026-12-01T10:00:00.000Z'))).toMatchObject({ code: 'clarification.interest-required' });
    const answer: TenderCommand = { type: 'AnswerClarification', data: { clarificationId: 'Q1', answer: 'Yes' } };
    expect(refusal(() => when(run([[answer, commissioner, publishedAt]], interested), answer))).toMatchObject({ code: 'clarification.already-answered' });
  });

  it('given the clarification deadline passes, then the system records it with the questions left unanswered', () => {
    expect(when(interested, { type: 'EndClarificationPeriod', data: {} }, system, '2026-12-14T12:00:00.000Z')).toEqual([
      { type: 'ClarificationPeriodEnded', data: { deadline: '2026-12-14T12:00:00.000Z', unanswered: ['Q1'] } },
    ]);
    expect(refusal(() => when(interested, { type: 'EndClarificationPeriod', data: {} }, system, '2026-12-14T11:59:59.000Z'))).toMatchObject({
      code: 'deadline.not-due',
    });
  });
});

describe('tender: bids and closing', () => {
  it('given bids before and at the closing time, then the one at the closing time is kept as a late bid, never as a bid', () => {
    expect(types(closed.slice(3))).toEqual([
      'EvaluationPanelAppointed',
      'BidSubmitted',
      'BidSubmitted',
      'BidSubmitted',
      'LateBidRecorded',
      'TenderClosed',
      'AbnormallyLowBidIdentified',
    ]);
    expect(closed.find((event) => event.type === 'TenderClosed')?.data).toEqual({ closedAt: closesAt, bids: ['B1', 'B2', 'B3'], lateBids: ['B4'] });
  });

  it('given the closing, then a bid below 80% of the median of the on-time bids is identified as abnormally low', () => {
    expect(closed.at(-1)).toEqual({
      type: 'AbnormallyLowBidIdentified',
      data: { bidId: 'B3', pricePence: pounds(55_000), basis: 'median-of-compliant-bids', basisPence: pounds(95_000), thresholdPence: pounds(76_000), ratio: 0.8 },
    });
  });

  it('given a closed tender, when a bid arrives, then it is recorded as late; a cancelled tender takes no bid at all', () => {
    const late = when(closed, bid('Echo Care', pounds(80_000)), bidder('echo-care'), '2026-12-22T09:00:00.000Z');
    expect(types(late)).toEqual(['LateBidRecorded']);
    const cancelled = run([[{ type: 'CancelTender', data: { reason: 'Budget withdrawn by the cabinet' } }, commissioner, beforeClose]], published);
    expect(refusal(() => when(cancelled, bid('Echo Care', 1), bidder('echo-care'), beforeClose))).toMatchObject({ kind: 'conflict', code: 'tender.closed' });
  });

  it('refuses a second bid from the same supplier and a closing before its time or by anyone but the system', () => {
    expect(refusal(() => when(closed, bid('Alpha Care', 1), alpha, beforeClose))).toMatchObject({ code: 'bid.already-submitted' });
    expect(refusal(() => when(published, { type: 'CloseTender', data: {} }, system, beforeClose))).toMatchObject({ code: 'tender.not-yet-closing' });
    expect(refusal(() => when(published, { type: 'CloseTender', data: {} }, commissioner, afterClose))).toMatchObject({
      code: 'access.role-not-permitted',
      message: 'The role commissioner may not give the command CloseTender: only the workflow itself does',
    });
  });
});

describe('tender: evaluation', () => {
  const declared = run([
    [{ type: 'DeclareConflictOfInterest', data: { conflicted: false } }, e1, evaluationDay],
    [{ type: 'DeclareConflictOfInterest', data: { conflicted: true, details: 'Former director of Bravo Care', bidders: ['bravo-care'] } }, e2, evaluationDay],
  ], closed);

  it('given a declaration of no conflict, when the evaluator scores a bid, then the individual score is recorded', () => {
    expect(when(declared, score('B1', 'quality', 7), e1, evaluationDay)).toEqual([
      { type: 'IndividualScoreRecorded', data: { evaluatorId: 'ev-1', bidId: 'B1', criterionId: 'quality', score: 7 } },
    ]);
  });

  it.each([
    ['an evaluator who has not declared', score('B1', 'quality', 7), e3, 'evaluation.conflict-not-declared'],
    ['an evaluator conflicted with the bidder', score('B2', 'quality', 7), e2, 'evaluation.evaluator-conflicted'],
    ['someone not on the panel', score('B1', 'quality', 7), evaluator('ev-9'), 'evaluation.not-on-panel'],
    ['a score outside the scale', score('B1', 'quality', 11), e1, 'evaluation.score-out-of-scale'],
    ['a score for the price criterion', score('B1', 'price', 5), e1, 'evaluation.price-score-is-derived'],
    ['a score for an unpublished criterion', score('B1', 'innovation', 5), e1, 'evaluation.criterion-not-published'],
    ['a score for a late bid', score('B4', 'quality', 5), e1, 'evaluation.bid-not-evaluable'],
  ])('refuses %s', (_case, command, actor, code) => {
    expect(refusal(() => when(declared, command, actor, evaluationDay))).toMatchObject({ code });
  });

  it('given a conflict with Bravo Care, when the evaluator scores the bids of the other bidders, then their scores are recorded', () => {
    expect(declared.at(-1)).toEqual({
      type: 'ConflictOfInterestDeclared',
      data: { evaluatorId: 'ev-2', conflicted: true, details: 'Former director of Bravo Care', bidders: ['bravo-care'] },
    });
    expect(when(declared, score('B1', 'quality', 6), e2, evaluationDay)).toEqual([
      { type: 'IndividualScoreRecorded', data: { evaluatorId: 'ev-2', bidId: 'B1', criterionId: 'quality', score: 6 } },
    ]);
    expect(refusal(() => when(declared, score('B2', 'quality', 6), e2, evaluationDay)).message).toContain('bravo-care');
  });

  it('given a conflict recorded before conflicts named bidders, then it still bars its evaluator from every bid', () => {
    const blanket: TenderEvent = { type: 'ConflictOfInterestDeclared', data: { evaluatorId: 'ev-3', conflicted: true, details: 'Trustee of a bidder' } };
    for (const bidId of ['B1', 'B2']) {
      expect(refusal(() => when([...closed, blanket], score(bidId, 'quality', 6), e3, evaluationDay))).toMatchObject({ code: 'evaluation.evaluator-conflicted' });
    }
  });

  it('refuses a conflict that names no bidder, and bidders named without a conflict; a workflow older than the rule still takes the former', () => {
    const unnamed: TenderCommand = { type: 'DeclareConflictOfInterest', data: { conflicted: true, details: 'Trustee of a bidder' } };
    expect(refusal(() => when(closed, unnamed, e3, evaluationDay))).toMatchObject({ kind: 'invalid', code: 'evaluation.conflict-bidders-required', field: 'data.bidders' });
    const stray: TenderCommand = { type: 'DeclareConflictOfInterest', data: { conflicted: false, bidders: ['alpha-care'] } };
    expect(refusal(() => when(closed, stray, e3, evaluationDay))).toMatchObject({ kind: 'invalid', code: 'evaluation.bidders-only-with-conflict', field: 'data.bidders' });
    const older = decideTender(unnamed, given(closed), { commandId: 'c', correlationId: 'r', actor: e3, now: evaluationDay }, undefined, { conflictsNameBidders: false, statutoryNotices: false });
    expect(older).toEqual([{ type: 'ConflictOfInterestDeclared', data: { evaluatorId: 'ev-3', conflicted: true, details: 'Trustee of a bidder' } }]);
  });

  it('refuses a conflicted declaration without details, a second declaration, and moderation before any individual score', () => {
    expect(refusal(() => when(closed, { type: 'DeclareConflictOfInterest', data: { conflicted: true } }, e3, evaluationDay))).toMatchObject({
      code: 'evaluation.conflict-details-required',
      field: 'data.details',
    });
    expect(refusal(() => when(declared, { type: 'DeclareConflictOfInterest', data: { conflicted: false } }, e1, evaluationDay))).toMatchObject({
      code: 'evaluation.already-declared',
    });
    expect(refusal(() => when(declared, moderate('B1', 'quality', 7)))).toMatchObject({ code: 'evaluation.no-individual-scores' });
  });

  it('given individual scores, when the score is moderated with a rationale, then the event keeps the individual scores beside it', () => {
    const scored = run([[score('B1', 'quality', 7), e1, evaluationDay]], declared);
    expect(when(scored, moderate('B1', 'quality', 8), commissioner, evaluationDay)).toEqual([
      {
        type: 'ScoreModerated',
        data: { bidId: 'B1', criterionId: 'quality', score: 8, rationale: 'Panel agreed 8 after discussion', individualScores: [{ evaluatorId: 'ev-1', score: 7 }] },
      },
    ]);
    const moderated = run([[moderate('B1', 'quality', 8), commissioner, evaluationDay]], scored);
    expect(refusal(() => when(moderated, moderate('B1', 'quality', 6)))).toMatchObject({ code: 'evaluation.already-moderated' });
  });
});

describe('tender: abnormally low bids', () => {
  const request: TenderCommand = { type: 'RequestExplanation', data: { bidId: 'B3' } };
  const requested = run([[request, commissioner, evaluationDay]], closed);
  const reject = (breach: boolean): TenderCommand => ({
    type: 'DecideAbnormallyLowBid',
    data: { bidId: 'B3', decision: 'reject', breachesLegalObligations: breach, reason: 'Staff costs are below the National Living Wage' },
  });
  const accept: TenderCommand = {
    type: 'DecideAbnormallyLowBid',
    data: { bidId: 'B3', decision: 'accept', breachesLegalObligations: true, reason: 'Explained by volunteers' },
  };

  it('given an abnormally low bid, when an explanation is asked for, then the bidder has five working days, counted past the Christmas bank holidays', () => {
    expect(when(closed, request, commissioner, evaluationDay)).toEqual([
      { type: 'ExplanationRequested', data: { bidId: 'B3', supplier: 'charlie-care', dueOn: '2026-12-31', deadline: '2027-01-01T00:00:00.000Z' } },
    ]);
    expect(tenderDeadlines(given(requested)).map((deadline) => deadline.at)).toEqual(['2027-01-01T00:00:00.000Z']);
  });

  it('refuses a rejection before an explanation was asked for, and a decision while the bidder still has time', () => {
    expect(refusal(() => when(closed, reject(true), commissioner, evaluationDay))).toMatchObject({ code: 'evaluation.explanation-required' });
    expect(refusal(() => when(requested, reject(true), commissioner, evaluationDay))).toMatchObject({ code: 'evaluation.explanation-pending' });
  });

  it('given an explanation showing a breach of the minimum wage, then the bid cannot be accepted, and is rejected with the reason', () => {
    const explained = run(
      [[{ type: 'SubmitExplanation', data: { bidId: 'B3', explanation: 'We pay carers £9 an hour' } }, charlie, '2026-12-23T10:00:00.000Z']],
      requested,
    );
    expect(refusal(() => when(explained, accept, commissioner, '2026-12-24T10:00:00.000Z'))).toMatchObject({
      code: 'evaluation.must-reject-legal-breach',
      field: 'data.decision',
    });
    expect(when(explained, reject(true), commissioner, '2026-12-24T10:00:00.000Z')).toEqual([
      {
        type: 'AbnormallyLowBidRejected',
        reason: 'Staff costs are below the National Living Wage',
        data: { bidId: 'B3', breachesLegalObligations: true, explained: true },
      },
    ]);
  });

  it('refuses an explanation from another supplier and one after the deadline', () => {
    const explain: TenderCommand = { type: 'SubmitExplanation', data: { bidId: 'B3', explanation: 'Efficient rota' } };
    expect(refusal(() => when(requested, explain, alpha, '2026-12-23T10:00:00.000Z'))).toMatchObject({ kind: 'not-found', code: 'bid.not-found' });
    expect(refusal(() => when(requested, explain, charlie, '2027-01-01T00:00:00.000Z'))).toMatchObject({ code: 'evaluation.explanation-deadline-passed' });
  });

  it('given the deadline passes unexplained, then the system records it and the bid may be rejected', () => {
    const passed = run([[{ type: 'PassExplanationDeadline', data: { bidId: 'B3' } }, system, '2027-01-01T00:00:00.000Z']], requested);
    expect(passed.at(-1)).toEqual({ type: 'ExplanationDeadlinePassed', data: { bidId: 'B3', explained: false } });
    expect(types(when(passed, reject(false), commissioner, '2027-01-04T10:00:00.000Z'))).toEqual(['AbnormallyLowBidRejected']);
  });
});

describe('tender: award, standstill and challenge', () => {
  const awardDay = '2027-01-05T10:00:00.000Z';
  const evaluated = run([
    [{ type: 'DeclareConflictOfInterest', data: { conflicted: false } }, e1, evaluationDay],
    [{ type: 'RequestExplanation', data: { bidId: 'B3' } }, commissioner, evaluationDay],
    [{ type: 'PassExplanationDeadline', data: { bidId: 'B3' } }, system, '2027-01-01T00:00:00.000Z'],
    [
      { type: 'DecideAbnormallyLowBid', data: { bidId: 'B3', decision: 'reject', breachesLegalObligations: false, reason: 'No explanation was given' } },
      commissioner,
      '2027-01-04T10:00:00.000Z',
    ],
    [score('B1', 'quality', 8), e1, evaluationDay],
    [score('B1', 'social', 6), e1, evaluationDay],
    [score('B2', 'quality', 6), e1, evaluationDay],
    [score('B2', 'social', 6), e1, evaluationDay],
    [moderate('B1', 'quality', 8), commissioner, '2027-01-04T10:00:00.000Z'],
    [moderate('B1', 'social', 6), commissioner, '2027-01-04T10:00:00.000Z'],
    [moderate('B2', 'quality', 6), commissioner, '2027-01-04T10:00:00.000Z'],
    [moderate('B2', 'social', 6), commissioner, '2027-01-04T10:00:00.000Z'],
  ], closed);
  const award: TenderCommand = { type: 'DecideAward', data: { reason: 'Most economically advantageous tender on the published criteria' } };
  // The contract award notice is approved and published the day of the decision: the standstill runs from it.
  const awarded = run(
    [
      [award, commissioner, awardDay],
      [{ type: 'ApproveNotice', data: { noticeId: 't1-UK6-1' } }, commissioner, awardDay],
      [{ type: 'RecordNoticePublication', data: { noticeId: 't1-UK6-1', platformNoticeId: 'FTS-1', publishedAt: awardDay, publisher: 'recording' } }, system, awardDay],
    ],
    evaluated,
  );

  it('given moderated scores, when the award is decided, then the highest total wins and the standstill runs 8 working days beginning with the notice', () => {
    const decided = awarded.find((event) => event.type === 'AwardDecided');
    // Alpha: price 40 × 95/100 = 38 + quality 50 × 8/10 = 40 + social 10 × 6/10 = 6 → 84; Bravo: 40 + 30 + 6 → 76.
    expect(decided).toMatchObject({
      reason: 'Most economically advantageous tender on the published criteria',
      data: {
        winningBidId: 'B1',
        supplier: { organisation: 'alpha-care', name: 'Alpha Care' },
        ranking: [{ rank: 1, bidId: 'B1', total: 84 }, { rank: 2, bidId: 'B2', total: 76 }],
      },
    });
    expect(awarded.find((event) => event.type === 'StandstillStarted')?.data).toEqual({
      noticeId: 't1-UK6-1',
      noticePublishedOn: '2027-01-05',
      firstDay: '2027-01-05',
      lastDay: '2027-01-14',
      endsAt: '2027-01-15T00:00:00.000Z',
    });
  });

  it('given the award, then every bidder, late and rejected ones too, gets a letter with its own scores and the winner’s', () => {
    const letters = awarded.filter((event) => event.type === 'AwardLetterIssued');
    expect(letters.map((letter) => [letter.data.bidId, letter.data.successful, letter.data.own.total, letter.data.winner.total, letter.data.notRankedBecause])).toEqual([
      ['B1', true, 84, 84, undefined],
      ['B2', false, 76, 84, undefined],
      ['B3', false, undefined, 84, 'The bid was rejected as abnormally low'],
      ['B4', false, undefined, 84, 'The bid arrived after the closing time and was not evaluated'],
    ]);
  });

  it('refuses an award while an abnormally low bid is undecided, with scores missing, and a second award', () => {
    const undecided = run([[{ type: 'RequestExplanation', data: { bidId: 'B3' } }, commissioner, evaluationDay]], closed);
    expect(refusal(() => when(undecided, award, commissioner, awardDay))).toMatchObject({ code: 'award.abnormally-low-undecided' });
    expect(refusal(() => when(evaluated.slice(0, -1), award, commissioner, awardDay))).toMatchObject({ code: 'award.scores-incomplete' });
    expect(refusal(() => when(awarded, award, commissioner, awardDay))).toMatchObject({ kind: 'conflict', code: 'award.already-decided' });
  });

  it('given a challenge during standstill, then the award is suspended until it is dismissed, and the standstill then ends', () => {
    const challenged = run([[{ type: 'RecordChallenge', data: { challenger: 'bravo-care', grounds: 'Quality scores inconsistent' } }, commissioner, '2027-01-08T10:00:00.000Z']], awarded);
    expect(tenderDeadlines(given(challenged))).toEqual([]);
    expect(refusal(() => when(challenged, { type: 'EndStandstill', data: {} }, system, '2027-01-15T00:00:00.000Z'))).toMatchObject({ code: 'deadline.not-due' });
    const dismissed = run(
      [[{ type: 'ResolveChallenge', data: { challengeId: 'C1', outcome: 'dismissed', reason: 'Moderation notes support the scores' } }, commissioner, '2027-01-20T10:00:00.000Z']],
      challenged,
    );
    expect(tenderDeadlines(given(dismissed)).map((deadline) => deadline.command.type)).toEqual(['EndStandstill']);
    expect(when(dismissed, { type: 'EndStandstill', data: {} }, system, '2027-01-20T10:00:01.000Z')).toEqual([
      {
        type: 'StandstillEnded',
        data: { endedAt: '2027-01-20T10:00:01.000Z', winningBidId: 'B1', supplier: { organisation: 'alpha-care', name: 'Alpha Care' }, pricePence: pounds(100_000) },
      },
    ]);
  });

  it('given an upheld challenge, then the award is set aside and the evaluation reopens', () => {
    const upheld = run([
      [{ type: 'RecordChallenge', data: { challenger: 'bravo-care', grounds: 'Quality scores inconsistent' } }, commissioner, '2027-01-08T10:00:00.000Z'],
      [{ type: 'ResolveChallenge', data: { challengeId: 'C1', outcome: 'upheld', reason: 'Scores were not moderated properly' } }, commissioner, '2027-01-12T10:00:00.000Z'],
    ], awarded);
    expect(types(upheld.slice(-2))).toEqual(['ChallengeResolved', 'AwardSetAside']);
    expect(given(upheld)).toMatchObject({ phase: 'evaluation' });
    expect(refusal(() => when(awarded, { type: 'EndStandstill', data: {} }, system, '2027-01-14T23:59:59.000Z'))).toMatchObject({ code: 'deadline.not-due' });
  });

  it('refuses a cancellation once awarded', () => {
    const ended = run([[{ type: 'EndStandstill', data: {} }, system, '2027-01-15T00:00:00.000Z']], awarded);
    expect(refusal(() => when(ended, { type: 'CancelTender', data: { reason: 'Changed our mind entirely' } }))).toMatchObject({ code: 'tender.already-awarded' });
  });
});

describe('tender: restricted procedure', () => {
  const participation = run([
    [{ type: 'ExpressInterest', data: { supplierName: 'Alpha Care' } }, alpha, publishedAt],
    [{ type: 'ExpressInterest', data: { supplierName: 'Bravo Care' } }, bravo, publishedAt],
    [{ type: 'ExpressInterest', data: { supplierName: 'Charlie Care' } }, charlie, publishedAt],
    [{ type: 'CloseParticipation', data: {} }, system, '2026-12-21T12:00:00.000Z'],
  ], when([], restrictedTender));
  const assess = (organisation: string, outcome: 'qualified' | 'excluded', mandatory: string[] = []): TenderCommand => ({
    type: 'AssessSupplier',
    data: { organisation, outcome, mandatoryExclusionGrounds: mandatory, discretionaryExclusionGrounds: [] },
  });
  const invite = (shortlist: string[]): TenderCommand => ({
    type: 'InviteToTender',
    data: { shortlist, closesAt: '2027-02-01T12:00:00.000Z', clarificationDeadline: '2027-01-25T12:00:00.000Z' },
  });
  const assessed = run([
    [assess('alpha-care', 'qualified'), commissioner, '2026-12-22T10:00:00.000Z'],
    [assess('bravo-care', 'qualified'), commissioner, '2026-12-22T10:00:00.000Z'],
    [assess('charlie-care', 'excluded', ['fraud conviction']), commissioner, '2026-12-22T10:00:00.000Z'],
  ], participation);

  it('refuses to qualify a supplier with a mandatory exclusion ground, and to shortlist one not qualified', () => {
    expect(refusal(() => when(participation, assess('charlie-care', 'qualified', ['fraud conviction'])))).toMatchObject({
      code: 'selection.mandatory-exclusion-ground',
    });
    expect(refusal(() => when(assessed, invite(['alpha-care', 'charlie-care']), commissioner, '2026-12-23T10:00:00.000Z'))).toMatchObject({
      code: 'selection.not-qualified',
      field: 'data.shortlist.1',
    });
  });

  it('given a shortlist, when tenders are invited, then only shortlisted suppliers may bid', () => {
    const invited = run([[invite(['alpha-care', 'bravo-care']), commissioner, '2026-12-23T10:00:00.000Z']], assessed);
    expect(types(invited.slice(-2))).toEqual(['ShortlistDecided', 'InvitationToTenderIssued']);
    expect(given(invited)).toMatchObject({ phase: 'tendering', closesAt: '2027-02-01T12:00:00.000Z' });
    expect(types(when(invited, bid('Alpha Care', pounds(90_000)), alpha, '2027-01-20T10:00:00.000Z'))).toEqual(['BidSubmitted']);
    expect(refusal(() => when(invited, bid('Charlie Care', 1), charlie, '2027-01-20T10:00:00.000Z'))).toMatchObject({ code: 'tender.not-shortlisted' });
    expect(refusal(() => when(participation, bid('Alpha Care', 1), alpha, '2026-12-22T10:00:00.000Z'))).toMatchObject({ code: 'tender.not-open-for-bids' });
  });
});

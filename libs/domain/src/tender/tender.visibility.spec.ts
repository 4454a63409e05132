import type { Actor } from '../shared/envelope.schema';
import { refusal } from '../testing';
import type { OpenTender, TenderState } from './tender.state';
import { tenderVisibleTo } from './tender.visibility';
import { bid, bidder, commissioner, evaluator, given, openTender, organisation, outsider, pounds, publishedAt, run, system } from './__fixtures__/tender.fixtures';

const beforeClose = '2026-12-10T15:00:00.000Z';
const afterClose = '2026-12-21T12:00:05.000Z';
const [alpha, bravo, charlie] = ['alpha-care', 'bravo-care', 'charlie-care'].map(bidder) as [Actor, Actor, Actor];
const staff = (role: Actor['role'], id = `${role}-1`): Actor => ({ id, role, organisation });

/** Three bids (charlie's abnormally low), one question from alpha answered and one from bravo not, a panel of two. */
const history = run([
  [openTender, commissioner, publishedAt],
  [{ type: 'ExpressInterest', data: { supplierName: 'Alpha Care' } }, alpha, publishedAt],
  [{ type: 'ExpressInterest', data: { supplierName: 'Bravo Care' } }, bravo, publishedAt],
  [{ type: 'ExpressInterest', data: { supplierName: 'Charlie Care' } }, charlie, publishedAt],
  [{ type: 'AskClarification', data: { question: 'Is transport included?' } }, alpha, beforeClose],
  [{ type: 'AnswerClarification', data: { clarificationId: 'Q1', answer: 'No, it is commissioned separately' } }, commissioner, beforeClose],
  [{ type: 'AskClarification', data: { question: 'May we subcontract night cover?' } }, bravo, beforeClose],
  [{ type: 'AppointEvaluationPanel', data: { evaluators: ['ev-1', 'ev-2'] } }, commissioner, beforeClose],
  [bid('Alpha Care', pounds(100_000)), alpha, beforeClose],
  [bid('Bravo Care', pounds(95_000)), bravo, beforeClose],
  [bid('Charlie Care', pounds(55_000)), charlie, beforeClose],
  [{ type: 'CloseTender', data: {} }, system, afterClose],
]);
const tender = given(history) as OpenTender;
const declared = (evaluatorId: string, conflicted: boolean): TenderState =>
  given([
    ...history,
    { type: 'ConflictOfInterestDeclared', data: { evaluatorId, conflicted, ...(conflicted ? { details: 'Related to a bidder' } : {}) } },
  ]);

describe('tender visibility: buyer-side staff', () => {
  it.each(['commissioner', 'contract-manager', 'lead-professional', 'budget-holder', 'finance', 'governance'] as const)(
    'given a tender in evaluation, when the buying organisation’s %s reads it, then they see it whole',
    (role) => {
      expect(tenderVisibleTo(staff(role), tender)).toBe(tender);
    },
  );

  it('given a tender of another organisation, when its staff read it, then they are told it does not exist', () => {
    expect(refusal(() => tenderVisibleTo(outsider, tender))).toMatchObject({ kind: 'not-found', code: 'tender.not-found' });
  });

  it('given no published tender, when anyone reads it, then it does not exist', () => {
    expect(refusal(() => tenderVisibleTo(commissioner, given([])))).toMatchObject({ code: 'tender.not-found' });
  });
});

describe('tender visibility: suppliers', () => {
  it('given three bids, when a supplier reads the tender, then it sees its own bid only, and nothing of the evaluation', () => {
    const seen = tenderVisibleTo(bravo, given([...history, { type: 'ConflictOfInterestDeclared', data: { evaluatorId: 'ev-1', conflicted: false } }]));
    expect(Object.values(seen.bids).map((entry) => entry.supplier.organisation)).toEqual(['bravo-care']);
    expect(Object.keys(seen.interested)).toEqual(['bravo-care']);
    expect(seen).toMatchObject({ panel: [], declarations: {}, individualScores: {}, moderatedScores: {}, abnormallyLow: {} });
  });

  it('given a question answered, when another supplier reads the tender, then it sees the answer without who asked; an unanswered question is seen only by its asker', () => {
    expect(tenderVisibleTo(charlie, tender).clarifications).toEqual([
      { clarificationId: 'Q1', question: 'Is transport included?', askedBy: 'another supplier', answered: true, answer: 'No, it is commissioned separately' },
    ]);
    expect(tenderVisibleTo(bravo, tender).clarifications.map((entry) => [entry.clarificationId, entry.askedBy])).toEqual([
      ['Q1', 'another supplier'],
      ['Q2', 'bravo-care'],
    ]);
    expect(tenderVisibleTo(alpha, tender).clarifications.map((entry) => entry.askedBy)).toEqual(['alpha-care']);
  });

  it('given an abnormally low bid, when its bidder reads the tender, then it sees its own case; the others do not', () => {
    expect(tenderVisibleTo(charlie, tender).abnormallyLow).toEqual({ B3: expect.objectContaining({ status: 'identified' }) });
    expect(tenderVisibleTo(alpha, tender).abnormallyLow).toEqual({});
  });

  it('given a shortlist, when a supplier reads the tender, then it sees only whether it is on it', () => {
    const shortlisted: OpenTender = { ...tender, shortlist: ['alpha-care', 'bravo-care'] };
    expect(tenderVisibleTo(alpha, shortlisted).shortlist).toEqual(['alpha-care']);
    expect(tenderVisibleTo(charlie, shortlisted).shortlist).toEqual([]);
  });
});

describe('tender visibility: evaluators', () => {
  it('given an evaluator on the panel who has not declared, when they read the tender, then they see no bid, score or price case', () => {
    const seen = tenderVisibleTo(evaluator('ev-1'), tender);
    expect(seen).toMatchObject({ bids: {}, individualScores: {}, moderatedScores: {}, abnormallyLow: {}, phase: 'evaluation' });
  });

  it('given an evaluator who declared no conflict, when they read the tender, then they see the bids', () => {
    const state = declared('ev-1', false);
    expect(tenderVisibleTo(evaluator('ev-1'), state)).toBe(state);
    expect(Object.keys(tenderVisibleTo(evaluator('ev-1'), state).bids)).toEqual(['B1', 'B2', 'B3']);
  });

  it('given an evaluator whose conflict was recorded before conflicts named bidders, when they read the tender, then they never see the bids', () => {
    expect(tenderVisibleTo(evaluator('ev-2'), declared('ev-2', true)).bids).toEqual({});
  });

  it('given an evaluator conflicted with Bravo Care, when they read the tender, then they see every bid but Bravo’s', () => {
    const state = given([
      ...history,
      { type: 'ConflictOfInterestDeclared', data: { evaluatorId: 'ev-2', conflicted: true, details: 'Related to a director', bidders: ['bravo-care'] } },
    ]);
    const seen = tenderVisibleTo(evaluator('ev-2'), state);
    expect(Object.values(seen.bids).map((entry) => entry.supplier.organisation)).toEqual(['alpha-care', 'charlie-care']);
    expect(Object.keys(seen.abnormallyLow)).toEqual(['B3']);
  });

  it('given an evaluator not on the panel, or of another organisation, when they read the tender, then it does not exist', () => {
    expect(refusal(() => tenderVisibleTo(evaluator('ev-9'), tender))).toMatchObject({ code: 'tender.not-found' });
    expect(refusal(() => tenderVisibleTo({ id: 'ev-1', role: 'evaluator', organisation: 'wiltshire-council' }, tender))).toMatchObject({
      code: 'tender.not-found',
    });
  });
});

describe('tender visibility: anyone else', () => {
  it('given the system actor reads the tender, then it is told the tender does not exist', () => {
    expect(refusal(() => tenderVisibleTo(system, tender))).toMatchObject({ code: 'tender.not-found' });
  });
});

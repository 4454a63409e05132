import { parseProcurementPolicy } from '../policy/procurement-policy.schema';
import { refusal } from '../testing';
import type { TenderCommand } from './tender.commands';
import { decideTender } from './tender.decider';
import { tenderDeadlines, tenderNoticesToPublish } from './tender.deadlines';
import type { TenderEvent } from './tender.events';
import { bid, bidder, commissioner, ctx, evaluator, given, openTender, pounds, publishedAt, run, system, when } from './__fixtures__/tender.fixtures';

const types = (events: readonly TenderEvent[]) => events.map((event) => event.type);
const [alpha, bravo] = [bidder('alpha-care'), bidder('bravo-care')];
const e1 = evaluator('ev-1');
const evaluationDay = '2026-12-22T10:00:00.000Z';
const awardDay = '2027-01-05T10:00:00.000Z';
const award: TenderCommand = { type: 'DecideAward', data: { reason: 'Most economically advantageous tender' } };
const approve = (noticeId: string): TenderCommand => ({ type: 'ApproveNotice', data: { noticeId } });
const published = (noticeId: string, at: string): TenderCommand => ({
  type: 'RecordNoticePublication',
  data: { noticeId, platformNoticeId: `FTS-${noticeId}`, publishedAt: at, publisher: 'recording' },
});

/** Two bids in time, scored and moderated: ready for the award. */
const evaluate = (history: readonly TenderEvent[], decide: typeof when = when): TenderEvent[] => {
  const steps: [TenderCommand, typeof commissioner, string][] = [
    [{ type: 'AppointEvaluationPanel', data: { evaluators: ['ev-1'] } }, commissioner, publishedAt],
    [bid('Alpha Care', pounds(100_000)), alpha, '2026-12-20T15:00:00.000Z'],
    [bid('Bravo Care', pounds(95_000)), bravo, '2026-12-20T15:00:00.000Z'],
    [{ type: 'CloseTender', data: {} }, system, '2026-12-21T12:00:05.000Z'],
    [{ type: 'DeclareConflictOfInterest', data: { conflicted: false } }, e1, evaluationDay],
    ...(['B1', 'B2'] as const).flatMap((bidId): [TenderCommand, typeof commissioner, string][] =>
      (['quality', 'social'] as const).flatMap((criterionId): [TenderCommand, typeof commissioner, string][] => [
        [{ type: 'ScoreBid', data: { bidId, criterionId, score: 7 } }, e1, evaluationDay],
        [{ type: 'ModerateScore', data: { bidId, criterionId, score: 7, rationale: 'Agreed' } }, commissioner, evaluationDay],
      ]),
    ),
  ];
  return steps.reduce<TenderEvent[]>((events, [command, actor, at]) => [...events, ...decide(events, command, actor, at)], [...history]);
};

describe('tender notices: the tender notice (UK4)', () => {
  it('given a covered tender, when it is published, then its tender notice is drafted from the publication and approved by whoever started it, ready to publish', () => {
    const events = when([], openTender);
    expect(types(events)).toEqual(['TenderPublished', 'NoticeDrafted', 'NoticeApproved']);
    expect(events[1]?.data).toEqual({
      noticeId: `t1-UK4-1`,
      noticeType: 'UK4',
      content: {
        title: 'Short breaks for disabled children',
        procedure: 'open',
        tenderId: openTender.data.tenderId,
        tenderPeriod: { startDate: publishedAt, endDate: '2026-12-21T12:00:00.000Z' },
      },
    });
    expect(tenderNoticesToPublish(given(events)).map((notice) => notice.noticeId)).toEqual(['t1-UK4-1']);
    const after = [...events, ...when(events, published('t1-UK4-1', publishedAt), system)];
    expect(tenderNoticesToPublish(given(after))).toEqual([]);
    expect(given(after)).toMatchObject({ notices: { 't1-UK4-1': { status: 'published', platformNoticeId: 'FTS-t1-UK4-1', publishedAt } } });
  });

  it('given a procurement the Act does not cover, then it publishes no notices and its standstill runs from the award decision', () => {
    const uncovered = when([], { ...openTender, data: { ...openTender.data, covered: false } });
    expect(types(uncovered)).toEqual(['TenderPublished']);
    const decided = when(evaluate(uncovered), award, commissioner, awardDay);
    expect(types(decided)).not.toContain('NoticeDrafted');
    expect(decided[0]?.data).toMatchObject({ standstill: { endsAt: '2027-01-15T00:00:00.000Z' } });
  });
});

describe('tender notices: the contract award notice (UK6) and the standstill', () => {
  const start = when([], openTender);
  const evaluated = evaluate([...start, ...when(start, published('t1-UK4-1', publishedAt), system)]);
  const decided = [...evaluated, ...when(evaluated, award, commissioner, awardDay)];

  it('given the award, then its notice is drafted, and no standstill runs until the notice is published', () => {
    expect(types(decided.slice(evaluated.length))).toEqual(['AwardDecided', 'AwardLetterIssued', 'AwardLetterIssued', 'NoticeDrafted']);
    const awardDecided = decided.find((event) => event.type === 'AwardDecided');
    expect(awardDecided?.data).not.toHaveProperty('standstill');
    expect(decided.at(-1)?.data).toMatchObject({
      noticeId: 't1-UK6-1',
      noticeType: 'UK6',
      // Equal quality and social value: Bravo's lower price wins.
      content: { supplier: { organisation: 'bravo-care', name: 'Bravo Care' }, valuePence: pounds(95_000) },
    });
    expect(tenderDeadlines(given(decided))).toEqual([]);
    expect(tenderNoticesToPublish(given(decided))).toEqual([]);
    expect(refusal(() => when(decided, { type: 'EndStandstill', data: {} }, system, '2027-03-01T00:00:00.000Z'))).toMatchObject({ code: 'deadline.not-due' });
  });

  it('refuses an approval by a role that may not approve notices, or one the policy leaves out, and a notice that does not exist', () => {
    expect(refusal(() => when(decided, approve('t1-UK6-1'), e1, awardDay))).toMatchObject({ kind: 'forbidden', code: 'access.role-not-permitted' });
    const managersOnly = parseProcurementPolicy({ notices: { approvers: ['contract-manager'] } });
    expect(refusal(() => decideTender(approve('t1-UK6-1'), given(decided), ctx(commissioner, awardDay), managersOnly))).toMatchObject({
      kind: 'forbidden',
      code: 'notice.approver-not-permitted',
    });
    expect(refusal(() => when(decided, approve('t1-UK6-9'), commissioner, awardDay))).toMatchObject({ kind: 'not-found', code: 'notice.not-found', field: 'data.noticeId' });
  });

  it('refuses to record the publication of a notice not yet approved, and an approval given twice', () => {
    expect(refusal(() => when(decided, published('t1-UK6-1', awardDay), system, awardDay))).toMatchObject({ code: 'notice.not-approved' });
    const approved = [...decided, ...when(decided, approve('t1-UK6-1'), commissioner, awardDay)];
    expect(refusal(() => when(approved, approve('t1-UK6-1'), commissioner, awardDay))).toMatchObject({ code: 'notice.already-approved' });
  });

  it('given the notice approved and published on a Friday, then the standstill runs eight working days beginning with that day, and then ends', () => {
    const approved = [...decided, ...when(decided, approve('t1-UK6-1'), commissioner, '2027-01-08T09:00:00.000Z')];
    expect(tenderNoticesToPublish(given(approved)).map((notice) => notice.noticeId)).toEqual(['t1-UK6-1']);
    const publication = when(approved, published('t1-UK6-1', '2027-01-08T16:00:00.000Z'), system, '2027-01-08T16:00:01.000Z');
    expect(publication).toEqual([
      {
        type: 'NoticePublished',
        data: { noticeId: 't1-UK6-1', noticeType: 'UK6', platformNoticeId: 'FTS-t1-UK6-1', publishedAt: '2027-01-08T16:00:00.000Z', publisher: 'recording' },
      },
      {
        type: 'StandstillStarted',
        data: { noticeId: 't1-UK6-1', noticePublishedOn: '2027-01-08', firstDay: '2027-01-08', lastDay: '2027-01-19', endsAt: '2027-01-20T00:00:00.000Z' },
      },
    ]);
    const running = [...approved, ...publication];
    expect(tenderDeadlines(given(running))).toEqual([{ at: '2027-01-20T00:00:00.000Z', command: { type: 'EndStandstill', data: {} } }]);
    expect(refusal(() => when(running, { type: 'EndStandstill', data: {} }, system, '2027-01-19T23:59:59.999Z'))).toMatchObject({ code: 'deadline.not-due' });
    expect(types(when(running, { type: 'EndStandstill', data: {} }, system, '2027-01-20T00:00:00.000Z'))).toEqual(['StandstillEnded']);
    expect(refusal(() => when(running, published('t1-UK6-1', '2027-01-08T16:00:00.000Z'), system))).toMatchObject({ code: 'notice.already-published' });
  });

  it('given an upheld challenge before the notice is published, then the notice is withdrawn and the next award drafts another', () => {
    const upheld = run(
      [
        [{ type: 'RecordChallenge', data: { challenger: 'bravo-care', grounds: 'Scores inconsistent' } }, commissioner, '2027-01-06T10:00:00.000Z'],
        [{ type: 'ResolveChallenge', data: { challengeId: 'C1', outcome: 'upheld', reason: 'Moderation was not recorded' } }, commissioner, '2027-01-07T10:00:00.000Z'],
      ],
      decided,
    );
    expect(types(upheld.slice(-3))).toEqual(['ChallengeResolved', 'AwardSetAside', 'NoticeWithdrawn']);
    expect(refusal(() => when(upheld, approve('t1-UK6-1'), commissioner))).toMatchObject({ code: 'notice.withdrawn' });
    expect(when(upheld, award, commissioner, '2027-01-11T10:00:00.000Z').at(-1)?.data).toMatchObject({ noticeId: 't1-UK6-2', noticeType: 'UK6' });
  });

  it('given a tender recorded before statutory notices, then its award counts the standstill from the decision, as it always did', () => {
    const before = { conflictsNameBidders: true, statutoryNotices: false };
    const decideBefore: typeof when = (events, command, actor = commissioner, now = publishedAt) => decideTender(command, given(events), ctx(actor, now), undefined, before);
    const history = evaluate(decideBefore([], openTender), decideBefore);
    expect(types(history)).not.toContain('NoticeDrafted');
    const [decision] = decideBefore(history, award, commissioner, awardDay);
    expect(decision?.data).toMatchObject({ noticePublishedOn: '2027-01-05', standstill: { firstDay: '2027-01-05', lastDay: '2027-01-14', endsAt: '2027-01-15T00:00:00.000Z' } });
  });
});

describe('tender notices: the procurement termination notice (UK12)', () => {
  it('given a tender whose notice went out, when it is cancelled, then a procurement termination notice is drafted with the reason and approved by whoever cancelled it', () => {
    const events = when([], openTender);
    const cancelled = when(events, { type: 'CancelTender', data: { reason: 'The budget was withdrawn' } }, commissioner, '2026-12-01T10:00:00.000Z');
    expect(types(cancelled)).toEqual(['TenderCancelled', 'NoticeDrafted', 'NoticeApproved']);
    expect(cancelled[1]?.data).toMatchObject({ noticeId: 't1-UK12-1', noticeType: 'UK12', content: { description: 'The budget was withdrawn' } });
    expect(tenderNoticesToPublish(given([...events, ...cancelled])).map((notice) => notice.noticeType)).toEqual(['UK4', 'UK12']);
  });
});

import { refusal } from '../testing';
import type { TenderCommand } from './tender.commands';
import { tenderDeadlines } from './tender.deadlines';
import { bid, bidder, commissioner, given, openTender, pounds, publishedAt, run, system, when } from './__fixtures__/tender.fixtures';

const [alpha, bravo, charlie] = ['alpha-care', 'bravo-care', 'charlie-care'].map(bidder) as [
  ReturnType<typeof bidder>,
  ReturnType<typeof bidder>,
  ReturnType<typeof bidder>,
];

/** In evaluation with charlie's bid abnormally low, as long as the panel takes. */
const inEvaluation = run(
  [
    [{ type: 'AppointEvaluationPanel', data: { evaluators: ['ev-1'] } }, commissioner, publishedAt],
    [bid('Alpha Care', pounds(100_000)), alpha, '2026-12-20T15:00:00.000Z'],
    [bid('Bravo Care', pounds(95_000)), bravo, '2026-12-20T15:00:00.000Z'],
    [bid('Charlie Care', pounds(55_000)), charlie, '2026-12-20T15:00:00.000Z'],
    [{ type: 'CloseTender', data: {} }, system, '2026-12-21T12:00:05.000Z'],
  ],
  when([], openTender),
);
const request: TenderCommand = { type: 'RequestExplanation', data: { bidId: 'B3' } };
const explain: TenderCommand = { type: 'SubmitExplanation', data: { bidId: 'B3', explanation: 'Volunteers cover the evenings' } };
const pass: TenderCommand = { type: 'PassExplanationDeadline', data: { bidId: 'B3' } };

describe('tender deadlines on the UK calendar, London time', () => {
  // 23:30 UTC on Wed 30 June 2027 is already Thu 1 July in London (BST): five working days on is Thu 8 July.
  const requested = run([[request, commissioner, '2027-06-30T23:30:00.000Z']], inEvaluation);

  it('given an explanation asked for late on a summer evening, then its days count from the London date and it is due by midnight London time', () => {
    expect(requested.at(-1)).toEqual({
      type: 'ExplanationRequested',
      data: { bidId: 'B3', supplier: 'charlie-care', dueOn: '2027-07-08', deadline: '2027-07-08T23:00:00.000Z' },
    });
    expect(tenderDeadlines(given(requested)).map((deadline) => deadline.at)).toEqual(['2027-07-08T23:00:00.000Z']);
  });

  it('given the due day, then an explanation at 23:59:59.999 London time is in time and one at midnight is late', () => {
    expect(when(requested, explain, charlie, '2027-07-08T22:59:59.999Z').map((event) => event.type)).toEqual(['ExplanationSubmitted']);
    expect(refusal(() => when(requested, explain, charlie, '2027-07-08T23:00:00.000Z'))).toMatchObject({ code: 'evaluation.explanation-deadline-passed' });
  });

  it('given the due day, then the deadline passes at midnight London time and not a millisecond before', () => {
    expect(refusal(() => when(requested, pass, system, '2027-07-08T22:59:59.999Z'))).toMatchObject({ code: 'deadline.not-due' });
    expect(when(requested, pass, system, '2027-07-08T23:00:00.000Z')).toEqual([{ type: 'ExplanationDeadlinePassed', data: { bidId: 'B3', explained: false } }]);
  });

  it('given an explanation asked for in winter, then the deadline is midnight UTC, which is midnight in London under GMT', () => {
    expect(when(inEvaluation, request, commissioner, '2027-01-12T10:00:00.000Z')[0]?.data).toMatchObject({
      dueOn: '2027-01-19',
      deadline: '2027-01-20T00:00:00.000Z',
    });
  });

  it('given an explanation whose five working days would run into a year the calendar does not know, then the request is refused naming that year', () => {
    const error = refusal(() => when(inEvaluation, request, commissioner, '2028-12-27T10:00:00.000Z'));
    expect(error.toJSON()).toMatchObject({ kind: 'conflict', code: 'calendar.year-not-known' });
    expect(error.message).toContain('2029');
  });
});

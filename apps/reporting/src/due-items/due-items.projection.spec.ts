import { foldProcess } from '../projections/process-projection';
import { processEvents } from '../testing/process-events';
import { dueItemsProjection } from './due-items.projection';
import { windowRange } from './due-items.repository';

const contractId = '6f1c4c33-1d0c-4f57-a9a4-3d3b0f6a2b10';
const rowsAfter = (events: Parameters<typeof foldProcess>[2]) => dueItemsProjection.rowsOf(foldProcess(dueItemsProjection, contractId, events)!);

describe('due items projection', () => {
  it('given an active contract, when a return and a review are reminded, then both are open and due on their days', () => {
    const e = processEvents(contractId);
    expect(rowsAfter([e.opened(), e.awarded(), e.returnReminder('2027-q1', '2027-04-30'), e.reviewReminder('review-1', '2027-05-15')])).toEqual([
      {
        contract_id: contractId,
        item_id: 'return:2027-q1',
        organisation: 'gloucestershire-cc',
        provider_organisation: 'acme-care',
        kind: 'return',
        description: 'Return for period 2027-q1',
        due_on: '2027-04-30',
        status: 'open',
        overdue_on: null,
        done_on: null,
      },
      expect.objectContaining({ item_id: 'review:review-1', kind: 'review', due_on: '2027-05-15', status: 'open' }),
    ]);
  });

  it('given a reminded return, when it is submitted, then it is done; when another is recorded overdue, it stays open with the day', () => {
    const e = processEvents(contractId);
    const rows = rowsAfter([
      e.opened(),
      e.returnReminder('2027-q1', '2027-04-30'),
      e.returnSubmitted('2027-q1', '2027-04-30', '2027-04-28'),
      e.returnOverdue('2027-q2', '2027-07-31', '2027-08-01'),
    ]);
    expect(rows).toEqual([
      expect.objectContaining({ item_id: 'return:2027-q1', status: 'done', done_on: '2027-04-28' }),
      expect.objectContaining({ item_id: 'return:2027-q2', status: 'open', due_on: '2027-07-31', overdue_on: '2027-08-01' }),
    ]);
  });

  it("given a plan's agreed actions, then each is a milestone due; completed, missed and closed with the plan as the plan's stream says", () => {
    const e = processEvents(contractId);
    const planId = e.planId(1);
    const rows = rowsAfter([
      e.opened(),
      e.planOpened(1, '2027-02-01'),
      e.actionsAgreed(1, [{ actionId: 'a1', dueDate: '2027-03-01' }, { actionId: 'a2', dueDate: '2027-04-01' }, { actionId: 'a3', dueDate: '2027-05-01' }], '2027-02-02'),
      e.actionCompleted(1, 'a1', '2027-03-01', '2027-02-27'),
      e.milestoneMissed(1, 'a2', '2027-04-01', '2027-04-02'),
    ]);
    expect(rows).toEqual([
      expect.objectContaining({ item_id: `milestone:${planId}:a1`, kind: 'plan-milestone', status: 'done', done_on: '2027-02-27' }),
      expect.objectContaining({ item_id: `milestone:${planId}:a2`, status: 'open', overdue_on: '2027-04-02' }),
      expect.objectContaining({ item_id: `milestone:${planId}:a3`, status: 'open', due_on: '2027-05-01' }),
    ]);
    const closed = rowsAfter([
      e.opened(),
      e.planOpened(1, '2027-02-01'),
      e.actionsAgreed(1, [{ actionId: 'a1', dueDate: '2027-03-01' }], '2027-02-02'),
      e.planClosed(1, 'failed', '2027-03-10'),
    ]);
    expect(closed).toEqual([expect.objectContaining({ status: 'closed' })]);
  });

  it('given open items, when the contract is terminated, then nothing more is due from it', () => {
    const e = processEvents(contractId);
    const rows = rowsAfter([e.opened(), e.returnReminder('2027-q1', '2027-04-30'), e.terminated('2027-04-01')]);
    expect(rows).toEqual([expect.objectContaining({ item_id: 'return:2027-q1', status: 'closed' })]);
  });

  it('rejects a missed milestone for an action it has not seen agreed', () => {
    const e = processEvents(contractId);
    expect(() => foldProcess(dueItemsProjection, contractId, [e.opened(), e.planOpened(1, '2027-02-01'), e.milestoneMissed(1, 'a9', '2027-04-01', '2027-04-02')])).toThrow(
      /MilestoneMissed for milestone:.*:a9, which due items has not seen agreed/,
    );
  });

  it.each([
    ['next-7-days', { from: '2027-04-28', to: '2027-05-06' }],
    ['next-30-days', { from: '2027-04-28', to: '2027-05-29' }],
    ['overdue', { from: null, to: '2027-04-28' }],
    [undefined, { from: null, to: null }],
  ] as const)('the %s window covers due days [from, to) from the given today', (window, range) => {
    expect(windowRange(window, '2027-04-28')).toEqual(range);
  });
});

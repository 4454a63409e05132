import { defaultMonitoringPolicy, type StoredEvent } from '@cls/domain';
import { foldProcess } from '../projections/process-projection';
import { processEvents } from '../testing/process-events';
import { dueItemsProjectionFor, type DueItemRow } from './due-items.projection';
import { windowRange } from './due-items.repository';

const contractId = '6f1c4c33-1d0c-4f57-a9a4-3d3b0f6a2b10';
const dueItemsProjection = dueItemsProjectionFor(defaultMonitoringPolicy);
const rowsAfter = (events: readonly StoredEvent[]) => dueItemsProjection.rowsOf(foldProcess(dueItemsProjection, contractId, events)!);
const item = (rows: readonly DueItemRow[], itemId: string) => rows.find((row) => row.item_id === itemId);

const q1 = '2027-01-04/2027-04-03';
const q2 = '2027-04-04/2027-07-03';

describe('due items projection', () => {
  it('given a contract not yet active, then nothing is due from it', () => {
    const e = processEvents(contractId);
    expect(rowsAfter(e.active().slice(0, -1))).toEqual([]);
  });

  it("given a contract goes live, then its whole schedule is due: each quarter's return and each review, by the monitoring policy", () => {
    const e = processEvents(contractId);
    const rows = rowsAfter(e.active());
    expect(rows.filter((row) => row.kind === 'return')).toHaveLength(12);
    expect(rows.filter((row) => row.kind === 'review').map((row) => [row.item_id, row.due_on])).toEqual([
      ['review:biannual-2027-07-04', '2027-07-04'],
      ['review:annual-2028-01-04', '2028-01-04'],
      ['review:biannual-2028-07-04', '2028-07-04'],
      ['review:annual-2029-01-04', '2029-01-04'],
      ['review:biannual-2029-07-04', '2029-07-04'],
    ]);
    expect(item(rows, `return:${q1}`)).toEqual({
      contract_id: contractId,
      item_id: `return:${q1}`,
      organisation: 'gloucestershire-cc',
      provider_organisation: 'acme-care',
      kind: 'return',
      description: `Return for period ${q1}`,
      due_on: '2027-05-01',
      status: 'open',
      overdue_on: null,
      done_on: null,
    });
  });

  it('given a due return, when it is submitted, then it is done; when the next is recorded overdue, it stays open with the day', () => {
    const e = processEvents(contractId);
    const rows = rowsAfter([
      ...e.active(),
      e.returnReminder(q1, '2027-05-01'),
      e.returnSubmitted(q1, '2027-05-01', '2027-04-28'),
      e.returnOverdue(q2, '2027-07-31', '2027-08-01'),
    ]);
    expect(item(rows, `return:${q1}`)).toMatchObject({ status: 'done', done_on: '2027-04-28' });
    expect(item(rows, `return:${q2}`)).toMatchObject({ status: 'open', due_on: '2027-07-31', overdue_on: '2027-08-01' });
  });

  it('given monthly returns from a red rating on, then the quarters not yet named by any event give way to months, and the named ones stay', () => {
    const e = processEvents(contractId);
    const rows = rowsAfter([
      ...e.active(),
      e.returnReminder(q1, '2027-05-01'),
      e.contract('ReturnsScheduleChanged', { from: '2027-04-04', frequency: 'monthly', previousFrequency: 'quarterly', changeId: 'rating-1' }),
    ]);
    expect(item(rows, `return:${q1}`)).toMatchObject({ status: 'open', due_on: '2027-05-01' });
    expect(item(rows, `return:${q2}`)).toBeUndefined();
    expect(item(rows, 'return:2027-04-04/2027-05-03')).toMatchObject({ status: 'open', kind: 'return' });
  });

  it("given a plan's agreed actions, then each is a milestone due; completed, missed and closed with the plan as the plan's stream says", () => {
    const e = processEvents(contractId);
    const planId = e.planId(1);
    const active = e.active();
    const rows = rowsAfter([
      ...active,
      e.planOpened(1, '2027-02-01'),
      e.actionsAgreed(1, [{ actionId: 'a1', dueDate: '2027-03-01' }, { actionId: 'a2', dueDate: '2027-04-01' }, { actionId: 'a3', dueDate: '2027-05-01' }], '2027-02-02'),
      e.actionCompleted(1, 'a1', '2027-03-01', '2027-02-27'),
      e.milestoneMissed(1, 'a2', '2027-04-01', '2027-04-02'),
    ]);
    expect(rows.filter((row) => row.kind === 'plan-milestone')).toEqual([
      expect.objectContaining({ item_id: `milestone:${planId}:a1`, status: 'done', done_on: '2027-02-27' }),
      expect.objectContaining({ item_id: `milestone:${planId}:a2`, status: 'open', overdue_on: '2027-04-02' }),
      expect.objectContaining({ item_id: `milestone:${planId}:a3`, status: 'open', due_on: '2027-05-01' }),
    ]);
    const other = processEvents(contractId);
    const closed = rowsAfter([
      ...other.active(),
      other.planOpened(1, '2027-02-01'),
      other.actionsAgreed(1, [{ actionId: 'a1', dueDate: '2027-03-01' }], '2027-02-02'),
      other.planClosed(1, 'failed', '2027-03-10'),
    ]);
    expect(item(closed, `milestone:${planId}:a1`)).toMatchObject({ status: 'closed' });
  });

  it('given open items, when the contract is terminated, then nothing more is due from it', () => {
    const e = processEvents(contractId);
    const rows = rowsAfter([...e.active(), e.returnReminder(q1, '2027-05-01'), e.terminated('2027-04-01')]);
    // What no event named leaves with the schedule; what was named is closed, for the record.
    expect(rows).toEqual([expect.objectContaining({ item_id: `return:${q1}`, status: 'closed' })]);
  });

  it('rejects a missed milestone for an action it has not seen agreed', () => {
    const e = processEvents(contractId);
    expect(() => foldProcess(dueItemsProjection, contractId, [...e.active(), e.planOpened(1, '2027-02-01'), e.milestoneMissed(1, 'a9', '2027-04-01', '2027-04-02')])).toThrow(
      /MilestoneMissed for milestone:.*:a9, which due items has not seen agreed/,
    );
  });

  it('rejects an event the domain cannot fold into the contract', () => {
    const e = processEvents(contractId);
    expect(() => foldProcess(dueItemsProjection, contractId, [e.opened(), e.awarded()])).toThrow(/ContractAwarded cannot be folded into the contract/);
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

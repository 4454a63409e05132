import { foldProcess } from '../projections/process-projection';
import { processEvents } from '../testing/process-events';
import { planTrackerProjection } from './plan-tracker.projection';

const contractId = '6f1c4c33-1d0c-4f57-a9a4-3d3b0f6a2b10';
const rowsAfter = (events: Parameters<typeof foldProcess>[2]) => planTrackerProjection.rowsOf(foldProcess(planTrackerProjection, contractId, events)!);

describe('plan tracker projection', () => {
  it('given an opened plan, when actions are agreed, one completed, one missed and the plan escalated, then it shows each with its owner and the escalation', () => {
    const e = processEvents(contractId);
    const [row] = rowsAfter([
      e.opened(),
      e.awarded(),
      e.planOpened(1, '2027-02-01'),
      e.actionsAgreed(1, [{ actionId: 'a1', dueDate: '2027-03-01' }, { actionId: 'a2', dueDate: '2027-04-01' }], '2027-02-02'),
      e.actionCompleted(1, 'a1', '2027-03-01', '2027-03-03'),
      e.milestoneMissed(1, 'a2', '2027-04-01', '2027-04-02'),
      e.planEscalated(1, ['a2'], '2027-04-09'),
    ]);
    expect(row).toEqual({
      plan_id: `${contractId}.1`,
      contract_id: contractId,
      organisation: 'gloucestershire-cc',
      provider_organisation: 'acme-care',
      status: 'open',
      outcome: null,
      approach: 'developmental',
      trigger: { kind: 'contract-manager' },
      problem: 'Missed visits',
      opened_on: '2027-02-01',
      closed_on: null,
      actions: [
        {
          actionId: 'a1',
          description: 'Action a1',
          owner: { party: 'provider', name: 'Registered manager' },
          dueDate: '2027-03-01',
          status: 'completed',
          percentComplete: 100,
          completedOn: '2027-03-03',
          late: true,
          missedOn: null,
        },
        expect.objectContaining({ actionId: 'a2', status: 'open', missedOn: '2027-04-02' }),
      ],
      missed_milestones: 1,
      escalations: [{ step: 2, level: 'head-of-service', title: 'Head of service', reachedOn: '2027-04-09', nextStepOn: '2027-06-01', missedActions: ['a2'] }],
      last_reviewed_on: null,
    });
  });

  it('given two plans, when the first is closed, then each keeps its own status and outcome', () => {
    const e = processEvents(contractId);
    const rows = rowsAfter([e.opened(), e.planOpened(1, '2027-02-01'), e.planClosed(1, 'failed', '2027-05-01'), e.planOpened(2, '2027-06-01')]);
    expect(rows.map(({ plan_id, status, outcome, closed_on }) => ({ plan_id, status, outcome, closed_on }))).toEqual([
      { plan_id: `${contractId}.1`, status: 'closed', outcome: 'failed', closed_on: '2027-05-01' },
      { plan_id: `${contractId}.2`, status: 'open', outcome: null, closed_on: null },
    ]);
  });

  it('rejects an event on a plan stream it has not seen opened, and an opening naming another plan', () => {
    const e = processEvents(contractId);
    expect(() => foldProcess(planTrackerProjection, contractId, [e.opened(), e.planClosed(3, 'failed', '2027-05-01')])).toThrow(/has not seen opened/);
    const wrong = e.planOpened(4, '2027-02-01');
    expect(() => foldProcess(planTrackerProjection, contractId, [e.opened(), { ...wrong, streamId: `plan-${contractId}.5` }])).toThrow(
      /PlanOpened names plan .*\.4 on the stream/,
    );
  });
});

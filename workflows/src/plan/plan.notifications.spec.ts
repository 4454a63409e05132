import { planDecider, PlanCommand, systemActor, type Actor, type PlanCommandInput, type PlanEvent } from '@cls/domain';
import { randomUUID } from 'node:crypto';
import { Notification } from '../notifications/notification.port';
import { planNotification } from './plan.notifications';

const council = 'gloucestershire-cc';
const manager: Actor = { id: 'ccm-1', role: 'contract-manager', organisation: council };
const system = systemActor(council);
const contractId = '6f1c4c33-1d0c-4f57-a9a4-3d3b0f6a2b10';
const owner = { party: 'provider' as const, name: 'Registered manager' };
const steps: [PlanCommandInput, Actor, string][] = [
  [
    {
      type: 'OpenPlan',
      data: {
        contractId,
        sequence: 1,
        contract: { organisation: council, providerOrganisation: 'acme-care', remediesAllowed: [] },
        trigger: { kind: 'red-rating', ratingChangeId: 'rating-4' },
        approach: 'developmental',
        problem: 'Nights delivered inadequate two quarters running',
      },
    },
    system,
    '2027-07-20',
  ],
  [{ type: 'AgreeActions', data: { actions: [{ actionId: 'recruit', description: 'Recruit carers', owner, dueDate: '2027-08-31' }] } }, manager, '2027-07-25'],
  [{ type: 'MissMilestone', data: { actionId: 'recruit' } }, system, '2027-09-01'],
  [{ type: 'EscalatePlan', data: {} }, system, '2027-09-01'],
  [{ type: 'EscalatePlan', data: {} }, system, '2027-09-15'],
  [{ type: 'EscalatePlan', data: {} }, system, '2027-09-29'],
  [{ type: 'RecordActionProgress', data: { actionId: 'recruit', status: 'not-completed', note: 'None recruited' } }, manager, '2027-10-01'],
  [{ type: 'ReviewPlan', data: { outcomeNotes: 'Failed' } }, manager, '2027-10-01'],
  [{ type: 'ClosePlan', data: { outcome: 'failed', note: 'Agreed at review' } }, manager, '2027-10-01'],
];

const notified = () => {
  let state = planDecider.initialState();
  return steps.flatMap(([input, actor, on]) => {
    const now = `${on}T10:00:00.000Z`;
    const events: PlanEvent[] = planDecider.decide(PlanCommand.parse(input), state, { commandId: 'c', correlationId: 'k', actor, now });
    return events.flatMap((event) => {
      state = planDecider.evolve(state, event);
      if (state.status === 'none') return [];
      const notification = planNotification(state, event, randomUUID(), now);
      return notification ? [{ event, notification }] : [];
    });
  });
};

describe('plan notifications', () => {
  it('given a plan that slips to the board and fails, then each notification is one the delivery port accepts, naming the plan', () => {
    const all = notified();
    expect(all.map(({ event }) => event.type)).toEqual(['PlanOpened', 'MilestoneMissed', 'PlanEscalated', 'PlanEscalated', 'PlanEscalated', 'PlanClosed']);
    for (const { notification } of all) {
      expect(Notification.parse(notification)).toEqual(notification);
      expect(notification).toMatchObject({ contractId, processId: `${contractId}.1` });
    }
  });

  it('given the escalation reaches the governance board, then the board is told as well as the contract manager', () => {
    const escalations = notified().filter(({ event }) => event.type === 'PlanEscalated');
    expect(escalations.map(({ notification }) => notification.recipients.map((recipient) => recipient.role))).toEqual([
      ['contract-manager'],
      ['contract-manager'],
      ['contract-manager', 'governance'],
    ]);
  });
});

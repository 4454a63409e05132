import { contractDecider, type ContractEvent } from '@cls/domain';
import { contractFixtures as fx } from '@cls/domain/testing';
import { randomUUID } from 'node:crypto';
import { Notification } from '../notifications/notification.port';
import { contractNotification } from './contract.notifications';

/** Every event of the management story with the notification it causes, against the state it left. */
const notified = () => {
  const recorded = fx.driveWithDeadlines(fx.managementStory(), { until: fx.storyEnd });
  let state = contractDecider.initialState();
  return recorded.flatMap(({ event, at }) => {
    state = contractDecider.evolve(state, event);
    if (state.status !== 'open') return [];
    const id = randomUUID();
    const notification = contractNotification(state, event, id, at);
    return notification ? [{ event, id, notification }] : [];
  });
};

const ofType = (type: ContractEvent['type']) => notified().filter(({ event }) => event.type === type);

describe('contract notifications of the management events', () => {
  it('given the management story, then each notification is one the delivery port accepts, keyed by its causing event', () => {
    const all = notified();
    for (const { id, notification } of all) {
      expect(Notification.parse(notification)).toEqual(notification);
      expect(notification.id).toBe(id);
    }
    expect(new Set(all.map(({ event }) => event.type))).toEqual(
      new Set([
        'ContractAwarded',
        'FinanceNotified',
        'ContractActivated',
        'ReminderIssued',
        'ReturnOverdue',
        'RiskRatingChanged',
        'EscalationRaised',
        'PlanRequired',
        'CorrectivePlanOpened',
        'CorrectivePlanEnded',
        'TerminationNoticeGiven',
        'ContractTerminated',
      ]),
    );
  });

  it('given a return overdue, then the provider and the contract manager hear of it', () => {
    expect(ofType('ReturnOverdue')[0]?.notification.recipients).toEqual([
      { role: 'provider', organisation: fx.supplier.organisation },
      { role: 'contract-manager', organisation: fx.organisation },
    ]);
  });

  it('given an escalation to the contract manager, then the board is not told; a change of rating lists its reasons', () => {
    expect(ofType('EscalationRaised')[0]?.notification).toMatchObject({ recipients: [{ role: 'contract-manager', organisation: fx.organisation }] });
    const [amber] = ofType('RiskRatingChanged');
    expect(amber?.notification).toMatchObject({ facts: { from: 'green', to: 'amber', reasons: [expect.stringContaining('overdue')] } });
  });

  it('given notice and termination, then the provider, commissioner and finance hear of it', () => {
    for (const type of ['TerminationNoticeGiven', 'ContractTerminated'] as const) {
      const recipients = ofType(type)[0]?.notification.recipients ?? [];
      expect(recipients).toEqual(
        expect.arrayContaining([
          { role: 'provider', organisation: fx.supplier.organisation },
          { role: 'commissioner', organisation: fx.organisation },
          { role: 'finance', organisation: fx.organisation },
        ]),
      );
    }
  });

  it('given the expiry reminder, then the commissioner who decides on recommissioning is told', () => {
    const active = fx.activeContract();
    const state = active.reduce(contractDecider.evolve, contractDecider.initialState());
    if (state.status !== 'open') throw new Error('not open');
    const reminder: ContractEvent = { type: 'ReminderIssued', data: { subject: 'expiry', endDate: fx.endDate } };
    expect(contractNotification(state, reminder, randomUUID(), fx.now)?.recipients).toEqual([
      { role: 'commissioner', organisation: fx.organisation },
      { role: 'contract-manager', organisation: fx.organisation },
    ]);
  });
});

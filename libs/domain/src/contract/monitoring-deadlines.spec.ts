import { defaultProcurementPolicy } from '../policy/procurement-policy.schema';
import { ContractCommand } from './contract.commands';
import { contractDeadlines } from './contract.deadlines';
import { parseContractEvent, type ContractEvent } from './contract.events';
import {
  activeContract,
  at,
  contractManager,
  directAwardThrough,
  driveWithDeadlines,
  eventsOf,
  given,
  lead,
  managementStory,
  provider,
  quarter,
  refusal,
  storyEnd,
  system,
  whenAt,
  type Recorded,
} from './__fixtures__/contract.fixtures';

const active = activeContract();
const deadlines = (events: readonly ContractEvent[]) => contractDeadlines(given(events), at('2027-01-04'), defaultProcurementPolicy);

describe('deadlines of an active contract', () => {
  it('given a contract just active, then the first deadlines are Q1’s reminder, overdue day, the biannual review’s reminder and escalation, in time order', () => {
    // 09:00 London time: 08:00 UTC while British Summer Time runs (28 March to 31 October 2027).
    expect(deadlines(active).slice(0, 6)).toEqual([
      { at: '2027-04-24T08:00:00.000Z', command: { type: 'IssueReminder', data: { subject: 'return', periodId: quarter.q1, dueOn: '2027-05-01' } } },
      { at: '2027-05-02T08:00:00.000Z', command: { type: 'RecordReturnOverdue', data: { periodId: quarter.q1 } } },
      { at: '2027-06-20T08:00:00.000Z', command: { type: 'IssueReminder', data: { subject: 'review', reviewId: 'biannual-2027-07-04', dueOn: '2027-07-04' } } },
      { at: '2027-07-11T08:00:00.000Z', command: { type: 'RaiseEscalation', data: { subject: { kind: 'review', reviewId: 'biannual-2027-07-04' } } } },
      { at: '2027-07-24T08:00:00.000Z', command: { type: 'IssueReminder', data: { subject: 'return', periodId: quarter.q2, dueOn: '2027-07-31' } } },
      { at: '2027-08-01T08:00:00.000Z', command: { type: 'RecordReturnOverdue', data: { periodId: quarter.q2 } } },
    ]);
  });

  it('given a contract just active, then its end brings the expiry reminder six months before it and the expiry the day after it', () => {
    const ending = deadlines(active).filter((deadline) => deadline.command.type === 'ExpireContract' || (deadline.command.type === 'IssueReminder' && deadline.command.data.subject === 'expiry'));
    expect(ending).toEqual([
      { at: '2029-07-03T08:00:00.000Z', command: { type: 'IssueReminder', data: { subject: 'expiry', endDate: '2030-01-03' } } },
      { at: '2030-01-04T00:00:00.000Z', command: { type: 'ExpireContract', data: {} } },
    ]);
  });

  it('given a return overdue, then its escalation follows from 14 days past the due date, step after step', () => {
    const overdue = [...active, ...whenAt(at('2027-05-02'), active, { type: 'RecordReturnOverdue', data: { periodId: quarter.q1 } }, system)];
    expect(deadlines(overdue)).toContainEqual({
      at: '2027-05-15T08:00:00.000Z',
      command: { type: 'RaiseEscalation', data: { subject: { kind: 'return', periodId: quarter.q1 } } },
    });
  });

  it('given notice of termination, then the schedules stop at the last day and the effective date replaces the expiry', () => {
    const steps: [string, ContractCommand][] = [
      ['2027-11-12', { type: 'RequestTermination', data: { ground: 'material-breach', reason: 'Failing' } }],
      ['2027-11-15', { type: 'RecordSupplyImpactReview', data: { alternativeCapacity: true, findings: 'Capacity elsewhere' } }],
      ['2027-11-16', { type: 'GiveTerminationNotice', data: { ground: 'material-breach', reference: 'TN1', then: 'recommission' } }],
    ];
    const noticed = steps.reduce<ContractEvent[]>((events, [date, command]) => [...events, ...whenAt(at(date), events, command, command.type === 'RequestTermination' ? lead : contractManager)], active);
    const list = deadlines(noticed);
    expect(list).toContainEqual({ at: '2027-12-16T00:00:00.000Z', command: { type: 'TerminateContract', data: {} } });
    expect(list.filter((deadline) => deadline.command.type === 'RecordReturnOverdue').at(-1)?.command.data).toEqual({ periodId: '2027-10-04/2027-12-15' });
    expect(list.some((deadline) => deadline.command.type === 'ExpireContract')).toBe(false);
    expect(list.some((deadline) => deadline.command.type === 'IssueReminder' && deadline.command.data.subject === 'review' && deadline.command.data.reviewId === 'annual-2028-01-04')).toBe(
      false,
    );
  });

  it('given a contract not yet active, then none of these deadlines', () => {
    expect(deadlines(directAwardThrough('StartMobilisation'))).toEqual([]);
  });

  it('given a contract ended, then only its last returns are still chased, and the provider may still submit them', () => {
    const story = eventsOf(driveWithDeadlines(managementStory(), { until: storyEnd }));
    expect(deadlines(story).map((deadline) => [deadline.at.slice(0, 10), deadline.command.type])).toEqual([
      ['2027-12-24', 'IssueReminder'],
      ['2028-01-01', 'RecordReturnOverdue'],
      ['2028-01-05', 'IssueReminder'],
      ['2028-01-13', 'RecordReturnOverdue'],
    ]);
    const last = whenAt(at('2028-01-10'), story, { type: 'SubmitReturn', data: { periodId: '2027-12-04/2027-12-15', observations: [], evidence: [] } }, provider);
    expect(last.map((event) => event.type)).toEqual(['ReturnSubmitted']);
    const review: ContractCommand = { type: 'IssueReminder', data: { subject: 'review', reviewId: 'annual-2028-01-04', dueOn: '2028-01-04' } };
    expect(refusal(() => whenAt(at('2027-12-21'), story, review, system)).code).toBe('contract.ended');
  });
});

describe('the management story, as the workflow would run it', () => {
  const recorded = driveWithDeadlines(managementStory(), { until: storyEnd });
  const afterActivation = recorded.slice(recorded.findIndex((entry) => entry.event.type === 'ContractActivated') + 1);
  const line = (entry: Recorded) => `${entry.at.slice(0, 10)} ${entry.deadline ? `[${entry.deadline}] ` : ''}${entry.event.type}`;

  it('records every fact in order, each deadline accepted when it came', () => {
    expect(afterActivation.map(line)).toEqual([
      '2027-04-24 [IssueReminder] ReminderIssued',
      '2027-05-02 [RecordReturnOverdue] ReturnOverdue',
      '2027-05-02 [RecordReturnOverdue] RiskRatingChanged',
      '2027-05-02 [RecordReturnOverdue] ReturnsScheduleChanged',
      '2027-05-15 [RaiseEscalation] EscalationRaised',
      '2027-05-20 ReturnSubmitted',
      '2027-05-20 KpiAssessed',
      '2027-05-20 KpiAssessed',
      '2027-05-20 RiskRatingChanged',
      '2027-05-20 ReturnsScheduleChanged',
      '2027-06-20 [IssueReminder] ReminderIssued',
      '2027-07-05 ReviewHeld',
      '2027-07-20 ReturnSubmitted',
      '2027-07-20 KpiAssessed',
      '2027-07-20 KpiAssessed',
      '2027-07-20 RiskRatingChanged',
      '2027-07-20 ReturnsScheduleChanged',
      '2027-07-20 PlanRequired',
      '2027-07-20 [OpenCorrectivePlan] CorrectivePlanOpened',
      '2027-10-24 [IssueReminder] ReminderIssued',
      '2027-10-25 ReturnSubmitted',
      '2027-10-25 KpiAssessed',
      '2027-10-25 KpiAssessed',
      '2027-10-25 RiskRatingChanged',
      '2027-11-10 CorrectivePlanEnded',
      '2027-11-12 TerminationRequested',
      '2027-11-15 SupplyImpactReviewed',
      '2027-11-16 TerminationNoticeGiven',
      '2027-11-24 [IssueReminder] ReminderIssued',
      '2027-11-28 ReturnSubmitted',
      '2027-11-28 KpiAssessed',
      '2027-12-16 [TerminateContract] ContractTerminated',
      '2027-12-16 [TerminateContract] RecommissionRequested',
    ]);
  });

  it('rates the contract amber on the late return, green once it is in, amber on an inadequate KPI, red on the second', () => {
    const changes = afterActivation.flatMap((entry) => (entry.event.type === 'RiskRatingChanged' ? [`${entry.event.data.from}→${entry.event.data.to}`] : []));
    expect(changes).toEqual(['green→amber', 'amber→green', 'green→amber', 'amber→red']);
  });

  it('escalates the late return to the contract manager only, since it came in before the next step', () => {
    expect(afterActivation.find((entry) => entry.event.type === 'EscalationRaised')?.event.data).toMatchObject({ step: 1, level: 'contract-manager', nextStepOn: '2027-05-29' });
  });

  it('stores every event in a shape its schema reads back, and every step is a command the API would accept', () => {
    for (const { event } of recorded) {
      const { reason: _reason, ...stored } = event;
      expect(parseContractEvent(event.type, JSON.parse(JSON.stringify(event.data)))).toEqual(stored);
    }
    for (const step of managementStory()) expect(ContractCommand.safeParse(step.command).error).toBeUndefined();
  });
});

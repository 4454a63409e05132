import { parseMonitoringPolicy } from '../policy/monitoring-policy.schema';
import type { Actor } from '../shared/envelope.schema';
import { ContractCommand } from './contract.commands';
import type { ContractEvent, ReviewAttendee } from './contract.events';
import {
  activeContract,
  at,
  commissioner,
  contractManager,
  directAwardThrough,
  given,
  issueContract,
  kpi,
  lead,
  observe,
  otherProvider,
  provider,
  quarter,
  refusal,
  submitReturn,
  system,
  whenAt,
} from './__fixtures__/contract.fixtures';

const active = activeContract();
const on = (date: string, events: readonly ContractEvent[], command: ContractCommand, actor: Actor) => whenAt(at(date), events, command, actor);
const then = (events: readonly ContractEvent[], more: readonly ContractEvent[]) => [...events, ...more];
const management = (events: readonly ContractEvent[]) => {
  const state = given(events);
  if (state.status !== 'open' || !state.management) throw new Error('not managed');
  return state.management;
};

const q1Good = submitReturn(quarter.q1, [observe(kpi.nights, 320, ['rota-q1.pdf']), observe(kpi.referrals, 96)], ['Q1 return.xlsx']);

describe('monitoring: submitting a return', () => {
  it('given an active contract, when the provider submits Q1 after it ends, then ReturnSubmitted and a KpiAssessed per rated KPI, open to comment for 14 days', () => {
    const events = on('2027-04-20', active, q1Good, provider);
    expect(events).toEqual([
      {
        type: 'ReturnSubmitted',
        data: {
          periodId: quarter.q1,
          periodStart: '2027-01-04',
          periodEnd: '2027-04-03',
          dueDate: '2027-05-01',
          submittedOn: '2027-04-20',
          late: false,
          observations: [observe(kpi.nights, 320, ['rota-q1.pdf']), observe(kpi.referrals, 96)],
          evidence: ['Q1 return.xlsx'],
          unrated: [],
        },
      },
      {
        type: 'KpiAssessed',
        data: {
          assessmentId: 'assessment-1',
          periodId: quarter.q1,
          periodEnd: '2027-04-03',
          kpi: kpi.nights,
          value: 320,
          rating: 'good',
          bands: { direction: 'higher-is-better', good: 300, approachingTarget: 270, requiresImprovement: 240 },
          assessedOn: '2027-04-20',
          commentClosesOn: '2027-05-04',
          standsOn: '2027-05-05',
        },
      },
      expect.objectContaining({ type: 'KpiAssessed', data: expect.objectContaining({ assessmentId: 'assessment-2', kpi: kpi.referrals, rating: 'good' }) }),
    ]);
  });

  it.each([
    [300, 'good'],
    [299, 'approaching-target'],
    [270, 'approaching-target'],
    [240, 'requires-improvement'],
    [239, 'inadequate'],
  ])('given the contract’s bands for nights, when %d are reported, then it is rated %s', (value, rating) => {
    const events = on('2027-04-20', active, submitReturn(quarter.q1, [observe(kpi.nights, value)]), provider);
    expect(events.find((event) => event.type === 'KpiAssessed')?.data).toMatchObject({ rating });
  });

  it('given a KPI with only RAG thresholds, then it is rated from them: green good, amber requires improvement, approaching target halfway', () => {
    const events = on('2027-04-20', active, submitReturn(quarter.q1, [observe(kpi.strain, 50)]), provider);
    expect(events.find((event) => event.type === 'KpiAssessed')?.data).toMatchObject({
      kpi: kpi.strain,
      rating: 'approaching-target',
      bands: { direction: 'lower-is-better', good: 45, approachingTarget: 50, requiresImprovement: 55 },
    });
  });

  it('given a policy placing approaching target a quarter of the way, then the RAG bands follow it', () => {
    const monitoring = parseMonitoringPolicy({ kpiBands: { approachingTargetFromRag: 0.25 } });
    const events = whenAt(at('2027-04-20'), active, submitReturn(quarter.q1, [observe(kpi.strain, 48)]), provider, monitoring);
    expect(events.find((event) => event.type === 'KpiAssessed')?.data).toMatchObject({ rating: 'requires-improvement', bands: { approachingTarget: 47.5 } });
  });

  it('given a contract specified before KPIs needed RAG thresholds and issued without bands, then a KPI with neither is recorded but not rated', () => {
    // The specification as a stream recorded before the rule holds it: the nights KPI without RAG thresholds.
    const withoutBands = activeContract(issueContract()).map((event): ContractEvent => {
      if (event.type !== 'SpecificationAgreed') return event;
      const kpis = event.data.kpis.map(({ rag, ...rest }) => (rest.name === kpi.nights ? rest : { ...rest, ...(rag ? { rag } : {}) }));
      return { ...event, data: { ...event.data, kpis } };
    });
    const events = on('2027-04-20', withoutBands, submitReturn(quarter.q1, [observe(kpi.nights, 10), observe(kpi.referrals, 96)]), provider);
    expect(events[0]?.data).toMatchObject({ unrated: [kpi.nights] });
    expect(events.filter((event) => event.type === 'KpiAssessed').map((event) => event.data)).toEqual([
      expect.objectContaining({ kpi: kpi.referrals, bands: expect.objectContaining({ good: 95, requiresImprovement: 85 }) }),
    ]);
  });

  it('given the return is submitted after its due date, then it is late, and the overdue it was no longer counts', () => {
    const overdue = then(active, on('2027-05-02', active, { type: 'RecordReturnOverdue', data: { periodId: quarter.q1 } }, system));
    expect(management(overdue).risk.rating).toBe('amber');
    const events = on('2027-05-20', overdue, q1Good, provider);
    expect(events[0]?.data).toMatchObject({ late: true, submittedOn: '2027-05-20' });
    expect(events).toContainEqual(expect.objectContaining({ type: 'RiskRatingChanged', data: expect.objectContaining({ from: 'amber', to: 'green', reasons: [] }) }));
  });

  it('given a period not yet ended, when its return is submitted, then the period is not due (conflict), nothing recorded', () => {
    expect(refusal(() => on('2027-04-03', active, q1Good, provider)).toJSON()).toMatchObject({
      kind: 'conflict',
      code: 'monitoring.period-not-due',
      field: 'data.periodId',
    });
  });

  it('given a period the schedule does not have, when a return is submitted for it, then the period is not due (invalid)', () => {
    expect(refusal(() => on('2027-04-20', active, submitReturn('2027-01-01/2027-03-31', []), provider)).toJSON()).toMatchObject({
      kind: 'invalid',
      code: 'monitoring.period-not-due',
      field: 'data.periodId',
    });
  });

  it('given an observation of a KPI the contract does not have, then the KPI is unknown, naming the observation', () => {
    const command = submitReturn(quarter.q1, [observe(kpi.nights, 300), observe('Smiles per hour', 9)]);
    expect(refusal(() => on('2027-04-20', active, command, provider)).toJSON()).toMatchObject({
      kind: 'invalid',
      code: 'monitoring.unknown-kpi',
      field: 'data.observations.1.kpi',
    });
  });

  it('given a KPI reported twice, then it is refused', () => {
    const command = submitReturn(quarter.q1, [observe(kpi.nights, 300), observe(kpi.nights, 301)]);
    expect(refusal(() => on('2027-04-20', active, command, provider)).toJSON()).toMatchObject({ code: 'monitoring.duplicate-observation', field: 'data.observations.1.kpi' });
  });

  it('given the return was submitted, when it is submitted again, then it is refused', () => {
    const submitted = then(active, on('2027-04-20', active, q1Good, provider));
    expect(refusal(() => on('2027-04-21', submitted, q1Good, provider)).toJSON()).toMatchObject({ kind: 'conflict', code: 'monitoring.return-already-submitted' });
  });

  it('given a contract not yet active, when a return is submitted, then the contract is not active', () => {
    expect(refusal(() => on('2027-04-20', directAwardThrough('StartMobilisation'), q1Good, provider)).toJSON()).toMatchObject({
      kind: 'conflict',
      code: 'contract.not-active',
    });
  });

  it.each([contractManager, commissioner, system])('given an active contract, when a $role submits a return, then the role is refused', (actor) => {
    expect(refusal(() => on('2027-04-20', active, q1Good, actor)).code).toBe('access.role-not-permitted');
  });

  it('given another provider, when it submits the return, then the contract is not found', () => {
    expect(refusal(() => on('2027-04-20', active, q1Good, otherProvider)).code).toBe('contract.not-found');
  });
});

describe('monitoring: commenting on an assessment', () => {
  const assessed = then(active, on('2027-04-20', active, q1Good, provider));
  const comment = (assessmentId = 'assessment-1'): ContractCommand => ({
    type: 'CommentOnAssessment',
    data: { assessmentId, comment: 'The March figure omits 24 nights delivered at the Coleford unit' },
  });

  it('given an assessment, when the provider comments on its last day, then AssessmentCommented is recorded', () => {
    expect(on('2027-05-04', assessed, comment(), provider)).toEqual([
      {
        type: 'AssessmentCommented',
        data: { assessmentId: 'assessment-1', kpi: kpi.nights, comment: expect.stringMatching(/Coleford/), commentedOn: '2027-05-04' },
      },
    ]);
  });

  it('given the window closed, when the provider comments, then the assessment stands', () => {
    expect(refusal(() => on('2027-05-05', assessed, comment(), provider)).toJSON()).toMatchObject({
      kind: 'conflict',
      code: 'monitoring.comment-window-closed',
      field: 'data.assessmentId',
    });
  });

  it('refuses an unknown assessment, a second comment, and anyone but the provider', () => {
    expect(refusal(() => on('2027-04-21', assessed, comment('assessment-9'), provider)).toJSON()).toMatchObject({ kind: 'invalid', code: 'monitoring.unknown-assessment' });
    const commented = then(assessed, on('2027-04-21', assessed, comment(), provider));
    expect(refusal(() => on('2027-04-22', commented, comment(), provider)).code).toBe('monitoring.assessment-already-commented');
    expect(refusal(() => on('2027-04-21', assessed, comment(), contractManager)).code).toBe('access.role-not-permitted');
  });
});

describe('monitoring: operational reports', () => {
  const report = (from: string, to: string): ContractCommand =>
    ContractCommand.parse({ type: 'RecordMonitoringReport', data: { kind: 'operational', from, to, summary: 'Three placements reviewed; plans up to date' } });

  it('given an active contract, when a lead professional records a report, then it is numbered and recorded', () => {
    expect(on('2027-03-01', active, report('2027-01-04', '2027-02-28'), lead)).toEqual([
      {
        type: 'MonitoringReportRecorded',
        data: {
          reportId: 'report-1',
          kind: 'operational',
          from: '2027-01-04',
          to: '2027-02-28',
          summary: 'Three placements reviewed; plans up to date',
          findings: [],
          evidence: [],
          additionalMonitoringRecommended: false,
          recordedOn: '2027-03-01',
        },
      },
    ]);
  });

  it('given another organisation’s lead professional, when they record a report, then the contract is not found', () => {
    expect(refusal(() => on('2027-03-01', active, report('2027-01-04', '2027-02-28'), { ...lead, organisation: 'wiltshire-council' })).code).toBe('contract.not-found');
  });

  it('refuses a report ending before it starts, one about the future, and one by the provider', () => {
    expect(refusal(() => on('2027-03-01', active, report('2027-02-28', '2027-01-04'), lead)).toJSON()).toMatchObject({ code: 'monitoring.report-period-invalid', field: 'data.to' });
    expect(refusal(() => on('2027-03-01', active, report('2027-01-04', '2027-03-31'), lead)).toJSON()).toMatchObject({ code: 'monitoring.report-period-in-future' });
    expect(refusal(() => on('2027-03-01', active, report('2027-01-04', '2027-02-28'), provider)).code).toBe('access.role-not-permitted');
  });
});

describe('monitoring: review meetings', () => {
  const attendees: ReviewAttendee[] = [
    { name: 'Jo Reed', role: 'lead-professional' },
    { name: 'Sam Patel', role: 'provider' },
  ];
  const hold = (reviewId: string, who = attendees): ContractCommand =>
    ContractCommand.parse({ type: 'HoldReview', data: { reviewId, attendees: who, minutes: 'Performance reviewed against the specification' } });

  it('given the biannual review is announced, when the lead professional holds it, then ReviewHeld carries the minutes', () => {
    expect(on('2027-07-05', active, hold('biannual-2027-07-04'), lead)).toEqual([
      {
        type: 'ReviewHeld',
        data: {
          reviewId: 'biannual-2027-07-04',
          kind: 'biannual',
          scheduledFor: '2027-07-04',
          heldOn: '2027-07-05',
          attendees,
          minutes: 'Performance reviewed against the specification',
          actions: [],
        },
      },
    ]);
  });

  it('given the annual review without the contract manager, then it is refused: the contract manager attends the annual one', () => {
    expect(refusal(() => on('2028-01-04', active, hold('annual-2028-01-04'), lead)).toJSON()).toMatchObject({
      kind: 'invalid',
      code: 'review.contract-manager-must-attend',
      field: 'data.attendees',
    });
  });

  it('given a year of ratings, when the annual review is held with the contract manager, then the year’s performance is assessed', () => {
    const q1 = then(active, on('2027-04-20', active, submitReturn(quarter.q1, [observe(kpi.nights, 320)]), provider));
    const q2 = then(q1, on('2027-07-20', q1, submitReturn(quarter.q2, [observe(kpi.nights, 250)]), provider));
    const events = on('2028-01-04', q2, hold('annual-2028-01-04', [...attendees, { name: 'Chris Lee', role: 'contract-manager' }]), contractManager);
    expect(events.map((event) => event.type)).toEqual(['ReviewHeld', 'AnnualPerformanceAssessed']);
    expect(events[1]?.data).toMatchObject({
      reviewId: 'annual-2028-01-04',
      from: '2027-01-04',
      to: '2028-01-03',
      rule: 'most-frequent',
      worst: 'requires-improvement',
      kpis: expect.arrayContaining([
        expect.objectContaining({ kpi: kpi.nights, periodsRated: 2, rating: 'requires-improvement' }),
        expect.objectContaining({ kpi: kpi.strain, periodsRated: 0, rating: 'other' }),
      ]),
    });
  });

  it('refuses an unknown review, one held twice, and one before it is announced', () => {
    expect(refusal(() => on('2027-07-05', active, hold('biannual-2027-07-05'), lead)).toJSON()).toMatchObject({ kind: 'invalid', code: 'review.unknown' });
    const held = then(active, on('2027-07-05', active, hold('biannual-2027-07-04'), lead));
    expect(refusal(() => on('2027-07-06', held, hold('biannual-2027-07-04'), lead)).code).toBe('review.already-held');
    expect(refusal(() => on('2027-06-19', active, hold('biannual-2027-07-04'), lead)).toJSON()).toMatchObject({ kind: 'conflict', code: 'review.not-yet-due' });
  });
});

describe('monitoring: reminders, overdue returns and escalation (the workflow’s timers)', () => {
  const remindReturn: ContractCommand = { type: 'IssueReminder', data: { subject: 'return', periodId: quarter.q1, dueOn: '2027-05-01' } };
  const overdue: ContractCommand = { type: 'RecordReturnOverdue', data: { periodId: quarter.q1 } };
  const escalate: ContractCommand = { type: 'RaiseEscalation', data: { subject: { kind: 'return', periodId: quarter.q1 } } };

  it('given Q1 due on 1 May, when its reminder fires on 24 April, then ReminderIssued names the period, once', () => {
    const reminded = on('2027-04-24', active, remindReturn, system);
    expect(reminded).toEqual([{ type: 'ReminderIssued', data: { subject: 'return', periodId: quarter.q1, dueOn: '2027-05-01' } }]);
    expect(refusal(() => on('2027-04-25', then(active, reminded), remindReturn, system)).code).toBe('reminder.already-issued');
  });

  it('refuses a return reminder before its day, after the return is in, and for an unknown period', () => {
    expect(refusal(() => on('2027-04-23', active, remindReturn, system)).code).toBe('reminder.not-due');
    const submitted = then(active, on('2027-04-20', active, q1Good, provider));
    expect(refusal(() => on('2027-04-24', submitted, remindReturn, system)).code).toBe('reminder.nothing-awaited');
    const unknown: ContractCommand = { type: 'IssueReminder', data: { subject: 'return', periodId: '2027-01-01/2027-03-31', dueOn: '2027-05-01' } };
    expect(refusal(() => on('2027-04-24', active, unknown, system)).toJSON()).toMatchObject({ kind: 'invalid', code: 'reminder.unknown-period' });
  });

  it('given Q1 not submitted, when its overdue day comes, then ReturnOverdue, and one overdue return makes the contract amber with monthly returns from the next quarter', () => {
    const events = on('2027-05-02', active, overdue, system);
    expect(events).toEqual([
      { type: 'ReturnOverdue', data: { periodId: quarter.q1, dueDate: '2027-05-01', overdueOn: '2027-05-02' } },
      {
        type: 'RiskRatingChanged',
        data: {
          changeId: 'rating-1',
          from: 'green',
          to: 'amber',
          asOf: '2027-05-02',
          reasons: [
            {
              rule: 'risk.overdue-returns',
              rating: 'amber',
              count: 1,
              threshold: 1,
              evidence: [{ kind: 'overdue-return', id: quarter.q1 }],
              description: '1 return overdue',
            },
          ],
          intensity: { level: 'additional', returnsFrequency: 'monthly', returnsIncreased: true, intervention: false },
        },
      },
      { type: 'ReturnsScheduleChanged', data: { from: '2027-07-04', frequency: 'monthly', previousFrequency: 'quarterly', changeId: 'rating-1' } },
    ]);
  });

  it('refuses an overdue return on its due date, once submitted, and twice', () => {
    expect(refusal(() => on('2027-05-01', active, overdue, system)).code).toBe('monitoring.return-not-overdue');
    const submitted = then(active, on('2027-04-20', active, q1Good, provider));
    expect(refusal(() => on('2027-05-02', submitted, overdue, system)).code).toBe('monitoring.return-not-overdue');
    const recorded = then(active, on('2027-05-02', active, overdue, system));
    expect(refusal(() => on('2027-05-03', recorded, overdue, system)).code).toBe('monitoring.overdue-already-recorded');
  });

  it('given an overdue return, when it is 14 days overdue and still missing, then it climbs the ladder a step at a time to the governance board', () => {
    const late = then(active, on('2027-05-02', active, overdue, system));
    expect(refusal(() => on('2027-05-14', late, escalate, system)).code).toBe('escalation.not-due');
    const first = on('2027-05-15', late, escalate, system);
    expect(first).toEqual([
      {
        type: 'EscalationRaised',
        data: {
          subject: { kind: 'return', periodId: quarter.q1 },
          step: 1,
          level: 'contract-manager',
          title: 'Commissioning and contracts manager',
          reachedOn: '2027-05-15',
          nextStepOn: '2027-05-29',
        },
      },
    ]);
    const second = then(then(late, first), on('2027-05-29', then(late, first), escalate, system));
    const third = then(second, on('2027-06-12', second, escalate, system));
    expect(third.filter((event) => event.type === 'EscalationRaised').map((event) => event.data)).toEqual([
      expect.objectContaining({ step: 1 }),
      expect.objectContaining({ step: 2, level: 'head-of-service', reachedOn: '2027-05-29', nextStepOn: '2027-06-12' }),
      { subject: { kind: 'return', periodId: quarter.q1 }, step: 3, level: 'governance-board', title: 'Governance board', reachedOn: '2027-06-12' },
    ]);
    expect(refusal(() => on('2027-07-01', third, escalate, system)).code).toBe('escalation.ladder-exhausted');
  });

  it('refuses to escalate a return not yet overdue or already submitted', () => {
    expect(refusal(() => on('2027-05-15', active, escalate, system)).code).toBe('escalation.nothing-to-escalate');
    const late = then(active, on('2027-05-02', active, overdue, system));
    const submitted = then(late, on('2027-05-10', late, q1Good, provider));
    expect(refusal(() => on('2027-05-15', submitted, escalate, system)).code).toBe('escalation.nothing-to-escalate');
  });

  it('given a review not held a week after its date, then it is missed and escalates; reminded before it', () => {
    const remind: ContractCommand = { type: 'IssueReminder', data: { subject: 'review', reviewId: 'biannual-2027-07-04', dueOn: '2027-07-04' } };
    expect(on('2027-06-20', active, remind, system)).toEqual([{ type: 'ReminderIssued', data: remind.data }]);
    expect(refusal(() => on('2027-06-19', active, remind, system)).code).toBe('reminder.not-due');
    const missed: ContractCommand = { type: 'RaiseEscalation', data: { subject: { kind: 'review', reviewId: 'biannual-2027-07-04' } } };
    expect(refusal(() => on('2027-07-10', active, missed, system)).code).toBe('escalation.not-due');
    expect(on('2027-07-11', active, missed, system)).toEqual([
      { type: 'ReviewMissed', data: { reviewId: 'biannual-2027-07-04', kind: 'biannual', scheduledFor: '2027-07-04', missedOn: '2027-07-11' } },
      expect.objectContaining({ type: 'EscalationRaised', data: expect.objectContaining({ subject: { kind: 'review', reviewId: 'biannual-2027-07-04' }, step: 1 }) }),
    ]);
  });

  it.each([contractManager, provider])('given an active contract, when a $role records an overdue return, then the role is refused', (actor) => {
    expect(refusal(() => on('2027-05-02', active, overdue, actor)).code).toBe('access.role-not-permitted');
  });
});

import { defaultMonitoringPolicy, parseMonitoringPolicy } from './monitoring-policy.schema';
import { refusal } from '../testing';

describe('monitoring policy: defaults', () => {
  const policy = defaultMonitoringPolicy;

  it('given no configuration, then a return is due 28 days after its period, reminded 7 days before, escalated 14 days overdue', () => {
    expect(policy.returns).toEqual({ dueDaysAfterPeriodEnd: 28, reminderDaysBefore: 7, escalateAfterDaysOverdue: 14 });
  });

  it('given no configuration, then the provider has 14 days to comment and the KPIs are assessed every 12 months (s.71)', () => {
    expect(policy.assessment).toEqual({ providerCommentWindowDays: 14, annualAssessmentIntervalMonths: 12, annualKpiRating: 'most-frequent' });
  });

  it('given no configuration, then reviews are reminded 14 days ahead, missed after 7, and the contract manager attends the annual one', () => {
    expect(policy.reviews).toEqual({ reminderDaysBefore: 14, escalateAfterDaysMissed: 7, contractManagerAttends: ['annual'] });
  });

  it('given no configuration, then the ladder runs contract manager → head of service → governance board, 14 days a step', () => {
    expect(policy.escalation.ladder.map((step) => [step.level, step.daysBeforeNextStep])).toEqual([
      ['contract-manager', 14],
      ['head-of-service', 14],
      ['governance-board', undefined],
    ]);
  });

  it('given no configuration, then one inadequate KPI is amber, two are red, and a serious complaint is red', () => {
    expect(policy.risk.kpiRatings.inadequate).toEqual({ amber: 1, red: 2 });
    expect(policy.risk.complaints.serious).toEqual({ red: 1 });
    expect(policy.risk.overdueReturns).toEqual({ amber: 1, red: 2 });
    expect(policy.risk.inspections.inadequate).toEqual({ red: 1 });
    expect(policy.risk.kpiRecentPeriods).toBe(2);
  });

  it('given no configuration, then amber asks for monthly returns and red for monthly returns plus intervention', () => {
    expect(policy.intensity).toEqual({
      green: { level: 'standard', returnsAtLeast: null, intervention: false },
      amber: { level: 'additional', returnsAtLeast: 'monthly', intervention: false },
      red: { level: 'intervention', returnsAtLeast: 'monthly', intervention: true },
    });
  });

  it('given no configuration, then variations are limited as in the Procurement Act 2023: 10% goods/services, 15% works, 10% term', () => {
    expect(policy.variation).toEqual({
      valueLimitPercent: { goods: 10, services: 10, works: 15, 'light-touch': 10 },
      termLimitPercent: 10,
      aggregation: 'gross',
      minimumJustificationLength: 20,
      permittedGrounds: expect.arrayContaining(['unforeseeable-circumstances', 'provided-for-in-the-contract']),
    });
  });

  it('given no configuration, then the expiry reminder comes 6 months before the end', () => {
    expect(policy.expiry).toEqual({ reminderMonthsBefore: 6 });
  });

  it('given no configuration, then RAG-only KPIs place approaching target halfway, and the reactive log has its agreed categories', () => {
    expect(policy.kpiBands).toEqual({ approachingTargetFromRag: 0.5 });
    expect(policy.concerns.categories).toEqual([
      'safeguarding',
      'quality-of-care',
      'staffing',
      'communication',
      'medication',
      'premises',
      'health-and-safety',
      'finance',
      'other',
    ]);
  });

  it('given the default policy, when someone tries to change it, then it is frozen', () => {
    expect(Object.isFrozen(policy.escalation.ladder[0])).toBe(true);
  });
});

describe('monitoring policy: configuration', () => {
  it('given a fraction for approaching target outside (0, 1), or a category that is not a slug, when parsed, then it is refused', () => {
    expect(refusal(() => parseMonitoringPolicy({ kpiBands: { approachingTargetFromRag: 1 } })).toJSON()).toMatchObject({
      code: 'policy.invalid',
      field: 'kpiBands.approachingTargetFromRag',
    });
    expect(refusal(() => parseMonitoringPolicy({ concerns: { categories: ['Quality of care'] } })).field).toBe('concerns.categories.0');
  });

  it('given a partial group, when parsed, then the rest of the group keeps its defaults', () => {
    const policy = parseMonitoringPolicy({ returns: { dueDaysAfterPeriodEnd: 10 }, risk: { complaints: { medium: { amber: 2 } } } });
    expect(policy.returns).toEqual({ dueDaysAfterPeriodEnd: 10, reminderDaysBefore: 7, escalateAfterDaysOverdue: 14 });
    expect(policy.risk.complaints).toMatchObject({ medium: { amber: 2 }, serious: { red: 1 } });
  });

  it('given amber that asks for nothing more than the contract, when parsed, then null keeps the contracted frequency', () => {
    expect(parseMonitoringPolicy({ intensity: { amber: { returnsAtLeast: null } } }).intensity.amber.returnsAtLeast).toBeNull();
  });

  it('given an amber count above the red count, when parsed, then it is refused naming the rule and the path', () => {
    const error = refusal(() => parseMonitoringPolicy({ risk: { overdueReturns: { amber: 3, red: 2 } } }));
    expect(error.toJSON()).toMatchObject({ kind: 'invalid', code: 'policy.risk-thresholds-out-of-order', field: 'risk.overdueReturns.red' });
  });

  it('given a ladder step without its interval before the last, when parsed, then it is refused', () => {
    const error = refusal(() =>
      parseMonitoringPolicy({ escalation: { ladder: [{ level: 'contract-manager', title: 'CCM' }, { level: 'board', title: 'Board' }] } }),
    );
    expect(error.toJSON()).toMatchObject({ code: 'policy.escalation-step-needs-interval', field: 'escalation.ladder.0.daysBeforeNextStep' });
  });

  it('given a ladder naming a level twice, when parsed, then it is refused', () => {
    const error = refusal(() =>
      parseMonitoringPolicy({
        escalation: { ladder: [{ level: 'board', title: 'Board', daysBeforeNextStep: 5 }, { level: 'board', title: 'Board again' }] },
      }),
    );
    expect(error.toJSON()).toMatchObject({ code: 'policy.escalation-level-repeated', field: 'escalation.ladder.1.level' });
  });

  it('given a one-step ladder, when parsed, then it needs no interval', () => {
    expect(parseMonitoringPolicy({ escalation: { ladder: [{ level: 'board', title: 'Board' }] } }).escalation.ladder).toHaveLength(1);
  });

  it('given a negative number of days or a percentage above 100, when parsed, then it is refused as policy.invalid', () => {
    expect(refusal(() => parseMonitoringPolicy({ returns: { reminderDaysBefore: -1 } })).toJSON()).toMatchObject({
      code: 'policy.invalid',
      field: 'returns.reminderDaysBefore',
    });
    expect(refusal(() => parseMonitoringPolicy({ variation: { termLimitPercent: 150 } })).toJSON()).toMatchObject({
      code: 'policy.invalid',
      field: 'variation.termLimitPercent',
    });
  });
});

import { defaultMonitoringPolicy, parseMonitoringPolicy } from '../policy/monitoring-policy.schema';
import { refusal } from '../testing';
import { monitoringIntensity, rateRisk, riskRatingChange, type RiskEvidenceInput } from './risk-rating';

const policy = defaultMonitoringPolicy;
const asOf = '2027-01-15';
const kpi = (id: string, name: string, periodEnd: string, rating: 'good' | 'approaching-target' | 'requires-improvement' | 'inadequate') => ({
  id,
  kpi: name,
  periodEnd,
  rating,
});

describe('risk rating: green', () => {
  it('given no evidence, then the contract is green with no reasons', () => {
    expect(rateRisk({}, asOf, policy)).toEqual({ asOf, rating: 'green', reasons: [] });
  });

  it('given good ratings, returns on time and a low complaint, then it is green', () => {
    const evidence: RiskEvidenceInput = {
      kpiRatings: [kpi('a1', 'Reviews on time', '2026-12-31', 'good')],
      returns: [{ id: 'r1', dueDate: '2026-11-28', submittedOn: '2026-11-20' }],
      complaints: [{ id: 'c1', receivedOn: '2026-12-01', severity: 'low' }],
      inspections: [{ id: 'i1', inspectorate: 'Ofsted', publishedOn: '2026-06-01', outcome: 'good' }],
    };
    expect(rateRisk(evidence, asOf, policy).rating).toBe('green');
  });
});

describe('risk rating: KPI ratings', () => {
  it('given one inadequate KPI, then the contract is amber and the reason names the rating that caused it', () => {
    const assessment = rateRisk({ kpiRatings: [kpi('a1', 'Reviews on time', '2026-12-31', 'inadequate')] }, asOf, policy);
    expect(assessment).toEqual({
      asOf,
      rating: 'amber',
      reasons: [
        {
          rule: 'risk.kpi-ratings.inadequate',
          rating: 'amber',
          count: 1,
          threshold: 1,
          evidence: [{ kind: 'kpi-rating', id: 'a1' }],
          description: '1 recent KPI rating inadequate',
        },
      ],
    });
  });

  it('given a KPI inadequate two periods running, then the contract is red', () => {
    const assessment = rateRisk(
      { kpiRatings: [kpi('a1', 'Reviews on time', '2026-09-30', 'inadequate'), kpi('a2', 'Reviews on time', '2026-12-31', 'inadequate')] },
      asOf,
      policy,
    );
    expect(assessment.rating).toBe('red');
    expect(assessment.reasons[0]).toMatchObject({ rule: 'risk.kpi-ratings.inadequate', rating: 'red', count: 2, threshold: 2 });
  });

  it('given an inadequate KPI followed by two good periods, then only the recent periods count and the contract is green again', () => {
    const assessment = rateRisk(
      {
        kpiRatings: [
          kpi('a1', 'Reviews on time', '2026-06-30', 'inadequate'),
          kpi('a2', 'Reviews on time', '2026-09-30', 'good'),
          kpi('a3', 'Reviews on time', '2026-12-31', 'good'),
        ],
      },
      asOf,
      policy,
    );
    expect(assessment.rating).toBe('green');
  });

  it('given a rating for a period that ends after the day rated, then it does not count yet', () => {
    expect(rateRisk({ kpiRatings: [kpi('a1', 'Reviews on time', '2027-03-31', 'inadequate')] }, asOf, policy).rating).toBe('green');
  });

  it('given two KPIs requiring improvement, then the contract is amber; one alone is not enough', () => {
    const one = [kpi('a1', 'Reviews on time', '2026-12-31', 'requires-improvement')];
    expect(rateRisk({ kpiRatings: one }, asOf, policy).rating).toBe('green');
    const two = [...one, kpi('b1', 'Days to first visit', '2026-12-31', 'requires-improvement')];
    expect(rateRisk({ kpiRatings: two }, asOf, policy).reasons).toEqual([
      expect.objectContaining({ rule: 'risk.kpi-ratings.requires-improvement', rating: 'amber', evidence: [{ kind: 'kpi-rating', id: 'a1' }, { kind: 'kpi-rating', id: 'b1' }] }),
    ]);
  });
});

describe('risk rating: overdue returns', () => {
  it('given a return one day past its due date and not submitted, then the contract is amber', () => {
    const assessment = rateRisk({ returns: [{ id: 'r1', dueDate: '2027-01-14' }] }, asOf, policy);
    expect(assessment.reasons).toEqual([
      { rule: 'risk.overdue-returns', rating: 'amber', count: 1, threshold: 1, evidence: [{ kind: 'overdue-return', id: 'r1' }], description: '1 return overdue' },
    ]);
  });

  it('given a return due today, then it is not overdue yet', () => {
    expect(rateRisk({ returns: [{ id: 'r1', dueDate: asOf }] }, asOf, policy).rating).toBe('green');
  });

  it('given two returns overdue, then the contract is red', () => {
    const returns = [
      { id: 'r1', dueDate: '2026-10-28' },
      { id: 'r2', dueDate: '2027-01-10' },
    ];
    expect(rateRisk({ returns }, asOf, policy).rating).toBe('red');
  });

  it('given a late return submitted after the day rated, then on that day it was still overdue', () => {
    expect(rateRisk({ returns: [{ id: 'r1', dueDate: '2027-01-10', submittedOn: '2027-01-20' }] }, asOf, policy).rating).toBe('amber');
  });
});

describe('risk rating: complaints', () => {
  it('given a serious complaint, then the contract is red', () => {
    const assessment = rateRisk({ complaints: [{ id: 'c1', receivedOn: '2027-01-02', severity: 'serious' }] }, asOf, policy);
    expect(assessment.reasons).toEqual([expect.objectContaining({ rule: 'risk.complaints.serious', rating: 'red', evidence: [{ kind: 'complaint', id: 'c1' }] })]);
  });

  it('given a serious complaint found not upheld, then it no longer counts', () => {
    const complaints = [{ id: 'c1', receivedOn: '2027-01-02', severity: 'serious' as const, finding: 'not-upheld' as const }];
    expect(rateRisk({ complaints }, asOf, policy).rating).toBe('green');
  });

  it('given a serious complaint older than the window, then it no longer counts', () => {
    expect(rateRisk({ complaints: [{ id: 'c1', receivedOn: '2026-01-15', severity: 'serious' }] }, asOf, policy).rating).toBe('green');
    expect(rateRisk({ complaints: [{ id: 'c1', receivedOn: '2026-01-16', severity: 'serious' }] }, asOf, policy).rating).toBe('red');
  });

  it('given three medium complaints, then the contract is amber; two are not enough', () => {
    const medium = (id: string) => ({ id, receivedOn: '2026-12-01', severity: 'medium' as const });
    expect(rateRisk({ complaints: [medium('c1'), medium('c2')] }, asOf, policy).rating).toBe('green');
    expect(rateRisk({ complaints: [medium('c1'), medium('c2'), medium('c3')] }, asOf, policy).rating).toBe('amber');
  });
});

describe('risk rating: inspections', () => {
  it('given an inadequate inspection, then the contract is red', () => {
    const inspections = [{ id: 'i1', inspectorate: 'Ofsted', publishedOn: '2026-11-01', outcome: 'inadequate' as const }];
    expect(rateRisk({ inspections }, asOf, policy).reasons).toEqual([
      expect.objectContaining({ rule: 'risk.inspections.inadequate', rating: 'red', evidence: [{ kind: 'inspection', id: 'i1' }] }),
    ]);
  });

  it('given an inadequate inspection followed by a good one from the same inspectorate, then only the latest counts', () => {
    const inspections = [
      { id: 'i1', inspectorate: 'Ofsted', publishedOn: '2026-03-01', outcome: 'inadequate' as const },
      { id: 'i2', inspectorate: 'Ofsted', publishedOn: '2026-11-01', outcome: 'good' as const },
    ];
    expect(rateRisk({ inspections }, asOf, policy).rating).toBe('green');
  });

  it('given a good inspection by one inspectorate and requires-improvement by another, then the contract is amber', () => {
    const inspections = [
      { id: 'i1', inspectorate: 'Ofsted', publishedOn: '2026-11-01', outcome: 'good' as const },
      { id: 'i2', inspectorate: 'CQC', publishedOn: '2026-05-01', outcome: 'requires-improvement' as const },
    ];
    expect(rateRisk({ inspections }, asOf, policy).rating).toBe('amber');
  });
});

describe('risk rating: several reasons, configuration and bad evidence', () => {
  it('given evidence for amber and red rules, then the rating is red and every reason is listed, red first', () => {
    const assessment = rateRisk(
      {
        kpiRatings: [kpi('a1', 'Reviews on time', '2026-12-31', 'inadequate')],
        complaints: [{ id: 'c1', receivedOn: '2027-01-02', severity: 'serious' }],
      },
      asOf,
      policy,
    );
    expect(assessment.rating).toBe('red');
    expect(assessment.reasons.map((reason) => [reason.rule, reason.rating])).toEqual([
      ['risk.complaints.serious', 'red'],
      ['risk.kpi-ratings.inadequate', 'amber'],
    ]);
  });

  it('given a deployment that makes any overdue return red, then one overdue return is red', () => {
    const strict = parseMonitoringPolicy({ risk: { overdueReturns: { red: 1 } } });
    expect(rateRisk({ returns: [{ id: 'r1', dueDate: '2027-01-01' }] }, asOf, strict).rating).toBe('red');
  });

  it('given malformed evidence, then it is refused', () => {
    const error = refusal(() => rateRisk({ complaints: [{ id: 'c1', receivedOn: '2027-01-02', severity: 'dreadful' as 'low' }] }, asOf, policy));
    expect(error.toJSON()).toMatchObject({ code: 'risk.invalid-evidence', field: 'complaints.0.severity' });
  });

  it('given the same evidence twice, then the rating and reasons are the same', () => {
    const evidence: RiskEvidenceInput = { returns: [{ id: 'r1', dueDate: '2027-01-01' }], kpiRatings: [kpi('a1', 'K', '2026-12-31', 'inadequate')] };
    expect(rateRisk(evidence, asOf, policy)).toEqual(rateRisk(evidence, asOf, policy));
  });
});

describe('risk rating: changes', () => {
  const amber = rateRisk({ kpiRatings: [kpi('a1', 'Reviews on time', '2026-12-31', 'inadequate')] }, asOf, policy);

  it('given a green contract, when it is rated amber, then the change lists its reasons', () => {
    expect(riskRatingChange('green', amber)).toEqual({ from: 'green', to: 'amber', asOf, reasons: amber.reasons });
  });

  it('given an amber contract, when it is rated amber again, then nothing changes', () => {
    expect(riskRatingChange('amber', amber)).toBeUndefined();
  });

  it('given a contract never rated, when it is first rated, then that is a change with no previous rating', () => {
    expect(riskRatingChange(undefined, amber)).toEqual({ to: 'amber', asOf, reasons: amber.reasons });
  });
});

describe('risk rating: monitoring intensity', () => {
  it('given green, then the contracted quarterly returns stand at standard intensity', () => {
    expect(monitoringIntensity('green', 'quarterly', policy)).toEqual({
      rating: 'green',
      level: 'standard',
      returnsFrequency: 'quarterly',
      returnsIncreased: false,
      intervention: false,
    });
  });

  it('given amber, then quarterly returns become monthly', () => {
    expect(monitoringIntensity('amber', 'quarterly', policy)).toMatchObject({ level: 'additional', returnsFrequency: 'monthly', returnsIncreased: true, intervention: false });
  });

  it('given red, then returns are monthly and intervention is called for', () => {
    expect(monitoringIntensity('red', 'quarterly', policy)).toMatchObject({ level: 'intervention', returnsFrequency: 'monthly', intervention: true });
  });

  it('given amber on a contract with weekly returns, then the returns are never made less frequent', () => {
    expect(monitoringIntensity('amber', 'weekly', policy)).toMatchObject({ returnsFrequency: 'weekly', returnsIncreased: false });
  });
});

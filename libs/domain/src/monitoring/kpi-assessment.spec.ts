import { defaultMonitoringPolicy, parseMonitoringPolicy } from '../policy/monitoring-policy.schema';
import { refusal } from '../testing';
import {
  annualPerformanceAssessment,
  assessObservation,
  assessReturn,
  assessmentStands,
  checkCommentInWindow,
  commentWindow,
  parseKpiBands,
  rateValue,
  type KpiBandsByName,
  type RatedPeriod,
} from './kpi-assessment';

const bands: KpiBandsByName = parseKpiBands({
  /** Share of reviews held on time: higher is better. */
  'Reviews on time': { direction: 'higher-is-better', good: 95, approachingTarget: 90, requiresImprovement: 80 },
  /** Days from referral to first visit: lower is better. */
  'Days to first visit': { direction: 'lower-is-better', good: 10, approachingTarget: 14, requiresImprovement: 21 },
});
const higher = bands['Reviews on time'];
const lower = bands['Days to first visit'];
if (!higher || !lower) throw new Error('bands missing');

describe('KPI assessment: rating an observation', () => {
  it.each([
    [100, 'good'],
    [95, 'good'],
    [94.9, 'approaching-target'],
    [90, 'approaching-target'],
    [85, 'requires-improvement'],
    [80, 'requires-improvement'],
    [79.9, 'inadequate'],
  ] as const)('given higher is better, when %p is observed, then it is %s', (value, rating) => {
    expect(rateValue(value, higher)).toBe(rating);
  });

  it.each([
    [7, 'good'],
    [10, 'good'],
    [11, 'approaching-target'],
    [14, 'approaching-target'],
    [21, 'requires-improvement'],
    [22, 'inadequate'],
  ] as const)('given lower is better, when %p days are observed, then it is %s', (value, rating) => {
    expect(rateValue(value, lower)).toBe(rating);
  });

  it('given a contract KPI, when an observation is assessed, then it carries the rating and the bands it was rated against', () => {
    expect(assessObservation({ kpi: 'Reviews on time', value: 78 }, bands)).toEqual({
      kpi: 'Reviews on time',
      value: 78,
      rating: 'inadequate',
      bands: higher,
    });
  });

  it('given a KPI the contract does not have, when an observation is assessed, then it is refused as an unknown KPI', () => {
    const error = refusal(() => assessObservation({ kpi: 'Smiles per hour', value: 3 }, bands));
    expect(error.toJSON()).toMatchObject({ kind: 'invalid', code: 'monitoring.unknown-kpi', field: 'kpi' });
  });

  it('given a name that is a property of every object, when an observation is assessed, then it is still an unknown KPI', () => {
    expect(refusal(() => assessObservation({ kpi: 'constructor', value: 1 }, bands)).code).toBe('monitoring.unknown-kpi');
  });
});

describe('KPI assessment: a whole return', () => {
  it('given observations for two KPIs, when the return is assessed, then each is rated', () => {
    const ratings = assessReturn(
      [
        { kpi: 'Reviews on time', value: 92 },
        { kpi: 'Days to first visit', value: 30 },
      ],
      bands,
    );
    expect(ratings.map((rated) => [rated.kpi, rated.rating])).toEqual([
      ['Reviews on time', 'approaching-target'],
      ['Days to first visit', 'inadequate'],
    ]);
  });

  it('given an observation for an unknown KPI, when the return is assessed, then it is refused naming the observation', () => {
    const error = refusal(() => assessReturn([{ kpi: 'Reviews on time', value: 92 }, { kpi: 'Unknown', value: 1 }], bands));
    expect(error.toJSON()).toMatchObject({ code: 'monitoring.unknown-kpi', field: 'observations.1.kpi' });
  });

  it('given the same KPI twice, when the return is assessed, then it is refused', () => {
    const error = refusal(() => assessReturn([{ kpi: 'Reviews on time', value: 92 }, { kpi: 'Reviews on time', value: 93 }], bands));
    expect(error.toJSON()).toMatchObject({ code: 'monitoring.duplicate-observation', field: 'observations.1.kpi' });
  });
});

describe('KPI assessment: bands', () => {
  it('given higher-is-better bands where approaching target is not better than requires improvement, then they are refused', () => {
    const error = refusal(() =>
      parseKpiBands({ KPI: { direction: 'higher-is-better', good: 95, approachingTarget: 80, requiresImprovement: 80 } }),
    );
    expect(error.toJSON()).toMatchObject({ code: 'monitoring.kpi-bands-out-of-order', field: 'KPI.requiresImprovement' });
  });

  it('given lower-is-better bands where good is worse than approaching target, then they are refused', () => {
    const error = refusal(() => parseKpiBands({ KPI: { direction: 'lower-is-better', good: 15, approachingTarget: 14, requiresImprovement: 21 } }));
    expect(error.toJSON()).toMatchObject({ code: 'monitoring.kpi-bands-out-of-order', field: 'KPI.approachingTarget' });
  });
});

describe('KPI assessment: the provider’s comment window', () => {
  const policy = defaultMonitoringPolicy;

  it('given an assessment on 1 August, then the provider may comment until 15 August and it stands from 16 August', () => {
    expect(commentWindow('2026-08-01', policy)).toEqual({ assessedOn: '2026-08-01', closesOn: '2026-08-15', standsOn: '2026-08-16' });
    expect(assessmentStands('2026-08-01', '2026-08-15', policy)).toBe(false);
    expect(assessmentStands('2026-08-01', '2026-08-16', policy)).toBe(true);
  });

  it('given a comment on the last day of the window, then it is accepted', () => {
    expect(checkCommentInWindow('2026-08-01', '2026-08-15', policy).closesOn).toBe('2026-08-15');
  });

  it('given a comment after the window closed, then it is refused: the assessment stands', () => {
    const error = refusal(() => checkCommentInWindow('2026-08-01', '2026-08-16', policy));
    expect(error.toJSON()).toMatchObject({ kind: 'conflict', code: 'monitoring.comment-window-closed', field: 'commentedOn' });
  });

  it('given a comment dated before the assessment, then it is refused', () => {
    expect(refusal(() => checkCommentInWindow('2026-08-01', '2026-07-31', policy)).code).toBe('monitoring.comment-before-assessment');
  });

  it('given a deployment’s longer window, then it applies', () => {
    expect(commentWindow('2026-08-01', parseMonitoringPolicy({ assessment: { providerCommentWindowDays: 30 } })).closesOn).toBe('2026-08-31');
  });
});

describe('KPI assessment: the annual performance assessment', () => {
  const year = { from: '2026-04-01', to: '2027-03-31', kpis: ['Reviews on time', 'Days to first visit', 'Satisfaction'] };
  const rated = (kpi: string, periodEnd: string, rating: RatedPeriod['rating']): RatedPeriod => ({ kpi, periodEnd, rating });
  const ratings: RatedPeriod[] = [
    rated('Reviews on time', '2026-06-30', 'good'),
    rated('Reviews on time', '2026-09-30', 'inadequate'),
    rated('Reviews on time', '2026-12-31', 'inadequate'),
    rated('Reviews on time', '2027-03-31', 'good'),
    rated('Days to first visit', '2026-06-30', 'approaching-target'),
    rated('Days to first visit', '2026-12-31', 'good'),
    // Outside the year: not counted.
    rated('Days to first visit', '2026-03-31', 'inadequate'),
    rated('Days to first visit', '2027-06-30', 'inadequate'),
  ];

  it('given a year of ratings, then each KPI is rated by its most frequent rating, a tie going to the worse, and one with none is "other"', () => {
    const assessment = annualPerformanceAssessment({ ...year, ratings }, defaultMonitoringPolicy);
    expect(assessment.kpis.map((kpi) => [kpi.kpi, kpi.rating, kpi.periodsRated, kpi.latest])).toEqual([
      ['Reviews on time', 'inadequate', 4, 'good'],
      ['Days to first visit', 'approaching-target', 2, 'good'],
      ['Satisfaction', 'other', 0, undefined],
    ]);
    expect(assessment.kpis[0]?.counts).toEqual({ good: 2, 'approaching-target': 0, 'requires-improvement': 0, inadequate: 2 });
    expect(assessment.worst).toBe('inadequate');
  });

  it('given the "latest" rule, then each KPI takes the rating of its last period in the year', () => {
    const latest = parseMonitoringPolicy({ assessment: { annualKpiRating: 'latest' } });
    expect(annualPerformanceAssessment({ ...year, ratings }, latest).kpis.map((kpi) => kpi.rating)).toEqual(['good', 'good', 'other']);
  });

  it('given the "worst" rule, then each KPI takes its worst rating of the year', () => {
    const worst = parseMonitoringPolicy({ assessment: { annualKpiRating: 'worst' } });
    expect(annualPerformanceAssessment({ ...year, ratings }, worst).kpis.map((kpi) => kpi.rating)).toEqual([
      'inadequate',
      'approaching-target',
      'other',
    ]);
  });

  it('given no ratings at all, then every KPI and the year are "other"', () => {
    expect(annualPerformanceAssessment({ ...year, ratings: [] }, defaultMonitoringPolicy).worst).toBe('other');
  });

  it('given a rating of a KPI the contract does not have, then it is refused as an unknown KPI', () => {
    const error = refusal(() => annualPerformanceAssessment({ ...year, ratings: [rated('Unknown', '2026-06-30', 'good')] }, defaultMonitoringPolicy));
    expect(error.toJSON()).toMatchObject({ code: 'monitoring.unknown-kpi', field: 'ratings.0.kpi' });
  });

  it('given a period longer than twelve months, then it is refused (the Act asks for an assessment at least every 12 months)', () => {
    const error = refusal(() => annualPerformanceAssessment({ ...year, to: '2027-04-01', ratings: [] }, defaultMonitoringPolicy));
    expect(error.toJSON()).toMatchObject({ code: 'monitoring.assessment-period-too-long', field: 'to' });
  });

  it('given a period that ends before it starts, then it is refused', () => {
    const error = refusal(() => annualPerformanceAssessment({ ...year, to: '2026-03-01', ratings: [] }, defaultMonitoringPolicy));
    expect(error.toJSON()).toMatchObject({ code: 'monitoring.invalid-assessment-period', field: 'to' });
  });
});

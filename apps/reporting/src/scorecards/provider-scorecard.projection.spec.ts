import { foldProcess } from '../projections/process-projection';
import { processEvents } from '../testing/process-events';
import { providerScorecardOf } from './scorecards.repository';
import { providerScorecardProjection } from './provider-scorecard.projection';

const contractId = '6f1c4c33-1d0c-4f57-a9a4-3d3b0f6a2b10';
const rowsAfter = (events: Parameters<typeof foldProcess>[2]) => {
  const document = foldProcess(providerScorecardProjection, contractId, events);
  if (!document) throw new Error('no document');
  return providerScorecardProjection.rowsOf(document);
};

describe('provider scorecard projection', () => {
  it('given a contract not yet awarded, then it has no scorecard: there is no provider to score', () => {
    const events = processEvents(contractId);
    expect(rowsAfter([events.opened()])).toEqual([]);
  });

  it('given an awarded contract, when KPIs are rated, the rating changes, concerns are logged and a plan runs, then its card shows each history', () => {
    const e = processEvents(contractId);
    const history = [
      e.opened(),
      e.awarded(),
      e.kpiAssessed('assessment-1', 'Visits on time', 'inadequate', '2027-03-31'),
      e.kpiAssessed('assessment-2', 'Visits on time', 'requires-improvement', '2027-06-30'),
      e.contract('AssessmentCommented', { assessmentId: 'assessment-2', kpi: 'Visits on time', comment: 'Two visits were cancelled by families', commentedOn: '2027-07-02' }),
      e.riskRatingChanged('rating-1', 'green', 'red', '2027-07-05'),
      e.concernLogged('concern-1', 'serious', '2027-07-06'),
      e.concernLogged('concern-2', 'low', '2027-07-07'),
      e.concernUpdated('concern-1', '2027-07-20'),
      e.correctivePlanOpened(1, '2027-07-08'),
      e.correctivePlanEnded(1, 'successful', '2027-09-30'),
    ];
    const [row] = rowsAfter(history);
    expect(row).toEqual({
      contract_id: contractId,
      organisation: 'gloucestershire-cc',
      title: 'Short breaks',
      provider_organisation: 'acme-care',
      provider_name: 'Acme Care Ltd',
      risk_rating: 'red',
      kpi_ratings: [
        expect.objectContaining({ assessmentId: 'assessment-1', rating: 'inadequate', periodEnd: '2027-03-31', commented: false }),
        expect.objectContaining({ assessmentId: 'assessment-2', rating: 'requires-improvement', periodEnd: '2027-06-30', commented: true }),
      ],
      risk_history: [
        {
          changeId: 'rating-1',
          from: 'green',
          to: 'red',
          asOf: '2027-07-05',
          reasons: [{ rule: 'inadequate-kpis', rating: 'red', description: 'Two inadequate KPI ratings' }],
          intensity: 'intervention',
        },
      ],
      concerns: [
        expect.objectContaining({ concernId: 'concern-1', severity: 'serious', status: 'resolved', finding: 'upheld', updatedOn: '2027-07-20' }),
        expect.objectContaining({ concernId: 'concern-2', severity: 'low', status: 'open', finding: null }),
      ],
      plans: [{ planId: `${contractId}.1`, trigger: 'contract-manager', approach: 'developmental', openedOn: '2027-07-08', outcome: 'successful', closedOn: '2027-09-30' }],
      last_event_at: history.at(-1)?.metadata.occurredAt,
    });
  });

  it('rejects an update to a concern it has not seen logged', () => {
    const e = processEvents(contractId);
    expect(() => foldProcess(providerScorecardProjection, contractId, [e.opened(), e.awarded(), e.concernUpdated('concern-9', '2027-07-20')])).toThrow(
      /ConcernUpdated for concern-9, which the scorecard has not seen logged/,
    );
  });

  it("gathers a provider's card from its contracts: ratings now, KPI ratings over time, concerns by severity and status, plans by outcome", () => {
    const first = processEvents(contractId);
    const secondId = '7a2d5d44-2e1d-4a68-b0b5-4e4c1a7b3c21';
    const second = processEvents(secondId);
    const one = foldProcess(providerScorecardProjection, contractId, [
      first.opened(),
      first.awarded(),
      first.kpiAssessed('assessment-1', 'Visits on time', 'good', '2027-06-30'),
      first.concernLogged('concern-1', 'high', '2027-07-01'),
      first.correctivePlanOpened(1, '2027-07-08'),
    ]);
    const two = foldProcess(providerScorecardProjection, secondId, [
      second.opened('Home care'),
      second.awarded(),
      second.kpiAssessed('assessment-1', 'Visits on time', 'inadequate', '2027-03-31'),
      second.riskRatingChanged('rating-1', 'green', 'amber', '2027-04-05'),
    ]);
    const cards = [one, two].map((document) => {
      const [row] = providerScorecardProjection.rowsOf(document!);
      return {
        contractId: row!.contract_id,
        title: row!.title,
        organisation: row!.organisation,
        provider: { organisation: row!.provider_organisation!, name: row!.provider_name! },
        riskRating: row!.risk_rating,
        kpiRatings: row!.kpi_ratings,
        riskHistory: row!.risk_history,
        concerns: row!.concerns,
        plans: row!.plans,
        lastEventAt: row!.last_event_at,
      };
    });
    expect(providerScorecardOf(cards)).toMatchObject({
      provider: { organisation: 'acme-care', name: 'Acme Care Ltd' },
      contracts: 2,
      riskRatings: { green: 1, amber: 1, red: 0 },
      kpiRatings: [
        { contractId: secondId, periodEnd: '2027-03-31', rating: 'inadequate' },
        { contractId, periodEnd: '2027-06-30', rating: 'good' },
      ],
      kpiRatingCounts: { good: 1, inadequate: 1, 'approaching-target': 0, 'requires-improvement': 0 },
      concerns: { bySeverity: { high: 1, low: 0, medium: 0, serious: 0 }, byStatus: { open: 1, investigating: 0, resolved: 0 } },
      plans: { open: 1, successful: 0, failed: 0 },
    });
    expect(providerScorecardOf([])).toBeUndefined();
  });
});

import { systemActor } from '../shared/envelope.schema';
import { ContractCommand } from './contract.commands';
import { parseContractEvent, type ContractEvent, type PerformanceHistory } from './contract.events';
import {
  assessment,
  commissioner,
  contractId,
  driveWithDeadlines,
  eventsOf,
  given,
  managementStory,
  organisation,
  refusal,
  storyEnd,
  system,
  when,
  whenAt,
} from './__fixtures__/contract.fixtures';

const successorId = '0b7f7c59-6a53-4b8e-9f0c-2b9d4c1d7e21';
const story = eventsOf(driveWithDeadlines(managementStory(), { until: storyEnd }));
const requested = story.at(-1);
const history = requested?.type === 'RecommissionRequested' ? requested.data.performanceHistory : undefined;

const reopen = (data: Partial<Extract<ContractCommand, { type: 'OpenCommission' }>['data']> = {}): ContractCommand => ({
  type: 'OpenCommission',
  data: { contractId: successorId, title: 'Short breaks for disabled children (recommission)', predecessorContractId: contractId, ...data },
});

describe('recommissioning: the history that ends a contract', () => {
  it('given the story’s contract terminated, then its performance history sums up its life', () => {
    expect(history).toEqual<PerformanceHistory>({
      contractId,
      title: 'Short breaks for disabled children',
      supplier: { organisation: 'acme-care', name: 'Acme Care Ltd' },
      startDate: '2027-01-04',
      lastDay: '2027-12-15',
      ending: 'terminated',
      terminationGround: 'material-breach',
      valuePence: 1_500_000,
      finalValuePence: 1_500_000,
      variations: 0,
      extensionsExercised: 0,
      returns: { due: 4, submitted: 4, late: 1, missing: 0 },
      kpis: [
        { kpi: 'Short-break nights delivered', periodsRated: 3, counts: { good: 1, 'approaching-target': 0, 'requires-improvement': 0, inadequate: 2 }, latest: 'inadequate' },
        { kpi: 'Carers reporting high strain', periodsRated: 0, counts: { good: 0, 'approaching-target': 0, 'requires-improvement': 0, inadequate: 0 } },
        {
          kpi: 'Referrals acknowledged within 2 working days',
          periodsRated: 4,
          counts: { good: 3, 'approaching-target': 1, 'requires-improvement': 0, inadequate: 0 },
          latest: 'good',
        },
      ],
      riskRating: 'red',
      riskRatingChanges: 4,
      concerns: { total: 0, bySeverity: { low: 0, medium: 0, high: 0, serious: 0 }, byCategory: {}, upheld: 0 },
      inspections: [],
      plans: [{ planId: `${contractId}.1`, trigger: 'inadequate-kpi', approach: 'developmental', outcome: 'failed' }],
      reviews: { held: 1, missed: 0 },
      escalations: 1,
      placements: 0,
    });
  });

  it('given the recommission requested, when the workflow records the successor it opened, then SuccessorCommissionOpened links them, once', () => {
    const recorded = whenAt('2027-12-16T00:00:01.000Z', story, { type: 'RecordSuccessor', data: { successorContractId: successorId } }, system);
    expect(recorded).toEqual([{ type: 'SuccessorCommissionOpened', data: { successorContractId: successorId } }]);
    const linked = [...story, ...recorded];
    expect(refusal(() => whenAt('2027-12-17T00:00:00.000Z', linked, { type: 'RecordSuccessor', data: { successorContractId: successorId } }, system)).code).toBe(
      'recommission.successor-already-recorded',
    );
  });

  it('refuses a successor before a recommission is requested, and the contract succeeding itself', () => {
    const beforeEnd = story.slice(0, -2);
    expect(refusal(() => whenAt(storyEnd, beforeEnd, { type: 'RecordSuccessor', data: { successorContractId: successorId } }, system)).code).toBe(
      'recommission.not-requested',
    );
    expect(refusal(() => whenAt(storyEnd, story, { type: 'RecordSuccessor', data: { successorContractId: contractId } }, system)).code).toBe(
      'recommission.successor-is-self',
    );
  });
});

describe('recommissioning: the successor commission', () => {
  it('given nothing, when the workflow opens the successor with the history, then CommissionOpened keeps its shape and the link follows it', () => {
    const events = when([], reopen({ predecessorHistory: history }), systemActor(organisation));
    expect(events).toEqual([
      {
        type: 'CommissionOpened',
        data: {
          contractId: successorId,
          title: 'Short breaks for disabled children (recommission)',
          organisation,
          openedBy: systemActor(organisation),
        },
      },
      { type: 'CommissionLinkedToPredecessor', data: { predecessorContractId: contractId, performanceHistory: history } },
    ]);
    for (const event of events) expect(parseContractEvent(event.type, JSON.parse(JSON.stringify(event.data)))).toEqual(event);
    expect(given(events)).toMatchObject({ predecessor: { contractId, performanceHistory: history } });
  });

  it('given a linked commission, when its needs assessment is recorded, then the predecessor’s history is cited among the evidence', () => {
    const opened = when([], reopen({ predecessorHistory: history }), commissioner);
    const [recorded] = when(opened, { type: 'RecordNeedsAssessment', data: assessment });
    expect(recorded?.type === 'NeedsAssessmentRecorded' && recorded.data.evidence).toEqual([
      ...assessment.evidence,
      {
        kind: 'service-data',
        description:
          'Performance of the predecessor contract with Acme Care Ltd, 2027-01-04 to 2027-12-15 (terminated): final risk rating red; ' +
          '4 of 4 returns submitted, 1 late; 0 concerns logged, 0 upheld; 1 corrective action plans',
        reference: `contract:${contractId}`,
      },
    ]);
  });

  it('given the assessment already cites the predecessor, then it is not cited twice', () => {
    const opened = when([], reopen(), commissioner);
    const cited = { ...assessment, evidence: [{ kind: 'service-data' as const, description: 'Our own review', reference: `contract:${contractId}` }] };
    const [recorded] = when(opened, { type: 'RecordNeedsAssessment', data: cited });
    expect(recorded?.type === 'NeedsAssessmentRecorded' && recorded.data.evidence).toEqual(cited.evidence);
  });

  it('refuses a commission following itself, a history without a predecessor, and a full list of evidence', () => {
    expect(refusal(() => when([], reopen({ predecessorContractId: successorId }), commissioner)).toJSON()).toMatchObject({
      kind: 'invalid',
      code: 'commission.predecessor-is-self',
      field: 'data.predecessorContractId',
    });
    const command = ContractCommand.parse({ type: 'OpenCommission', data: { contractId: successorId, title: 'Short breaks', predecessorHistory: history } });
    expect(refusal(() => when([], command, commissioner)).code).toBe('commission.history-needs-predecessor');
    const opened: ContractEvent[] = when([], reopen(), commissioner);
    const full = { ...assessment, evidence: Array.from({ length: 50 }, (_, index) => ({ kind: 'other' as const, description: `Source ${index}` })) };
    expect(refusal(() => when(opened, { type: 'RecordNeedsAssessment', data: full })).toJSON()).toMatchObject({
      code: 'commission.predecessor-evidence-needs-room',
      field: 'data.evidence',
    });
  });
});

import { KpiRating, ComplaintSeverity } from '../policy/monitoring-policy.schema';
import { conflict, invalid } from '../shared/errors';
import { contractReturnsSchedule, requireActive, type ActiveContract } from './active-contract';
import type { ContractCommand } from './contract.commands';
import type { ContractEvent, EvidenceSource, PerformanceHistory } from './contract.events';
import { evolveContract, type OpenContract } from './contract.state';
import type { MonitoringPolicy } from '../policy/monitoring-policy.schema';
import type { z } from 'zod';
import type { Actor } from '../shared/envelope.schema';

type DataOf<T extends ContractCommand['type']> = Extract<ContractCommand, { type: T }>['data'];

const countBy = <K extends string>(keys: readonly K[], values: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((key) => [key, values.filter((value) => value === key).length])) as Record<K, number>;

/** What an ended contract's life showed: the summary a recommission's needs assessment starts from. */
export const performanceHistory = (contract: ActiveContract, policy: MonitoringPolicy): PerformanceHistory => {
  const { management, issued } = contract;
  const { ended } = management;
  if (!ended) throw new Error('A performance history is summarised once the contract has ended');
  const due = contractReturnsSchedule(contract, policy).filter((period) => period.dueDate <= ended.lastDay);
  const records = due.map((period) => management.returns[period.periodId]);
  const kpis = issued.kpis.map((kpi) => {
    const rated = management.assessments.filter((assessment) => assessment.kpi === kpi);
    const latest = rated.at(-1)?.rating;
    return { kpi, periodsRated: rated.length, counts: countBy(KpiRating.options, rated.map((assessment) => assessment.rating)), ...(latest ? { latest } : {}) };
  });
  const concerns = Object.values(management.concerns);
  const byCategory: Record<string, number> = {};
  for (const concern of concerns) byCategory[concern.category] = (byCategory[concern.category] ?? 0) + 1;
  const latestInspections = new Map<string, (typeof management.inspections)[number]>();
  for (const inspection of management.inspections) {
    const current = latestInspections.get(inspection.inspectorate);
    if (!current || current.publishedOn <= inspection.publishedOn) latestInspections.set(inspection.inspectorate, inspection);
  }
  const reviews = Object.values(management.reviews);
  return {
    contractId: contract.contractId,
    title: contract.title,
    supplier: issued.supplier,
    startDate: issued.startDate,
    lastDay: ended.lastDay,
    ending: ended.how,
    ...(ended.ground === undefined ? {} : { terminationGround: ended.ground }),
    valuePence: issued.valuePence,
    finalValuePence: management.valuePence,
    variations: management.variations.length,
    extensionsExercised: management.extensionsExercised.length,
    returns: {
      due: due.length,
      submitted: records.filter((record) => record?.submittedOn).length,
      late: records.filter((record) => record?.late).length,
      missing: records.filter((record) => !record?.submittedOn).length,
    },
    kpis,
    riskRating: management.risk.rating,
    riskRatingChanges: management.risk.changes,
    concerns: {
      total: concerns.length,
      bySeverity: countBy(ComplaintSeverity.options, concerns.map((concern) => concern.severity)),
      byCategory,
      upheld: concerns.filter((concern) => concern.finding === 'upheld' || concern.finding === 'partially-upheld').length,
    },
    inspections: [...latestInspections.values()].map(({ inspectorate, publishedOn, outcome }) => ({ inspectorate, publishedOn, outcome })),
    plans: management.plans.map(({ planId, trigger, approach, outcome }) => ({ planId, trigger: trigger.kind, approach, ...(outcome ? { outcome } : {}) })),
    reviews: { held: reviews.filter((review) => review.heldOn).length, missed: reviews.filter((review) => review.missedOn).length },
    escalations: management.escalations,
    placements: Object.keys(management.placements).length,
  };
};

/**
 * The events that end a contract (`ContractTerminated`, `ContractExpired`), followed, when its need is to be
 * recommissioned, by `RecommissionRequested` with the contract's performance history, for the workflow to open
 * the successor commission.
 */
export const endContract = (contract: ActiveContract, ending: ContractEvent, recommission: boolean, today: string, policy: MonitoringPolicy): ContractEvent[] => {
  if (!recommission) return [ending];
  const ended = requireActive(evolveContract(contract, ending) as OpenContract);
  return [ending, { type: 'RecommissionRequested', data: { predecessorContractId: contract.contractId, requestedOn: today, performanceHistory: performanceHistory(ended, policy) } }];
};

/**
 * The workflow opened the successor commission. Refusals: `recommission.not-requested`,
 * `recommission.successor-already-recorded` (conflict); `recommission.successor-is-self` (invalid).
 */
export const recordSuccessor = (contract: OpenContract, { successorContractId }: DataOf<'RecordSuccessor'>): ContractEvent => {
  const { management } = requireActive(contract);
  if (!management.recommission) throw conflict('recommission.not-requested', 'The contract has not asked to be recommissioned');
  if (management.recommission.successorContractId) {
    throw conflict('recommission.successor-already-recorded', `The successor ${management.recommission.successorContractId} is already recorded`);
  }
  if (successorContractId.toLowerCase() === contract.contractId.toLowerCase()) {
    throw invalid('recommission.successor-is-self', 'A contract cannot succeed itself', 'data.successorContractId');
  }
  return { type: 'SuccessorCommissionOpened', data: { successorContractId } };
};

/**
 * Opening a commission, and for a recommission also `CommissionLinkedToPredecessor` (CommissionOpened keeps its
 * shape). Refusals (invalid): `commission.predecessor-is-self` (field `data.predecessorContractId`);
 * `commission.history-needs-predecessor` (field `data.predecessorHistory`).
 */
export const openCommission = (data: DataOf<'OpenCommission'>, organisation: string, openedBy: Actor): ContractEvent[] => {
  const { contractId, title, description, predecessorContractId, predecessorHistory } = data;
  const opened: ContractEvent = {
    type: 'CommissionOpened',
    data: { contractId, title, ...(description === undefined ? {} : { description }), organisation, openedBy },
  };
  if (predecessorContractId === undefined) {
    if (predecessorHistory !== undefined) throw invalid('commission.history-needs-predecessor', 'A history is that of a predecessor: name it', 'data.predecessorHistory');
    return [opened];
  }
  if (predecessorContractId.toLowerCase() === contractId.toLowerCase()) {
    throw invalid('commission.predecessor-is-self', 'A commission cannot follow itself', 'data.predecessorContractId');
  }
  return [
    opened,
    {
      type: 'CommissionLinkedToPredecessor',
      data: { predecessorContractId, ...(predecessorHistory === undefined ? {} : { performanceHistory: predecessorHistory }) },
    },
  ];
};

/** The predecessor's history as a piece of evidence for the needs assessment, cited by the predecessor's id. */
export const predecessorEvidence = (predecessor: NonNullable<OpenContract['predecessor']>): z.infer<typeof EvidenceSource> => {
  const history = predecessor.performanceHistory;
  const description = history
    ? `Performance of the predecessor contract with ${history.supplier.name}, ${history.startDate} to ${history.lastDay} (${history.ending}): ` +
      `final risk rating ${history.riskRating}; ${history.returns.submitted} of ${history.returns.due} returns submitted, ${history.returns.late} late; ` +
      `${history.concerns.total} concerns logged, ${history.concerns.upheld} upheld; ${history.plans.length} corrective action plans`
    : `Performance of the predecessor contract ${predecessor.contractId}`;
  return { kind: 'service-data', description: description.slice(0, 2000), reference: predecessorReference(predecessor.contractId) };
};

export const predecessorReference = (contractId: string): string => `contract:${contractId}`;

import type { KpiBandsByName } from '../monitoring/kpi-assessment';
import type { ExpiryDecision, TerminationTerms } from '../monitoring/termination';
import type { ContractVariation } from '../monitoring/variation';
import type { PlanApproach, PlanOutcome, PlanTrigger } from '../plan/plan.events';
import type { ComplaintSeverity, InspectionOutcome, KpiRating, RiskRating } from '../policy/monitoring-policy.schema';
import { isBefore, subtractCalendarDays } from '../monitoring/calendar';
import type { Actor } from '../shared/envelope.schema';
import { assertNever } from '../shared/decider';
import type { ContractEvent, PerformanceHistory, Reminder } from './contract.events';
import { ManagementEventSchemas, type ConcernStatus, type EscalationSubject } from './management.events';
import type { OpenContract } from './contract.state';
import type { MeasurementFrequency, Remedy } from './vocabulary';

export interface EscalationReached {
  step: number;
  level: string;
  reachedOn: string;
  nextStepOn?: string;
}

/** What has happened to one period's return; a period with nothing recorded has no entry. */
export interface ReturnRecord {
  periodId: string;
  reminded?: boolean;
  overdueOn?: string;
  escalation?: EscalationReached;
  submittedOn?: string;
  late?: boolean;
}

export interface AssessmentRecord {
  assessmentId: string;
  periodId: string;
  periodEnd: string;
  kpi: string;
  value: number;
  rating: KpiRating;
  assessedOn: string;
  commentClosesOn: string;
  commentedOn?: string;
}

export interface ReviewRecord {
  reviewId: string;
  reminded?: boolean;
  heldOn?: string;
  missedOn?: string;
  escalation?: EscalationReached;
}

export interface ConcernRecord {
  concernId: string;
  receivedOn: string;
  severity: ComplaintSeverity;
  category: string;
  handling: 'information-only' | 'investigate' | 'referred';
  status: ConcernStatus;
  finding?: 'upheld' | 'partially-upheld' | 'not-upheld';
}

export interface InspectionRecord {
  inspectionId: string;
  inspectorate: string;
  publishedOn: string;
  outcome: InspectionOutcome;
}

export interface PlanRecord {
  planId: string;
  sequence: number;
  trigger: PlanTrigger;
  approach: PlanApproach;
  remedies: Remedy[];
  outcome?: PlanOutcome;
  closedOn?: string;
}

export interface PlacementRecord {
  placementId: string;
  reference: string;
  startDate: string;
  plannedEndDate?: string;
  endedOn?: string;
}

export interface TerminationState {
  requested?: { ground: string; requestedOn: string; requestedBy: Actor };
  supplyImpactReview?: { reviewedOn: string; alternativeCapacity: boolean };
  notice?: { ground: string; noticeGivenOn: string; effectiveDate: string; then: 'recommission' | 'decommission' };
}

/**
 * An active contract's management: the facts its monitoring, change and end are decided on. Schedules are not
 * stored: they are derived from these facts under the deployment's monitoring policy (monitoring-calendar.ts).
 */
export interface Management {
  activatedOn: string;
  /** The contract's current last day: as issued, moved by term variations and extensions. */
  endDate: string;
  /** The contract's current value: as issued, plus extensions exercised and variations. */
  valuePence: number;
  /** The returns' frequency over time: the specification's from the start, then each change a rating made. */
  returnsFrequency: { from: string; frequency: MeasurementFrequency }[];
  returns: Record<string, ReturnRecord>;
  assessments: AssessmentRecord[];
  reports: number;
  reviews: Record<string, ReviewRecord>;
  concerns: Record<string, ConcernRecord>;
  inspections: InspectionRecord[];
  /** An active contract starts green: no evidence, no concern. */
  risk: { rating: RiskRating; since: string; changes: number };
  /** An automatic trigger that fired while no plan was open, until a plan is opened. */
  planRequired?: PlanTrigger;
  plans: PlanRecord[];
  variations: ContractVariation[];
  /** The positions of the extension options exercised. */
  extensionsExercised: number[];
  suspendedOn?: string;
  termination: TerminationState;
  expiry: { reminded?: boolean; decision?: ExpiryDecision; decidedOn?: string };
  placements: Record<string, PlacementRecord>;
  escalations: number;
  ended?: { how: 'terminated' | 'expired'; lastDay: string; ground?: string };
  recommission?: { requestedOn: string; performanceHistory: PerformanceHistory; successorContractId?: string };
}

/** The contract's terms that the rules of its management read, set at issue. */
export interface IssuedSchedules {
  kpiBands?: KpiBandsByName;
  terminationTerms?: TerminationTerms;
}

type ManagementEventType = keyof typeof ManagementEventSchemas;
export type ManagementEvent = Extract<ContractEvent, { type: ManagementEventType }>;

export const isManagementEvent = (event: ContractEvent): event is ManagementEvent => Object.hasOwn(ManagementEventSchemas, event.type);

/** The management an activated contract starts with. */
export const startManagement = (contract: OpenContract, activatedOn: string): Management => {
  const { issued, specification } = contract;
  if (!issued || !specification) throw new Error('ContractActivated cannot apply to a contract that was never issued');
  return {
    activatedOn,
    endDate: issued.endDate,
    valuePence: issued.valuePence,
    returnsFrequency: [{ from: issued.startDate, frequency: specification.monitoring.returnsSchedule }],
    returns: {},
    assessments: [],
    reports: 0,
    reviews: {},
    concerns: {},
    inspections: [],
    risk: { rating: 'green', since: activatedOn, changes: 0 },
    plans: [],
    variations: [],
    extensionsExercised: [],
    termination: {},
    expiry: {},
    placements: {},
    escalations: 0,
  };
};

const requireManagement = (contract: OpenContract, event: ContractEvent): Management => {
  if (!contract.management) throw new Error(`${event.type} cannot apply to a contract that is not active`);
  return contract.management;
};

const updateRecord = <T extends object>(records: Record<string, T>, id: string, initial: T, change: (record: T) => T): Record<string, T> => ({
  ...records,
  [id]: change(records[id] ?? initial),
});

const updateReturn = (management: Management, periodId: string, change: (record: ReturnRecord) => ReturnRecord): Management => ({
  ...management,
  returns: updateRecord(management.returns, periodId, { periodId }, change),
});

const updateReview = (management: Management, reviewId: string, change: (record: ReviewRecord) => ReviewRecord): Management => ({
  ...management,
  reviews: updateRecord(management.reviews, reviewId, { reviewId }, change),
});

const escalate = (management: Management, subject: EscalationSubject, escalation: EscalationReached): Management => {
  const counted = { ...management, escalations: management.escalations + 1 };
  switch (subject.kind) {
    case 'return':
      return updateReturn(counted, subject.periodId, (record) => ({ ...record, escalation }));
    case 'review':
      return updateReview(counted, subject.reviewId, (record) => ({ ...record, escalation }));
    case 'notice':
      throw new Error('A notice escalation is folded into the contract\'s notices, not its management');
    default:
      return assertNever(subject);
  }
};

const endPlacements = (management: Management, ids: readonly string[], endedOn: string): Record<string, PlacementRecord> =>
  Object.fromEntries(
    Object.entries(management.placements).map(([id, placement]) => [id, ids.includes(id) ? { ...placement, endedOn } : placement]),
  );

/** A new end date asks for a new decision on expiry. */
const movedEnd = (management: Management, endDate: string): Management =>
  endDate === management.endDate ? management : { ...management, endDate, expiry: {} };

const applyToManagement = (management: Management, event: ManagementEvent): Management => {
  switch (event.type) {
    case 'ReturnSubmitted': {
      const { periodId, submittedOn, late } = event.data;
      return updateReturn(management, periodId, (record) => ({ ...record, submittedOn, late }));
    }
    case 'KpiAssessed': {
      const { assessmentId, periodId, periodEnd, kpi, value, rating, assessedOn, commentClosesOn } = event.data;
      return {
        ...management,
        assessments: [...management.assessments, { assessmentId, periodId, periodEnd, kpi, value, rating, assessedOn, commentClosesOn }],
      };
    }
    case 'AssessmentCommented':
      return {
        ...management,
        assessments: management.assessments.map((assessment) =>
          assessment.assessmentId === event.data.assessmentId ? { ...assessment, commentedOn: event.data.commentedOn } : assessment,
        ),
      };
    case 'MonitoringReportRecorded':
      return { ...management, reports: management.reports + 1 };
    case 'ReviewHeld':
      return updateReview(management, event.data.reviewId, (record) => ({ ...record, heldOn: event.data.heldOn }));
    case 'ReturnOverdue':
      return updateReturn(management, event.data.periodId, (record) => ({ ...record, overdueOn: event.data.overdueOn }));
    case 'ReviewMissed':
      return updateReview(management, event.data.reviewId, (record) => ({ ...record, missedOn: event.data.missedOn }));
    case 'EscalationRaised': {
      const { subject, step, level, reachedOn, nextStepOn } = event.data;
      return escalate(management, subject, { step, level, reachedOn, ...(nextStepOn === undefined ? {} : { nextStepOn }) });
    }
    case 'ConcernLogged': {
      const { concernId, receivedOn, severity, category, handling } = event.data;
      return {
        ...management,
        concerns: { ...management.concerns, [concernId]: { concernId, receivedOn, severity, category, handling, status: 'open' } },
      };
    }
    case 'ConcernUpdated': {
      const { concernId, status, finding } = event.data;
      const concern = management.concerns[concernId];
      if (!concern) throw new Error(`ConcernUpdated names the unknown concern ${concernId}`);
      return {
        ...management,
        concerns: { ...management.concerns, [concernId]: { ...concern, status, ...(finding === undefined ? {} : { finding }) } },
      };
    }
    case 'InspectionOutcomeRecorded': {
      const { inspectionId, inspectorate, publishedOn, outcome } = event.data;
      return { ...management, inspections: [...management.inspections, { inspectionId, inspectorate, publishedOn, outcome }] };
    }
    case 'RiskRatingChanged':
      return { ...management, risk: { rating: event.data.to, since: event.data.asOf, changes: management.risk.changes + 1 } };
    case 'ReturnsScheduleChanged': {
      const { from, frequency } = event.data;
      // A change supersedes any change not yet in force: the schedule from `from` on is the new frequency's.
      const kept = management.returnsFrequency.filter((segment, index) => index === 0 || isBefore(segment.from, from));
      return { ...management, returnsFrequency: [...kept, { from, frequency }] };
    }
    case 'PlanRequired':
      return { ...management, planRequired: event.data.trigger };
    case 'CorrectivePlanOpened': {
      const { planId, sequence, trigger, approach, openPlan } = event.data;
      const { planRequired: _addressed, ...rest } = management;
      return { ...rest, plans: [...management.plans, { planId, sequence, trigger, approach, remedies: openPlan.remedies }] };
    }
    case 'CorrectivePlanEnded':
      return {
        ...management,
        plans: management.plans.map((plan) =>
          plan.planId === event.data.planId ? { ...plan, outcome: event.data.outcome, closedOn: event.data.closedOn } : plan,
        ),
      };
    case 'ContractVaried': {
      const { variationId, kind, description, valueChangePence, termChangeDays, justification, newValuePence, newEndDate } = event.data;
      const variation: ContractVariation = {
        variationId,
        kind,
        description,
        valueChangePence,
        termChangeDays,
        ...(justification === undefined ? {} : { justification }),
      };
      return { ...movedEnd(management, newEndDate), valuePence: newValuePence, variations: [...management.variations, variation] };
    }
    case 'ExtensionExercised':
      return {
        ...movedEnd(management, event.data.newEndDate),
        valuePence: management.valuePence + event.data.valuePence,
        extensionsExercised: [...management.extensionsExercised, event.data.option],
      };
    case 'ContractSuspended':
      return { ...management, suspendedOn: event.data.suspendedOn };
    case 'ContractResumed': {
      const { suspendedOn: _resumed, ...rest } = management;
      return rest;
    }
    case 'TerminationRequested': {
      const { ground, requestedOn, requestedBy } = event.data;
      return { ...management, termination: { requested: { ground, requestedOn, requestedBy } } };
    }
    case 'SupplyImpactReviewed': {
      const { reviewedOn, alternativeCapacity } = event.data;
      return { ...management, termination: { ...management.termination, supplyImpactReview: { reviewedOn, alternativeCapacity } } };
    }
    case 'TerminationNoticeGiven': {
      const { ground, noticeGivenOn, effectiveDate, then } = event.data;
      return { ...management, termination: { ...management.termination, notice: { ground, noticeGivenOn, effectiveDate, then } } };
    }
    case 'ContractTerminated': {
      const { ground, effectiveDate, placementsEnded } = event.data;
      const lastDay = subtractCalendarDays(effectiveDate, 1);
      return { ...management, placements: endPlacements(management, placementsEnded, lastDay), ended: { how: 'terminated', lastDay, ground } };
    }
    case 'ExpiryDecided': {
      const { decision, decidedOn } = event.data;
      return { ...management, expiry: { ...management.expiry, decision, decidedOn } };
    }
    case 'ContractExpired': {
      const { endDate, placementsEnded } = event.data;
      return { ...management, placements: endPlacements(management, placementsEnded, endDate), ended: { how: 'expired', lastDay: endDate } };
    }
    case 'PlacementStarted': {
      const { placementId, reference, startDate, plannedEndDate } = event.data;
      return {
        ...management,
        placements: {
          ...management.placements,
          [placementId]: { placementId, reference, startDate, ...(plannedEndDate === undefined ? {} : { plannedEndDate }) },
        },
      };
    }
    case 'PlacementEnded':
      return {
        ...management,
        placements: endPlacements(management, [event.data.placementId], event.data.endDate),
      };
    case 'RecommissionRequested':
      return { ...management, recommission: { requestedOn: event.data.requestedOn, performanceHistory: event.data.performanceHistory } };
    case 'SuccessorCommissionOpened': {
      if (!management.recommission) throw new Error('SuccessorCommissionOpened cannot apply before RecommissionRequested');
      return { ...management, recommission: { ...management.recommission, successorContractId: event.data.successorContractId } };
    }
    case 'KpiBandsSet':
    case 'TerminationTermsSet':
    case 'CommissionLinkedToPredecessor':
    case 'AnnualPerformanceAssessed':
      return management;
    default:
      return assertNever(event);
  }
};

/** A reminder of a return, a review or the expiry is issued once: the fold remembers it. */
export const applyReminder = (contract: OpenContract, reminder: Reminder): OpenContract => {
  const { management } = contract;
  if (reminder.subject === 'signature' || !management) return contract;
  switch (reminder.subject) {
    case 'return':
      return { ...contract, management: updateReturn(management, reminder.periodId, (record) => ({ ...record, reminded: true })) };
    case 'review':
      return { ...contract, management: updateReview(management, reminder.reviewId, (record) => ({ ...record, reminded: true })) };
    case 'expiry':
      return { ...contract, management: { ...management, expiry: { ...management.expiry, reminded: true } } };
    default:
      return assertNever(reminder);
  }
};

/** Folds an event of an active contract's management (or one of the terms set at issue) into the contract. */
export const evolveManagement = (contract: OpenContract, event: ManagementEvent): OpenContract => {
  switch (event.type) {
    case 'KpiBandsSet':
      return { ...contract, kpiBands: event.data.bands };
    case 'TerminationTermsSet':
      return { ...contract, terminationTerms: event.data };
    case 'CommissionLinkedToPredecessor': {
      const { predecessorContractId, performanceHistory } = event.data;
      return { ...contract, predecessor: { contractId: predecessorContractId, ...(performanceHistory === undefined ? {} : { performanceHistory }) } };
    }
    // The end of the contract is its stage too, so that every reader of the fold (the view, the register) shows it.
    case 'ContractTerminated':
      return { ...contract, stage: 'terminated', management: applyToManagement(requireManagement(contract, event), event) };
    case 'ContractExpired':
      return {
        ...contract,
        stage: event.data.decision === 'decommission' ? 'decommissioned' : 'expired',
        management: applyToManagement(requireManagement(contract, event), event),
      };
    default:
      return { ...contract, management: applyToManagement(requireManagement(contract, event), event) };
  }
};

import { isBefore, subtractCalendarDays } from '../monitoring/calendar';
import type { KpiBandsByName, KpiRatingBands } from '../monitoring/kpi-assessment';
import type { RiskEvidenceInput } from '../monitoring/risk-rating';
import { returnsSchedule, reviewSchedule, type ReturnPeriod, type ReviewMeeting } from '../monitoring/schedule';
import { expiryReminderDate } from '../monitoring/termination';
import type { MonitoringPolicy } from '../policy/monitoring-policy.schema';
import { addCalendarDays, type IsoDate } from '../policy/working-days';
import { conflict, DomainError } from '../shared/errors';
import type { ContractAward, ContractIssuedData, RagThresholds, RouteDecidedData, ServiceSpecification } from './contract.events';
import { isManagedStage, type ManagedStage, type OpenContract } from './contract.state';
import type { Management, PlacementRecord, PlanRecord } from './management.state';

/** A contract that has gone live, running or ended: everything its management reads is there. */
export type ActiveContract = OpenContract & {
  stage: ManagedStage;
  route: RouteDecidedData;
  specification: ServiceSpecification & { revision: number };
  award: ContractAward;
  issued: ContractIssuedData;
  management: Management;
};

/**
 * Refusal `contract.not-active` (conflict): the contract has not gone live. An ended contract passes: its last
 * returns are still owed and its successor is still to be recorded (`requireRunning` refuses it).
 */
export const requireActive = (contract: OpenContract): ActiveContract => {
  const { stage, route, specification, award, issued, management } = contract;
  if (!isManagedStage(stage) || !route || !specification || !award || !issued || !management) {
    throw conflict('contract.not-active', `The contract is not active: it is at stage ${stage}`);
  }
  return { ...contract, stage, route, specification, award, issued, management };
};

/** Refusals: `contract.not-active`; `contract.ended` (conflict) once the contract has been terminated or has expired. */
export const requireRunning = (contract: OpenContract): ActiveContract => {
  const active = requireActive(contract);
  const { ended } = active.management;
  if (ended) throw conflict('contract.ended', `The contract ${ended.how === 'terminated' ? 'was terminated' : 'expired'}: its last day was ${ended.lastDay}`);
  return active;
};

/** Refusal `contract.termination-notice-given` (conflict): the contract is ending on notice. */
export const requireNoNotice = (contract: ActiveContract): void => {
  const { notice } = contract.management.termination;
  if (notice) throw conflict('contract.termination-notice-given', `Notice of termination was given on ${notice.noticeGivenOn}, effective ${notice.effectiveDate}`);
};

/**
 * Runs a policy check and renames the field of its refusal to the command's: a policy names the field of its own
 * input (`proposed.justification`), a command's caller needs the field of what it sent (`data.justification`).
 */
export const refield = <T>(check: () => T, rename: (field: string | undefined) => string | undefined): T => {
  try {
    return check();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    throw new DomainError(error.kind, error.code, error.message, rename(error.field));
  }
};

/** The contract's last day: its end date, or the day before a notice of termination takes effect. */
export const lastDayOf = ({ management }: ActiveContract): IsoDate => {
  const { notice } = management.termination;
  const beforeNotice = notice ? subtractCalendarDays(notice.effectiveDate, 1) : undefined;
  return beforeNotice !== undefined && isBefore(beforeNotice, management.endDate) ? beforeNotice : addCalendarDays(management.endDate, 0);
};

/**
 * The provider's returns from the start to the last day: each stretch of the contract at the frequency in force
 * (the specification's, then each change a risk rating made), scheduled by the monitoring policy.
 */
export const contractReturnsSchedule = (contract: ActiveContract, policy: MonitoringPolicy): ReturnPeriod[] => {
  const lastDay = lastDayOf(contract);
  const segments = contract.management.returnsFrequency;
  return segments
    .flatMap((segment, index) => {
      const next = segments[index + 1];
      const dayBeforeNext = next ? subtractCalendarDays(next.from, 1) : lastDay;
      const endDate = isBefore(dayBeforeNext, lastDay) ? dayBeforeNext : lastDay;
      if (isBefore(endDate, segment.from)) return [];
      return returnsSchedule({ startDate: segment.from, endDate, frequency: segment.frequency }, policy);
    })
    .map((period, index) => ({ ...period, sequence: index + 1 }));
};

/** The review meetings of the specification's cadences, from the start to the last day. */
export const contractReviewSchedule = (contract: ActiveContract, policy: MonitoringPolicy): ReviewMeeting[] =>
  reviewSchedule(
    { startDate: contract.issued.startDate, endDate: lastDayOf(contract), cadences: contract.specification.monitoring.reviewCadence },
    policy,
  );

/** The day the commissioner is reminded that the contract is ending, from its current end date. */
export const contractExpiryReminderDate = (contract: ActiveContract, policy: MonitoringPolicy): IsoDate =>
  expiryReminderDate({ startDate: contract.issued.startDate, endDate: contract.management.endDate }, policy);

/**
 * Four bands from red/amber/green thresholds: green's threshold is good, amber's requires improvement, and
 * approaching target lies the policy's fraction of the way between them.
 */
export const bandsFromRag = (rag: RagThresholds, policy: MonitoringPolicy): KpiRatingBands => ({
  direction: rag.direction,
  good: rag.green,
  approachingTarget: rag.green + (rag.amber - rag.green) * policy.kpiBands.approachingTargetFromRag,
  requiresImprovement: rag.amber,
});

/**
 * The bands each KPI is rated against. The contract's own bands (`KpiBandsSet`, stated at issue) come first; a KPI
 * without them is rated from its specification's RAG thresholds; a KPI with neither is observed but not rated.
 */
export const contractKpiBands = (contract: ActiveContract, policy: MonitoringPolicy): KpiBandsByName => {
  const issued = new Set(contract.issued.kpis);
  const fromRag = contract.specification.kpis.flatMap((kpi) => (kpi.rag && issued.has(kpi.name) ? [[kpi.name, bandsFromRag(kpi.rag, policy)] as const] : []));
  return { ...Object.fromEntries(fromRag), ...contract.kpiBands };
};

/** The recorded evidence a risk rating is computed from. */
export const riskEvidenceOf = (contract: ActiveContract, policy: MonitoringPolicy): RiskEvidenceInput => {
  const { management } = contract;
  return {
    kpiRatings: management.assessments.map(({ assessmentId, kpi, periodEnd, rating }) => ({ id: assessmentId, kpi, periodEnd, rating })),
    returns: contractReturnsSchedule(contract, policy).map(({ periodId, dueDate }) => {
      const submittedOn = management.returns[periodId]?.submittedOn;
      return { id: periodId, dueDate, ...(submittedOn === undefined ? {} : { submittedOn }) };
    }),
    complaints: Object.values(management.concerns).map(({ concernId, receivedOn, severity, finding }) => ({
      id: concernId,
      receivedOn,
      severity,
      ...(finding === undefined ? {} : { finding }),
    })),
    inspections: management.inspections.map(({ inspectionId, inspectorate, publishedOn, outcome }) => ({
      id: inspectionId,
      inspectorate,
      publishedOn,
      outcome,
    })),
  };
};

/** The plan still running, if any: a contract has one corrective action plan at a time. */
export const runningPlan = (management: Management): PlanRecord | undefined => management.plans.find((plan) => plan.outcome === undefined);

export const openPlacements = (management: Management): PlacementRecord[] =>
  Object.values(management.placements).filter((placement) => placement.endedOn === undefined);

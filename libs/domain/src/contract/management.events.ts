import { z } from 'zod';
import { KpiBandsByName, KpiObservation, KpiRatingBands } from '../monitoring/kpi-assessment';
import { ExpiryDecision, NoticePeriod, TerminationTerms } from '../monitoring/termination';
import { OpenPlan } from '../plan/plan.commands';
import { PlanApproach, PlanOutcome, PlanTrigger, type PlanTriggerKind } from '../plan/plan.events';
import {
  AnnualKpiRatingRule,
  ComplaintSeverity,
  InspectionOutcome,
  KpiRating,
  MonitoringIntensityLevel,
  RiskRating,
} from '../policy/monitoring-policy.schema';
import { Money } from '../policy/procurement-policy.schema';
import { IsoDate } from '../policy/working-days';
import { Actor } from '../shared/envelope.schema';
import { ContractSupplier, MeasurementFrequency, ReviewCadence } from './vocabulary';

// The shapes of the events an active contract records (issue 4: monitoring, risk, corrective action, change,
// termination and recommissioning), kept apart from contract.events so that file stays readable. Every shape
// here is new: none changes an event type that already existed.

const Id = z.string().trim().min(1).max(200);
const Text = (max: number) => z.string().trim().min(1).max(max);
const Count = z.number().int().min(0);
const References = z.array(Text(500)).max(50);

// ---- Returns, assessments, reports and reviews ---------------------------------------------------------------------

export const ReturnSubmittedData = z.object({
  periodId: Id,
  periodStart: IsoDate,
  periodEnd: IsoDate,
  dueDate: IsoDate,
  submittedOn: IsoDate,
  late: z.boolean(),
  observations: z.array(KpiObservation).max(100),
  /** References to the return's own evidence (volumes, costs, surveys), besides each observation's. */
  evidence: References,
  /** KPIs observed that have no rating bands (neither stated at issue nor red/amber/green in the specification). */
  unrated: z.array(Text(300)).max(100),
});
export type ReturnSubmittedData = z.infer<typeof ReturnSubmittedData>;

export const KpiAssessedData = z.object({
  /** `assessment-<n>`: the contract's nth assessment. */
  assessmentId: Id,
  periodId: Id,
  periodEnd: IsoDate,
  kpi: Text(300),
  value: z.number(),
  rating: KpiRating,
  /** The bands the value was rated against, as they stood. */
  bands: KpiRatingBands,
  assessedOn: IsoDate,
  /** The last day the provider may comment on the assessment's accuracy; it stands from the day after. */
  commentClosesOn: IsoDate,
  standsOn: IsoDate,
});
export type KpiAssessedData = z.infer<typeof KpiAssessedData>;

export const MonitoringReportKind = z.enum(['operational', 'site-visit', 'service-user-feedback', 'placement', 'other']);
export type MonitoringReportKind = z.infer<typeof MonitoringReportKind>;

export const ReviewAttendee = z.object({
  name: Text(300),
  role: z.enum(['contract-manager', 'lead-professional', 'commissioner', 'provider', 'service-user-representative', 'other']),
  organisation: Text(200).optional(),
});
export type ReviewAttendee = z.infer<typeof ReviewAttendee>;

const AnnualKpiResultData = z.object({
  kpi: Text(300),
  rating: z.union([KpiRating, z.literal('other')]),
  periodsRated: Count,
  counts: z.record(KpiRating, Count),
  latest: KpiRating.optional(),
});

/** What a return, a missed review and an escalation are about. */
export const EscalationSubject = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('return'), periodId: Id }),
  z.object({ kind: z.literal('review'), reviewId: Id }),
  /** A Procurement Act notice not published by its statutory deadline (at any stage of the contract). */
  z.object({ kind: z.literal('notice'), noticeId: Id }),
]);
export type EscalationSubject = z.infer<typeof EscalationSubject>;

// ---- Reactive log and inspections --------------------------------------------------------------------------------

export const ConcernSource = z.enum([
  'service-user',
  'family',
  'staff',
  'provider',
  'inspector',
  'other-authority',
  'advocate',
  'anonymous',
  'other',
]);
/** Information only (the notifier wants no action), for investigation here, or referred to another party. */
export const ConcernHandling = z.enum(['information-only', 'investigate', 'referred']);
export const ConcernStatus = z.enum(['open', 'investigating', 'resolved']);
export type ConcernStatus = z.infer<typeof ConcernStatus>;
export const ConcernFinding = z.enum(['upheld', 'partially-upheld', 'not-upheld']);

export const ConcernLoggedData = z.object({
  /** `concern-<n>`: the contract's nth log entry. */
  concernId: Id,
  receivedOn: IsoDate,
  source: ConcernSource,
  category: Text(100),
  severity: ComplaintSeverity,
  summary: Text(4000),
  handling: ConcernHandling,
  /** Who it was referred to (a complaints officer, the police, another authority), when referred. */
  referredTo: Text(300).optional(),
  placementId: Id.optional(),
  loggedOn: IsoDate,
});
export type ConcernLoggedData = z.infer<typeof ConcernLoggedData>;

// ---- Risk ----------------------------------------------------------------------------------------------------------

export const RiskReasonData = z.object({
  rule: Text(200),
  rating: z.enum(['amber', 'red']),
  count: Count,
  threshold: Count,
  evidence: z.array(z.object({ kind: z.enum(['kpi-rating', 'overdue-return', 'complaint', 'inspection']), id: Id })),
  description: Text(1000),
});

export const MonitoringIntensityData = z.object({
  level: MonitoringIntensityLevel,
  returnsFrequency: MeasurementFrequency,
  returnsIncreased: z.boolean(),
  intervention: z.boolean(),
});

// ---- Recommissioning -----------------------------------------------------------------------------------------------

const PlanTriggerKindSchema = z.enum(['red-rating', 'inadequate-kpi', 'serious-complaint', 'contract-manager'] as const satisfies readonly PlanTriggerKind[]);

/**
 * What the contract's life showed, summarised when it ends: the evidence a recommission's needs assessment starts
 * from (DOMAIN.md: "the review of one contract feeds the analysis for its recommissioning").
 */
export const PerformanceHistory = z.object({
  contractId: Id,
  title: Text(300),
  supplier: ContractSupplier,
  startDate: IsoDate,
  /** The last day the contract ran. */
  lastDay: IsoDate,
  ending: z.enum(['terminated', 'expired']),
  terminationGround: Text(100).optional(),
  /** As issued, and after every variation and extension. */
  valuePence: Money,
  finalValuePence: Money,
  variations: Count,
  extensionsExercised: Count,
  returns: z.object({ due: Count, submitted: Count, late: Count, missing: Count }),
  kpis: z.array(z.object({ kpi: Text(300), periodsRated: Count, counts: z.record(KpiRating, Count), latest: KpiRating.optional() })),
  riskRating: RiskRating,
  riskRatingChanges: Count,
  concerns: z.object({
    total: Count,
    bySeverity: z.record(ComplaintSeverity, Count),
    byCategory: z.record(z.string(), Count),
    upheld: Count,
  }),
  inspections: z.array(z.object({ inspectorate: Text(200), publishedOn: IsoDate, outcome: InspectionOutcome })),
  plans: z.array(z.object({ planId: Id, trigger: PlanTriggerKindSchema, approach: PlanApproach, outcome: PlanOutcome.optional() })),
  reviews: z.object({ held: Count, missed: Count }),
  escalations: Count,
  placements: Count,
});
export type PerformanceHistory = z.infer<typeof PerformanceHistory>;

// ---- The registry's part -------------------------------------------------------------------------------------------

/** Spread into ContractEventSchemas: every event type an active contract adds, with its schema version. */
export const ManagementEventSchemas = {
  /** The contract's own four-level bands per KPI, stated at issue (they take precedence over bands from RAG). */
  KpiBandsSet: { schemaVersion: 1, data: z.object({ bands: KpiBandsByName }) },
  /** The contract's termination clause: the grounds it allows and the notice each needs. */
  TerminationTermsSet: { schemaVersion: 1, data: TerminationTerms },

  ReturnSubmitted: { schemaVersion: 1, data: ReturnSubmittedData },
  KpiAssessed: { schemaVersion: 1, data: KpiAssessedData },
  AssessmentCommented: {
    schemaVersion: 1,
    data: z.object({ assessmentId: Id, kpi: Text(300), comment: Text(4000), commentedOn: IsoDate }),
  },
  MonitoringReportRecorded: {
    schemaVersion: 1,
    data: z.object({
      /** `report-<n>`. */
      reportId: Id,
      kind: MonitoringReportKind,
      from: IsoDate,
      to: IsoDate,
      summary: Text(8000),
      findings: z.array(Text(2000)).max(50),
      evidence: References,
      additionalMonitoringRecommended: z.boolean(),
      recordedOn: IsoDate,
    }),
  },
  ReviewHeld: {
    schemaVersion: 1,
    data: z.object({
      reviewId: Id,
      kind: ReviewCadence,
      scheduledFor: IsoDate,
      heldOn: IsoDate,
      attendees: z.array(ReviewAttendee).min(1).max(50),
      minutes: Text(16_000),
      actions: z.array(Text(2000)).max(50),
    }),
  },
  /** Procurement Act 2023 s.71: the year's performance against each KPI, assessed at the annual review. */
  AnnualPerformanceAssessed: {
    schemaVersion: 1,
    data: z.object({ reviewId: Id, from: IsoDate, to: IsoDate, rule: AnnualKpiRatingRule, kpis: z.array(AnnualKpiResultData), worst: z.union([KpiRating, z.literal('other')]) }),
  },
  ReturnOverdue: { schemaVersion: 1, data: z.object({ periodId: Id, dueDate: IsoDate, overdueOn: IsoDate }) },
  ReviewMissed: { schemaVersion: 1, data: z.object({ reviewId: Id, kind: ReviewCadence, scheduledFor: IsoDate, missedOn: IsoDate }) },
  EscalationRaised: {
    schemaVersion: 1,
    data: z.object({
      subject: EscalationSubject,
      /** 1-based position on the policy's ladder. */
      step: z.number().int().positive(),
      level: Id,
      title: Text(200),
      reachedOn: IsoDate,
      /** When the next step is reached if nothing is resolved by then; absent at the top of the ladder. */
      nextStepOn: IsoDate.optional(),
    }),
  },

  ConcernLogged: { schemaVersion: 1, data: ConcernLoggedData },
  ConcernUpdated: {
    schemaVersion: 1,
    data: z.object({
      concernId: Id,
      status: ConcernStatus.exclude(['open']),
      finding: ConcernFinding.optional(),
      resolution: Text(4000).optional(),
      updatedOn: IsoDate,
    }),
  },
  InspectionOutcomeRecorded: {
    schemaVersion: 1,
    data: z.object({
      /** `inspection-<n>`. */
      inspectionId: Id,
      inspectorate: Text(200),
      publishedOn: IsoDate,
      outcome: InspectionOutcome,
      reportReference: Text(500).optional(),
    }),
  },

  RiskRatingChanged: {
    schemaVersion: 1,
    data: z.object({
      /** `rating-<n>`: the contract's nth change of rating; a plan opened on a red rating names it. */
      changeId: Id,
      from: RiskRating,
      to: RiskRating,
      asOf: IsoDate,
      reasons: z.array(RiskReasonData),
      /** What the new rating means for monitoring. */
      intensity: MonitoringIntensityData,
    }),
  },
  /** Returns at another frequency from `from` (the first day the current schedule has not yet covered). */
  ReturnsScheduleChanged: {
    schemaVersion: 1,
    data: z.object({ from: IsoDate, frequency: MeasurementFrequency, previousFrequency: MeasurementFrequency, changeId: Id }),
  },

  /** An automatic trigger fired with no plan open: the workflow opens a developmental plan on it. */
  PlanRequired: { schemaVersion: 1, data: z.object({ trigger: PlanTrigger, problem: Text(4000), requiredOn: IsoDate }) },
  /** The contract's plan started: its first command, decided here by the plan's own rules, for its workflow. */
  CorrectivePlanOpened: {
    schemaVersion: 1,
    data: z.object({
      planId: Id,
      sequence: z.number().int().positive(),
      trigger: PlanTrigger,
      approach: PlanApproach,
      openPlan: OpenPlan.shape.data,
      openedOn: IsoDate,
    }),
  },
  CorrectivePlanEnded: { schemaVersion: 1, data: z.object({ planId: Id, outcome: PlanOutcome, closedOn: IsoDate }) },

  ContractVaried: {
    schemaVersion: 1,
    data: z.object({
      /** `variation-<n>`. */
      variationId: Id,
      kind: z.enum(['scope', 'price', 'term']),
      description: Text(4000),
      valueChangePence: z.number().int(),
      termChangeDays: z.number().int(),
      approver: z.object({ name: Text(300), position: Text(300) }),
      justification: Text(4000).optional(),
      /** The permitted ground the modification rests on (absent from variations before statutory notices). */
      ground: Text(100).optional(),
      /** The cumulative change against the contract as awarded, and the policy's limits it was checked against. */
      cumulative: z.object({
        valuePercent: z.number(),
        valueLimitPercent: z.number(),
        termPercent: z.number(),
        termLimitPercent: z.number(),
        justificationRequired: z.boolean(),
      }),
      newValuePence: Money,
      newEndDate: IsoDate,
      variedOn: IsoDate,
    }),
  },
  ExtensionExercised: {
    schemaVersion: 1,
    data: z.object({
      /** The option's position among the contract's extension options, from 0. */
      option: z.number().int().min(0),
      description: Text(500).optional(),
      valuePence: Money,
      previousEndDate: IsoDate,
      newEndDate: IsoDate,
      exercisedOn: IsoDate,
    }),
  },
  ContractSuspended: { schemaVersion: 1, data: z.object({ suspendedOn: IsoDate }) },
  ContractResumed: { schemaVersion: 1, data: z.object({ suspendedOn: IsoDate, resumedOn: IsoDate }) },

  TerminationRequested: { schemaVersion: 1, data: z.object({ ground: Text(100), requestedBy: Actor, requestedOn: IsoDate }) },
  /** The contract manager's review of the supply consequences (seed 002, step a). */
  SupplyImpactReviewed: {
    schemaVersion: 1,
    data: z.object({
      reviewedOn: IsoDate,
      alternativeCapacity: z.boolean(),
      findings: Text(8000),
      /** The placements open when the review was recorded: those the termination would move. */
      placementsAffected: z.array(Id),
    }),
  },
  TerminationNoticeGiven: {
    schemaVersion: 1,
    data: z.object({
      ground: Text(100),
      notice: NoticePeriod,
      noticeGivenOn: IsoDate,
      effectiveDate: IsoDate,
      /** The written notice sent to the provider. */
      reference: Text(500),
      /** What follows the end: a new trip round the cycle, or none. */
      then: z.enum(['recommission', 'decommission']),
    }),
  },
  ContractTerminated: {
    schemaVersion: 1,
    data: z.object({ ground: Text(100), effectiveDate: IsoDate, placementsEnded: z.array(Id) }),
  },
  ExpiryDecided: { schemaVersion: 1, data: z.object({ decision: ExpiryDecision, endDate: IsoDate, decidedOn: IsoDate }) },
  ContractExpired: {
    schemaVersion: 1,
    data: z.object({ endDate: IsoDate, expiredOn: IsoDate, decision: ExpiryDecision.optional(), placementsEnded: z.array(Id) }),
  },

  PlacementStarted: {
    schemaVersion: 1,
    data: z.object({
      /** `placement-<n>`. */
      placementId: Id,
      /** The person's case reference, never their name. */
      reference: Text(200),
      startDate: IsoDate,
      plannedEndDate: IsoDate.optional(),
    }),
  },
  PlacementEnded: {
    schemaVersion: 1,
    data: z.object({
      placementId: Id,
      endDate: IsoDate,
      reason: z.enum(['planned-end', 'needs-met', 'moved-on', 'provider-failure', 'other']),
      /** The termination record (seed 002's proforma) sent to Finance and the contract manager. */
      record: Text(4000),
    }),
  },

  /** The contract ended and its need is to be recommissioned: the workflow opens the successor commission. */
  RecommissionRequested: {
    schemaVersion: 1,
    data: z.object({ predecessorContractId: Id, requestedOn: IsoDate, performanceHistory: PerformanceHistory }),
  },
  SuccessorCommissionOpened: { schemaVersion: 1, data: z.object({ successorContractId: Id }) },
  /** A recommission: the new commission names the contract it follows and starts from its history. */
  CommissionLinkedToPredecessor: {
    schemaVersion: 1,
    data: z.object({ predecessorContractId: Id, performanceHistory: PerformanceHistory.optional() }),
  },
} as const;

import { z } from 'zod';
import { KpiObservation } from '../monitoring/kpi-assessment';
import { ExpiryDecision } from '../monitoring/termination';
import { PlanApproach, PlanOutcome, PlanTrigger } from '../plan/plan.events';
import { ComplaintSeverity, InspectionOutcome } from '../policy/monitoring-policy.schema';
import { IsoDate } from '../policy/working-days';
import {
  ConcernHandling,
  ConcernSource,
  EscalationSubject,
  ManagementEventSchemas,
  MonitoringReportKind,
  ReviewAttendee,
} from './management.events';
import { Remedy } from './vocabulary';

// The commands of an active contract (issue 4). People give most of them; those marked `system` come from the
// contract's workflow: its timers, and the reports of the plans it runs.

const Id = z.string().trim().min(1).max(200);
const Text = (max: number) => z.string().trim().min(1).max(max);
const Note = Text(4000).optional();
const References = z.array(Text(500)).max(50).default([]);

/**
 * Four-level bands as the command carries them: the order of the thresholds is a rule the decider applies
 * (`monitoring.kpi-bands-out-of-order`), so that the refusal names it.
 */
export const KpiBandsInput = z.record(
  Text(300),
  z.object({
    direction: z.enum(['higher-is-better', 'lower-is-better']),
    good: z.number(),
    approachingTarget: z.number(),
    requiresImprovement: z.number(),
  }),
);

/** A termination clause as the command carries it: a ground listed twice is the decider's refusal. */
export const TerminationTermsInput = z.object({
  grounds: z
    .array(
      z.object({
        ground: Text(100),
        description: z.string().trim().max(2000).optional(),
        notice: z.object({ length: z.number().int().min(0).max(1000), unit: z.enum(['days', 'months']) }),
      }),
    )
    .max(30),
});

// ---- Monitoring --------------------------------------------------------------------------------------------------

/** The provider's return for a period that has ended: an observation per KPI reported, with evidence. */
export const SubmitReturn = z.object({
  type: z.literal('SubmitReturn'),
  data: z.object({
    periodId: Id,
    observations: z.array(KpiObservation).max(100).default([]),
    evidence: References,
    note: Note,
  }),
});

/** The provider comments on the accuracy of an assessment, within the window before it stands. */
export const CommentOnAssessment = z.object({
  type: z.literal('CommentOnAssessment'),
  data: z.object({ assessmentId: Id, comment: Text(4000) }),
});

/** An operational team's monitoring report (seed 002: "operational monitoring reports … sent to CCM"). */
export const RecordMonitoringReport = z.object({
  type: z.literal('RecordMonitoringReport'),
  data: z.object({
    kind: MonitoringReportKind,
    from: IsoDate,
    to: IsoDate,
    summary: Text(8000),
    findings: z.array(Text(2000)).max(50).default([]),
    evidence: References,
    additionalMonitoringRecommended: z.boolean().default(false),
  }),
});

/** A scheduled review meeting, held and minuted. */
export const HoldReview = z.object({
  type: z.literal('HoldReview'),
  data: z.object({
    reviewId: Id,
    attendees: z.array(ReviewAttendee).min(1).max(50),
    minutes: Text(16_000),
    actions: z.array(Text(2000)).max(50).default([]),
  }),
});

/** System: a return not submitted by the end of its due date is overdue. */
export const RecordReturnOverdue = z.object({
  type: z.literal('RecordReturnOverdue'),
  data: z.object({ periodId: Id }),
});

/** System: an overdue return or a missed review climbs the next step of the escalation ladder. */
export const RaiseEscalation = z.object({
  type: z.literal('RaiseEscalation'),
  data: z.object({ subject: EscalationSubject }),
});

// ---- Reactive log and inspections --------------------------------------------------------------------------------

export const LogConcern = z.object({
  type: z.literal('LogConcern'),
  data: z.object({
    receivedOn: IsoDate,
    source: ConcernSource,
    /** One of the policy's pre-agreed categories. */
    category: Text(100),
    severity: ComplaintSeverity,
    summary: Text(4000),
    handling: ConcernHandling,
    referredTo: Text(300).optional(),
    placementId: Id.optional(),
  }),
});

export const UpdateConcern = z.object({
  type: z.literal('UpdateConcern'),
  data: z.object({
    concernId: Id,
    status: z.enum(['investigating', 'resolved']),
    finding: z.enum(['upheld', 'partially-upheld', 'not-upheld']).optional(),
    resolution: Text(4000).optional(),
    note: Note,
  }),
});

export const RecordInspectionOutcome = z.object({
  type: z.literal('RecordInspectionOutcome'),
  data: z.object({
    inspectorate: Text(200),
    publishedOn: IsoDate,
    outcome: InspectionOutcome,
    reportReference: Text(500).optional(),
  }),
});

// ---- Corrective action -------------------------------------------------------------------------------------------

/**
 * Opens the contract's next corrective action plan: the contract manager on any trigger, the system only on the
 * automatic trigger the contract required a plan for (and only developmental).
 */
export const OpenCorrectivePlan = z.object({
  type: z.literal('OpenCorrectivePlan'),
  data: z.object({
    trigger: PlanTrigger,
    approach: PlanApproach,
    problem: Text(4000),
    causeAnalysis: Text(4000).optional(),
    remedies: z.array(Remedy).max(Remedy.options.length).default([]),
    additionalMonitoring: Text(4000).optional(),
    support: Text(4000).optional(),
  }),
});

/** System: the plan's workflow reports how the plan closed. */
export const RecordPlanOutcome = z.object({
  type: z.literal('RecordPlanOutcome'),
  data: z.object({ planId: Id, outcome: PlanOutcome, closedOn: IsoDate }),
});

// ---- Change ------------------------------------------------------------------------------------------------------

const SignedPence = z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER);

export const VaryContract = z.object({
  type: z.literal('VaryContract'),
  data: z.object({
    kind: z.enum(['scope', 'price', 'term']),
    description: Text(4000),
    valueChangePence: SignedPence.default(0),
    termChangeDays: z.number().int().min(-36_500).max(36_500).default(0),
    /** Who approved the variation (DOMAIN.md stage 7: "recorded with who approved them"). */
    approver: ManagementEventSchemas.ContractVaried.data.shape.approver,
    /** Required, at the policy's minimum length, once the cumulative change passes a limit. */
    justification: z.string().trim().max(4000).optional(),
    /**
     * The permitted ground (s74, Schedule 8; the monitoring policy's `variation.permittedGrounds`) a modification
     * past the limits rests on: required then, as a justification alone does not permit it.
     */
    ground: z.string().trim().min(1).max(100).optional(),
  }),
});

/** Takes up one of the extension options the contract was issued with, once. */
const Extension = z.object({
  /** The option's position among the contract's extension options, from 0. */
  option: z.number().int().min(0).max(19),
  newEndDate: IsoDate,
});

export const ExerciseExtension = z.object({
  type: z.literal('ExerciseExtension'),
  data: Extension.extend({ note: Note }),
});

export const SuspendContract = z.object({ type: z.literal('SuspendContract'), data: z.object({ note: Text(4000) }) });
export const ResumeContract = z.object({ type: z.literal('ResumeContract'), data: z.object({ note: Note }) });

// ---- Termination, expiry and placements --------------------------------------------------------------------------

/** An early termination asked for (by the operational lead, typically), with the ground and why. */
export const RequestTermination = z.object({
  type: z.literal('RequestTermination'),
  data: z.object({ ground: Text(100), reason: Text(4000) }),
});

/** The contract manager's review of what the termination would do to supply: capacity elsewhere, placements to move. */
export const RecordSupplyImpactReview = z.object({
  type: z.literal('RecordSupplyImpactReview'),
  data: z.object({ alternativeCapacity: z.boolean(), findings: Text(8000) }),
});

/** Written notice under the contract's termination clause; the notice period sets the effective date. */
export const GiveTerminationNotice = z.object({
  type: z.literal('GiveTerminationNotice'),
  data: z.object({
    ground: Text(100),
    /** The written notice sent to the provider. */
    reference: Text(500),
    then: z.enum(['recommission', 'decommission']).default('recommission'),
  }),
});

/** System: the notice takes effect. */
export const TerminateContract = z.object({ type: z.literal('TerminateContract'), data: z.object({}) });

/** After the expiry reminder: recommission, extend (with the option taken up) or decommission. */
export const DecideOnExpiry = z.object({
  type: z.literal('DecideOnExpiry'),
  data: z.object({ decision: ExpiryDecision, extension: Extension.optional(), note: Note }),
});

/** System: the day after the contract's last day. */
export const ExpireContract = z.object({ type: z.literal('ExpireContract'), data: z.object({}) });

/** A placement against the contract (a child, a client), identified by case reference, never by name. */
export const StartPlacement = z.object({
  type: z.literal('StartPlacement'),
  data: z.object({ reference: Text(200), startDate: IsoDate, plannedEndDate: IsoDate.optional() }),
});

export const EndPlacement = z.object({
  type: z.literal('EndPlacement'),
  data: ManagementEventSchemas.PlacementEnded.data,
});

/** System: the workflow opened the successor commission a recommission asked for. */
export const RecordSuccessor = z.object({
  type: z.literal('RecordSuccessor'),
  data: z.object({ successorContractId: z.uuid() }),
});

/** The commands of an active contract, for ContractCommand's union. */
export const ManagementCommands = [
  SubmitReturn,
  CommentOnAssessment,
  RecordMonitoringReport,
  HoldReview,
  RecordReturnOverdue,
  RaiseEscalation,
  LogConcern,
  UpdateConcern,
  RecordInspectionOutcome,
  OpenCorrectivePlan,
  RecordPlanOutcome,
  VaryContract,
  ExerciseExtension,
  SuspendContract,
  ResumeContract,
  RequestTermination,
  RecordSupplyImpactReview,
  GiveTerminationNotice,
  TerminateContract,
  DecideOnExpiry,
  ExpireContract,
  StartPlacement,
  EndPlacement,
  RecordSuccessor,
] as const;

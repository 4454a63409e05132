import { z } from 'zod';
import { eventRegistry, type EventOf } from '../shared/event-registry';
import { EvaluationCriterion } from '../policy/evaluation.policy';
import {
  AuthoriserBody,
  ContractingAuthorityKind,
  DirectAwardRule,
  Money,
  ProcurementContractType,
  ProcurementProcedure,
  ProcurementRegime,
  ProcurementRoute,
  PurchaseAuthorityCategory,
} from '../policy/procurement-policy.schema';
import { Authoriser, ExtensionOption, type ThresholdName } from '../policy/route.policy';
import { IsoDate } from '../policy/working-days';
import { Actor } from '../shared/envelope.schema';
import { TenderDetails } from '../tender/tender.commands';
import { NoticeEventSchemas } from '../notices/notice.events';
import { PaymentEventSchemas } from '../payments/payment.events';
import { ManagementEventSchemas } from './management.events';
import { ContractSupplier, MeasurementFrequency, Remedy, ReviewCadence } from './vocabulary';

export { ContractSupplier, MeasurementFrequency, Remedy, ReviewCadence };
export * from './management.events';

export const OutcomeLevel = z.enum(['individual', 'service', 'strategic']);

/** An outcome the commissioner wants: distinct from outputs and inputs, each measurable against a baseline. */
export const Outcome = z.object({
  level: OutcomeLevel,
  description: z.string().trim().min(1).max(2000),
  indicator: z.string().trim().min(1).max(1000),
  baseline: z.string().trim().min(1).max(1000),
  target: z.string().trim().min(1).max(1000),
});

export const EvidenceSource = z.object({
  kind: z.enum(['needs-assessment-data', 'service-data', 'user-consultation', 'inspection', 'other']),
  description: z.string().trim().min(1).max(2000),
  reference: z.string().trim().max(500).optional(),
});

/** 1 unavoidable/statutory … 5 not a priority, as the commissioning guide ranks needs. */
export const Priority = z.number().int().min(1).max(5);

export const NeedsAssessment = z.object({
  need: z.string().trim().min(1).max(4000),
  clientGroup: z.string().trim().min(1).max(500),
  evidence: z.array(EvidenceSource).min(1).max(50),
  unmetNeeds: z.array(z.string().trim().min(1).max(2000)).max(50),
  priority: Priority,
  outcomes: z.array(Outcome).min(1).max(50),
  serviceUserInvolvement: z.string().trim().min(1).max(4000),
});
export type NeedsAssessment = z.infer<typeof NeedsAssessment>;

// ---- Route decision ----------------------------------------------------------------------------------------------

/**
 * What the commissioner decides about the route, and the facts the policy needs to check it. The rules (a
 * justification for anything but a tender, a tender above threshold, the authoriser's delegated limit) are the
 * policy's and are applied by the decider, so this shape stays a plain object the API can extend.
 */
export const RouteDecisionDetails = z.object({
  route: ProcurementRoute,
  /** Required for a tender; refused for any other route. */
  procedure: ProcurementProcedure.optional(),
  contractType: ProcurementContractType,
  /** The contracting authority's kind (central or sub-central): it decides the Procurement Act threshold. */
  authority: ContractingAuthorityKind,
  /** For a direct award above the local threshold: one of the policy's recognised grounds. */
  directAwardGround: z.string().trim().min(1).max(100).optional(),
  /** Required (at the policy's minimum length) for any route that is not a tender; becomes the event's reason. */
  justification: z.string().trim().max(4000).optional(),
  /** In pence including VAT. */
  annualValuePence: Money,
  /** The initial term in years; fractions are allowed. */
  years: z.number().positive().max(100),
  /** Every option to extend counts towards the whole-life value, whether or not it is expected to be taken up. */
  extensionOptions: z.array(ExtensionOption).max(20).default([]),
  /** Authority to purchase: A immediate within criteria, B budget holder within delegated limit, C Resource Allocation Group. */
  authorityCategory: PurchaseAuthorityCategory,
  authoriser: Authoriser.extend({ id: z.string().trim().min(1).max(200) }),
  /** Category A only: whether the criteria to receive the service are met. */
  eligibilityCriteriaMet: z.boolean().optional(),
});
export type RouteDecisionDetails = z.infer<typeof RouteDecisionDetails>;

export const ThresholdNameSchema = z.enum(['sub-central', 'central', 'light-touch', 'works'] as const satisfies readonly ThresholdName[]);

/** The part of the deployment's policy a route decision was checked against, as it stood on the day. */
export const RoutePolicyApplied = z.object({
  localThresholdPence: Money,
  /** The Procurement Act 2023 threshold for this contract type and authority. */
  regulatedThreshold: z.object({ name: ThresholdNameSchema, pence: Money }),
  routesAllowed: z.array(ProcurementRoute),
  directAwardRule: DirectAwardRule,
  proceduresAllowed: z.array(ProcurementProcedure),
  socialValueMustBeConsidered: z.boolean(),
  minimumJustificationLength: z.number().int().positive(),
  /** The rule of the authority category used: who may authorise, and whether criteria or a delegated limit apply. */
  authorityCategoryRule: z.object({
    authorisers: z.array(AuthoriserBody),
    requiresEligibilityCriteria: z.boolean(),
    withinDelegatedLimit: z.boolean(),
  }),
});
export type RoutePolicyApplied = z.infer<typeof RoutePolicyApplied>;

export const RouteDecidedData = RouteDecisionDetails.extend({
  extensionOptions: z.array(ExtensionOption).max(20),
  /** annual value × years (rounded up to the penny) + every extension option. */
  wholeLifeValuePence: Money,
  /** Which rules the value fell under: proportionate, local-competitive or regulated. */
  regime: ProcurementRegime,
  policyApplied: RoutePolicyApplied,
});
export type RouteDecidedData = z.infer<typeof RouteDecidedData>;

// ---- Service specification ---------------------------------------------------------------------------------------

/** Outputs (how much did we do), process (how well did we do it), outcomes (is anyone better off). */
export const KpiKind = z.enum(['output', 'outcome', 'process']);

/**
 * Red/amber/green bands, stated in advance. At or better than `green`: green; at or better than `amber`: amber;
 * worse: red. "Better" follows `direction`; green must be strictly better than amber.
 */
export const RagThresholds = z.object({
  direction: z.enum(['higher-is-better', 'lower-is-better']),
  green: z.number(),
  amber: z.number(),
});
export type RagThresholds = z.infer<typeof RagThresholds>;

export const Kpi = z.object({
  /** Unique within the specification: returns report against it. */
  name: z.string().trim().min(1).max(300),
  kind: KpiKind,
  description: z.string().trim().max(2000).optional(),
  target: z.number(),
  /** What the target counts: '%', 'days', 'people', … */
  unit: z.string().trim().min(1).max(50),
  measurementFrequency: MeasurementFrequency,
  /** Where the measure comes from: a provider return, a case-management system, a survey, … */
  evidenceSource: z.string().trim().min(1).max(1000),
  rag: RagThresholds.optional(),
});
export type Kpi = z.infer<typeof Kpi>;

export const MonitoringArrangements = z.object({
  /** How often the provider submits its monitoring return. */
  returnsSchedule: MeasurementFrequency,
  /** Review meetings, typically biannual and annual (the contract manager attends the annual one). */
  reviewCadence: z.array(ReviewCadence).min(1).max(3),
  /** What data, how, and by whom. */
  description: z.string().trim().max(4000).optional(),
});

export const PaymentPerformanceLink = z.object({
  description: z.string().trim().min(1).max(4000),
  /** The share of payment that depends on performance, as a percentage. */
  percentageAtRisk: z.number().min(0).max(100).optional(),
});

export const Milestone = z.object({
  name: z.string().trim().min(1).max(300),
  description: z.string().trim().max(2000).optional(),
  dueDate: IsoDate.optional(),
});

/**
 * The service specification. Structure only: the rules (criteria weights summing to 100, criteria required for a
 * tender, unique KPI names, RAG bands in order) are applied by the decider, which refuses with a DomainError.
 */
export const ServiceSpecification = z.object({
  kpis: z.array(Kpi).min(1).max(100),
  monitoring: MonitoringArrangements,
  paymentPerformanceLink: PaymentPerformanceLink,
  remediesAllowed: z.array(Remedy).max(Remedy.options.length).default([]),
  serviceStandards: z.array(z.string().trim().min(1).max(2000)).max(100).default([]),
  milestones: z.array(Milestone).max(100).default([]),
  /** The evaluation criteria and weights to publish with the tender: required for a tender route. */
  criteria: z.array(EvaluationCriterion).min(1).max(50).optional(),
});
export type ServiceSpecification = z.infer<typeof ServiceSpecification>;

// ---- Award -------------------------------------------------------------------------------------------------------

const Instant = z.iso.datetime({ offset: true });

/**
 * The award of the contract: the data of `ContractAwarded`, whichever way the supplier was chosen. The tender
 * produces it with basis `tender` (its id and the end of its standstill); a direct award or a grant with the route
 * as the basis. `valuePence` is the value of the initial term awarded; extension options are priced on their own.
 */
export const ContractAward = z.object({
  basis: ProcurementRoute,
  tenderId: z.string().trim().min(1).max(200).optional(),
  supplier: ContractSupplier,
  valuePence: Money,
  awardedAt: Instant,
  standstillEndedAt: Instant.optional(),
});
export type ContractAward = z.infer<typeof ContractAward>;

// ---- Contract issue ----------------------------------------------------------------------------------------------

export const ContractTerms = z.object({
  /** Where the terms and conditions (and individual schedules) are kept: a document reference. */
  reference: z.string().trim().min(1).max(500),
  summary: z.string().trim().min(1).max(4000),
});

/** What the contract is, as issued for signature: a snapshot, so later changes elsewhere never rewrite it. */
export const ContractIssuedData = z.object({
  terms: ContractTerms,
  specificationRevision: z.number().int().positive(),
  supplier: ContractSupplier,
  valuePence: Money,
  startDate: IsoDate,
  endDate: IsoDate,
  extensionOptions: z.array(ExtensionOption).max(20),
  /** The punitive remedies the contract allows; no other may be used later. */
  remediesAllowed: z.array(Remedy),
  /** The KPIs that returns will report against, by name. */
  kpis: z.array(z.string().min(1)),
});
export type ContractIssuedData = z.infer<typeof ContractIssuedData>;

export const ContractAuthorisedData = z.object({
  category: PurchaseAuthorityCategory,
  authoriser: Authoriser.extend({ id: z.string().trim().min(1).max(200) }),
  /** What was authorised: the issued value plus every extension option, the most the contract can commit. */
  valuePence: Money,
  eligibilityCriteriaMet: z.boolean().optional(),
});
export type ContractAuthorisedData = z.infer<typeof ContractAuthorisedData>;

/** The two parties to the contract: the commissioning authority and the provider (the supplier). */
export const SigningParty = z.enum(['authority', 'provider']);
export type SigningParty = z.infer<typeof SigningParty>;

/** The person who signed for a party; the actor who recorded it is in the event's metadata. */
export const Signatory = z.object({
  name: z.string().trim().min(1).max(300),
  position: z.string().trim().min(1).max(300),
});

export const ContractSignedData = z.object({ party: SigningParty, signatory: Signatory });
export type ContractSignedData = z.infer<typeof ContractSignedData>;

/** What Finance is told once both parties have signed: payments follow the contract. */
export const FinanceNotifiedData = z.object({
  startDate: IsoDate,
  endDate: IsoDate,
  valuePence: Money,
  supplier: ContractSupplier,
});

export const Recipient = z.object({
  name: z.string().trim().min(1).max(300),
  organisation: z.string().trim().min(1).max(200).optional(),
});

export const MasterCopyRecordedData = z.object({
  /** Where the signed master copy is kept. */
  reference: z.string().trim().min(1).max(500),
  /** Who was sent a copy: the provider and the key people. */
  distribution: z.array(Recipient).min(1).max(100),
});
export type MasterCopyRecordedData = z.infer<typeof MasterCopyRecordedData>;

export const MobilisationStartedData = z.object({
  planSummary: z.string().trim().min(1).max(4000),
  milestones: z.array(Milestone).max(100).default([]),
});
export type MobilisationStartedData = z.infer<typeof MobilisationStartedData>;

export const ContractActivatedData = z.object({
  /** The calendar day (London) the contract went live: on or after its start date. */
  activatedOn: IsoDate,
});

// ---- Reminders ---------------------------------------------------------------------------------------------------

/** What a reminder is about; each subject has its own shape. */
export const ReminderSubject = z.enum(['signature', 'return', 'review', 'expiry']);
export type ReminderSubject = z.infer<typeof ReminderSubject>;

export const SignatureReminder = z.object({
  subject: z.literal(ReminderSubject.enum.signature),
  /** The parties whose signature is still awaited, each once. */
  awaiting: z
    .array(SigningParty)
    .min(1)
    .max(SigningParty.options.length)
    .refine((parties) => new Set(parties).size === parties.length, 'each party is named once'),
  dueOn: IsoDate.optional(),
});

/** A provider's return falls due on `dueOn`. */
export const ReturnReminder = z.object({
  subject: z.literal(ReminderSubject.enum.return),
  periodId: z.string().min(1).max(200),
  dueOn: IsoDate,
});

/** A review meeting is held on `dueOn`. */
export const ReviewReminder = z.object({
  subject: z.literal(ReminderSubject.enum.review),
  reviewId: z.string().min(1).max(200),
  dueOn: IsoDate,
});

/** The contract ends on `endDate`: time to decide whether to recommission, extend or decommission. */
export const ExpiryReminder = z.object({
  subject: z.literal(ReminderSubject.enum.expiry),
  endDate: IsoDate,
});

/** A reminder the workflow's timers issue; one shape per subject. */
export const Reminder = z.discriminatedUnion('subject', [SignatureReminder, ReturnReminder, ReviewReminder, ExpiryReminder]);
export type Reminder = z.infer<typeof Reminder>;

/** A tender's publication as the contract records it when the tender starts. */
const TenderPublication = TenderDetails.extend({
  tenderId: z.string().min(1),
  contractId: z.string().min(1),
  criteria: z.array(EvaluationCriterion).min(1),
  /** Whether the procurement is covered by the Procurement Act 2023 and so publishes notices (absent before). */
  covered: z.boolean().optional(),
});

/**
 * Every event type with its current schema version and the shape of its data. A change to a shape is a new
 * version with an upcaster, never an edit: stored events are immutable.
 */
export const ContractEventSchemas = {
  CommissionOpened: {
    schemaVersion: 1,
    data: z.object({
      contractId: z.string().min(1),
      title: z.string().min(1),
      description: z.string().optional(),
      organisation: z.string().min(1),
      openedBy: Actor,
    }),
  },
  NeedsAssessmentRecorded: {
    schemaVersion: 1,
    data: NeedsAssessment.extend({ revision: z.number().int().positive() }),
  },
  RouteDecided: {
    schemaVersion: 1,
    data: RouteDecidedData,
  },
  SpecificationAgreed: {
    schemaVersion: 1,
    data: ServiceSpecification.extend({ revision: z.number().int().positive() }),
  },
  ContractAwarded: { schemaVersion: 1, data: ContractAward },
  ContractIssued: { schemaVersion: 1, data: ContractIssuedData },
  ContractAuthorised: { schemaVersion: 1, data: ContractAuthorisedData },
  ContractSigned: { schemaVersion: 1, data: ContractSignedData },
  FinanceNotified: { schemaVersion: 1, data: FinanceNotifiedData },
  MasterCopyRecorded: { schemaVersion: 1, data: MasterCopyRecordedData },
  MobilisationStarted: { schemaVersion: 1, data: MobilisationStartedData },
  ContractActivated: { schemaVersion: 1, data: ContractActivatedData },
  ReminderIssued: { schemaVersion: 1, data: Reminder },
  /** The tender started: what its workflow publishes, decided here by the tender's rules. */
  TenderStarted: {
    schemaVersion: 1,
    data: z.object({ tenderId: z.string().min(1), publication: TenderPublication, startedAt: Instant }),
  },
  /** The running tender ended without an award (an award is ContractAwarded); another may be started. */
  TenderEnded: { schemaVersion: 1, data: z.object({ tenderId: z.string().min(1), outcome: z.literal('cancelled') }) },
  ...NoticeEventSchemas,
  ...PaymentEventSchemas,
  ...ManagementEventSchemas,
} as const;

type Schemas = typeof ContractEventSchemas;
export type ContractEventType = keyof Schemas;
export type ContractEventData<T extends ContractEventType> = z.infer<Schemas[T]['data']>;
export type ContractEvent = EventOf<Schemas>;

const registry = eventRegistry('contract', ContractEventSchemas);
export const isContractEventType = registry.isType;
/** Parses stored event data back into a typed event; unknown types or shapes are a corrupted stream, not user input. */
export const parseContractEvent = registry.parse;

/** The events of a contract's management once it is active (monitoring, change, termination, recommissioning). */
export type ManagementEventType = keyof typeof ManagementEventSchemas;
export const isManagementEventType = (type: string): type is ManagementEventType => Object.hasOwn(ManagementEventSchemas, type);

import { z } from 'zod';
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
export const MeasurementFrequency = z.enum(['weekly', 'monthly', 'quarterly', 'biannual', 'annual']);
export type MeasurementFrequency = z.infer<typeof MeasurementFrequency>;

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

export const ReviewCadence = z.enum(['quarterly', 'biannual', 'annual']);

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

/** The powers the contract gives; a punitive remedy can later be used only if it is listed here. */
export const Remedy = z.enum(['financial-remedy', 'suspension-of-referrals', 'suspension-from-list', 'termination']);
export type Remedy = z.infer<typeof Remedy>;

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
} as const;

type Schemas = typeof ContractEventSchemas;
export type ContractEventType = keyof Schemas;
export type ContractEventData<T extends ContractEventType> = z.infer<Schemas[T]['data']>;
export type ContractEvent = {
  [T in ContractEventType]: { type: T; data: ContractEventData<T>; reason?: string };
}[ContractEventType];

export const isContractEventType = (type: string): type is ContractEventType => Object.hasOwn(ContractEventSchemas, type);

/** Parses stored event data back into a typed event; unknown types or shapes are a corrupted stream, not user input. */
export const parseContractEvent = (type: string, data: unknown): ContractEvent => {
  if (!isContractEventType(type)) throw new Error(`Unknown contract event type ${type}`);
  return { type, data: ContractEventSchemas[type].data.parse(data) } as ContractEvent;
};

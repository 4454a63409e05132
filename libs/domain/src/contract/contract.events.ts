import { z } from 'zod';
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

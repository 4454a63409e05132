import { z } from 'zod';
import { eventRegistry, type EventOf } from '../shared/event-registry';
import { Remedy } from '../contract/vocabulary';
import { IsoDate } from '../policy/working-days';
import { Actor } from '../shared/envelope.schema';

const Id = z.string().trim().min(1).max(200);
const Text = (max: number) => z.string().trim().min(1).max(max);

/**
 * Why a corrective action plan was opened: one of the automatic triggers, each naming the evidence that fired it,
 * or the contract manager's own decision (issue 4, item 5).
 */
export const PlanTrigger = z.discriminatedUnion('kind', [
  /** The event that changed the contract's risk rating to red. */
  z.object({ kind: z.literal('red-rating'), ratingChangeId: Id }),
  z.object({ kind: z.literal('inadequate-kpi'), kpi: Text(300), periodId: Id }),
  z.object({ kind: z.literal('serious-complaint'), complaintId: Id }),
  z.object({ kind: z.literal('contract-manager') }),
]);
export type PlanTrigger = z.infer<typeof PlanTrigger>;
export type PlanTriggerKind = PlanTrigger['kind'];

/**
 * The recorded choice of approach (seed 000, "Managing poor performance"): developmental (agree what went wrong,
 * with support and extra monitoring) or punitive (a remedy the contract gives the power for).
 */
export const PlanApproach = z.enum(['developmental', 'punitive']);
export type PlanApproach = z.infer<typeof PlanApproach>;

/** Who owns an action: someone at the authority or at the provider. */
export const ActionOwner = z.object({
  party: z.enum(['authority', 'provider']),
  name: Text(300),
});
export type ActionOwner = z.infer<typeof ActionOwner>;

/** An agreed action; its due date is a milestone the workflow sets a timer for. */
export const PlanAction = z.object({
  actionId: Id,
  description: Text(4000),
  owner: ActionOwner,
  dueDate: IsoDate,
});
export type PlanAction = z.infer<typeof PlanAction>;

export const PlanOutcome = z.enum(['successful', 'failed']);
export type PlanOutcome = z.infer<typeof PlanOutcome>;

/** What the plan knows of its contract, copied at opening so later changes to the contract never rewrite it. */
export const PlanContractContext = z.object({
  /** The commissioning authority: its staff act on the plan. */
  organisation: Id,
  /** The provider: it sees the plan and reports on its actions. */
  providerOrganisation: Id,
  /** The punitive remedies the contract's terms grant; no other may be used. */
  remediesAllowed: z.array(Remedy).max(Remedy.options.length),
});
export type PlanContractContext = z.infer<typeof PlanContractContext>;

/**
 * Every plan event with its current schema version and the shape of its data. A changed shape is a new version
 * with an upcaster, never an edit: stored events are immutable.
 */
export const PlanEventSchemas = {
  PlanOpened: {
    schemaVersion: 1,
    data: z.object({
      /** `<contractId>.<n>`: the contract's nth plan. */
      planId: Id,
      contractId: Id,
      sequence: z.number().int().positive(),
      contract: PlanContractContext,
      trigger: PlanTrigger,
      approach: PlanApproach,
      /** What went wrong, as the parties agree it. */
      problem: Text(4000),
      /** Why it went wrong: monitoring shows that a problem exists, not why (seed 000). */
      causeAnalysis: Text(4000).optional(),
      remedies: z.array(Remedy),
      additionalMonitoring: Text(4000).optional(),
      support: Text(4000).optional(),
      openedBy: Actor,
      openedOn: IsoDate,
    }),
  },
  ActionsAgreed: { schemaVersion: 1, data: z.object({ actions: z.array(PlanAction).min(1), agreedOn: IsoDate }) },
  ActionProgressRecorded: {
    schemaVersion: 1,
    data: z.object({ actionId: Id, note: Text(4000), percentComplete: z.number().min(0).max(100).optional(), recordedOn: IsoDate }),
  },
  ActionCompleted: {
    schemaVersion: 1,
    data: z.object({ actionId: Id, note: Text(4000), completedOn: IsoDate, dueDate: IsoDate, late: z.boolean() }),
  },
  /** The action is closed without being achieved: the contract manager's record, before a plan can be closed as failed. */
  ActionNotCompleted: { schemaVersion: 1, data: z.object({ actionId: Id, note: Text(4000), recordedOn: IsoDate }) },
  MilestoneMissed: { schemaVersion: 1, data: z.object({ actionId: Id, dueDate: IsoDate, missedOn: IsoDate }) },
  PlanReviewed: {
    schemaVersion: 1,
    data: z.object({
      outcomeNotes: Text(8000),
      reviewedOn: IsoDate,
      /** The actions still open, and those of them whose milestone was missed, as the review found them. */
      openActions: z.array(Id),
      missedMilestones: z.array(Id),
    }),
  },
  PlanEscalated: {
    schemaVersion: 1,
    data: z.object({
      /** 1-based position on the policy's ladder. */
      step: z.number().int().positive(),
      level: Id,
      title: Text(200),
      reachedOn: IsoDate,
      /** When the next step is due if the plan is still slipping; absent at the top of the ladder. */
      nextStepOn: IsoDate.optional(),
      /** The open actions whose milestones were missed: why the plan escalates. */
      missedActions: z.array(Id).min(1),
    }),
  },
  PlanClosed: { schemaVersion: 1, data: z.object({ outcome: PlanOutcome, closedOn: IsoDate }) },
} as const;

type Schemas = typeof PlanEventSchemas;
export type PlanEventType = keyof Schemas;
export type PlanEventData<T extends PlanEventType> = z.infer<Schemas[T]['data']>;
export type PlanEvent = EventOf<Schemas>;

const registry = eventRegistry('plan', PlanEventSchemas);
export const isPlanEventType = registry.isType;
/** Parses stored event data back into a typed event; unknown types or shapes are a corrupted stream, not user input. */
export const parsePlanEvent = registry.parse;

// Shared given/when/then helpers and facts for the tender decider's specs and the workflow tests (excluded from the build).
import type { EvaluationCriterion } from '../../policy/evaluation.policy';
import { defaultProcurementPolicy, type ProcurementPolicy } from '../../policy/procurement-policy.schema';
import type { Actor, CommandContext } from '../../shared/envelope.schema';
import type { TenderCommand } from '../tender.commands';
import { decideTender } from '../tender.decider';
import type { TenderEvent } from '../tender.events';
import { evolveTender, initialTenderState, type TenderState } from '../tender.state';

export const organisation = 'gloucestershire-cc';
export const contractId = '6f1c4c33-1d0c-4f57-a9a4-3d3b0f6a2b10';
export const tenderId = `${contractId}.1`;
export const commissioner: Actor = { id: 'u-1', role: 'commissioner', organisation };
export const evaluator = (id: string): Actor => ({ id, role: 'evaluator', organisation });
export const bidder = (name: string): Actor => ({ id: `${name}-user`, role: 'provider', organisation: name });
export const system: Actor = { id: 'system', role: 'system', organisation };
export const outsider: Actor = { id: 'u-9', role: 'commissioner', organisation: 'wiltshire-council' };

export const publishedAt = '2026-11-23T09:00:00.000Z';

export const ctx = (actor: Actor = commissioner, now: string = publishedAt): CommandContext => ({
  commandId: 'cmd-1',
  correlationId: 'corr-1',
  actor,
  now,
});

export const criteria: EvaluationCriterion[] = [
  { id: 'price', name: 'Price', kind: 'price', weight: 40 },
  { id: 'quality', name: 'Quality of care', kind: 'quality', weight: 50 },
  { id: 'social', name: 'Social value', kind: 'social-value', weight: 10 },
];

export const openTender: Extract<TenderCommand, { type: 'PublishTender' }> = {
  type: 'PublishTender',
  data: {
    tenderId,
    contractId,
    title: 'Short breaks for disabled children',
    procedure: 'open',
    criteria,
    clarificationDeadline: '2026-12-14T12:00:00.000Z',
    closesAt: '2026-12-21T12:00:00.000Z',
  },
};

export const restrictedTender: Extract<TenderCommand, { type: 'PublishTender' }> = {
  type: 'PublishTender',
  data: {
    tenderId,
    contractId,
    title: 'Supported living framework',
    procedure: 'restricted',
    criteria,
    clarificationDeadline: '2026-12-14T12:00:00.000Z',
    participationClosesAt: '2026-12-21T12:00:00.000Z',
  },
};

export const given = (events: readonly TenderEvent[]): TenderState => events.reduce(evolveTender, initialTenderState());

export const when = (
  events: readonly TenderEvent[],
  command: TenderCommand,
  actor: Actor = commissioner,
  now: string = publishedAt,
  policy: ProcurementPolicy = defaultProcurementPolicy,
): TenderEvent[] => decideTender(command, given(events), ctx(actor, now), policy);

/** Decides a sequence of [command, actor, now] steps, folding each step's events into the history. */
export const run = (
  steps: readonly (readonly [TenderCommand, Actor, string])[],
  history: readonly TenderEvent[] = [],
  policy: ProcurementPolicy = defaultProcurementPolicy,
): TenderEvent[] =>
  steps.reduce<TenderEvent[]>((events, [command, actor, now]) => [...events, ...when(events, command, actor, now, policy)], [...history]);

export const bid = (supplierName: string, pricePence: number): TenderCommand => ({
  type: 'SubmitBid',
  data: { supplierName, pricePence, documentsReference: `docs/${supplierName}` },
});

export const pounds = (amount: number): number => amount * 100;

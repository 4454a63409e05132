import { z } from 'zod';
import { Instant } from '../http/query';
import type { ProcessEvent } from '../projections/event-data';
import type { EventFacts, ProcessDocument, ProcessProjection } from '../projections/process-projection';

/** What a governance board looks for, one name per kind of decision. */
export const GovernanceDecisionKinds = [
  'tender-route',
  'non-tender-route',
  'award',
  'abnormally-low-bid-accepted',
  'abnormally-low-bid-rejected',
  'challenge-resolved',
  'award-set-aside',
  'tender-cancelled',
  'risk-rating-changed',
  'escalation',
  'corrective-plan-opened',
  'corrective-plan-closed',
  'variation',
  'variation-beyond-limits',
  'extension-exercised',
  'suspension',
  'resumption',
  'termination-requested',
  'termination-notice',
  'termination',
  'expiry-decision',
] as const;
export type GovernanceDecisionKind = (typeof GovernanceDecisionKinds)[number];

/** A decision as the log folds it; the endpoint answers it with its process (GovernanceLogEntry). */
export const GovernanceEntry = z.object({
  eventId: z.uuid(),
  kind: z.enum(GovernanceDecisionKinds),
  eventType: z.string(),
  streamId: z.string(),
  globalPosition: z.string().regex(/^\d+$/).describe('The event’s position in the store, a bigint as a decimal string'),
  actor: z.object({ id: z.string(), role: z.string(), organisation: z.string() }),
  reason: z.string().nullable().describe('The person’s reason, or for a route away from tender its justification'),
  details: z.record(z.string(), z.unknown()).describe('What was decided, as the decision’s kind records it'),
  occurredAt: Instant,
  recordedAt: Instant,
});
export type GovernanceEntry = z.infer<typeof GovernanceEntry>;

export interface GovernanceLogModel {
  entries: GovernanceEntry[];
}

export interface GovernanceLogRow {
  event_id: string;
  contract_id: string;
  organisation: string;
  provider_organisation: string | null;
  kind: GovernanceDecisionKind;
  event_type: string;
  stream_id: string;
  global_position: string;
  actor_id: string;
  actor_role: string;
  actor_organisation: string;
  reason: string | null;
  details: Record<string, unknown>;
  occurred_at: string;
  recorded_at: string;
}

type Decision = { kind: GovernanceDecisionKind; details: Record<string, unknown>; reason?: string | undefined };

/** The decision an event records, if it records one. */
const decisionOf = (event: ProcessEvent): Decision | undefined => {
  if (event.stream === 'tender') {
    switch (event.type) {
      case 'AbnormallyLowBidAccepted':
        return { kind: 'abnormally-low-bid-accepted', details: { bidId: event.data.bidId } };
      case 'AbnormallyLowBidRejected':
        return { kind: 'abnormally-low-bid-rejected', details: { ...event.data } };
      case 'AwardDecided':
        return { kind: 'award', details: { winningBidId: event.data.winningBidId, supplier: event.data.supplier, pricePence: event.data.pricePence } };
      case 'ChallengeResolved':
        return { kind: 'challenge-resolved', details: { ...event.data } };
      case 'AwardSetAside':
        return { kind: 'award-set-aside', details: { ...event.data } };
      case 'TenderCancelled':
        return { kind: 'tender-cancelled', details: { ...event.data } };
      default:
        return undefined;
    }
  }
  if (event.stream === 'plan') {
    switch (event.type) {
      case 'PlanOpened': {
        const { planId, trigger, approach, remedies, openedOn } = event.data;
        return { kind: 'corrective-plan-opened', details: { planId, trigger, approach, remedies, openedOn } };
      }
      case 'PlanEscalated':
        return { kind: 'escalation', details: { subject: 'plan', ...event.data } };
      case 'PlanClosed':
        return { kind: 'corrective-plan-closed', details: { ...event.data } };
      default:
        return undefined;
    }
  }
  switch (event.type) {
    case 'RouteDecided': {
      const { route, procedure, justification, directAwardGround, wholeLifeValuePence, authorityCategory, authoriser } = event.data;
      return {
        kind: route === 'tender' ? 'tender-route' : 'non-tender-route',
        details: { route, procedure, directAwardGround, wholeLifeValuePence, authorityCategory, authoriser },
        reason: justification,
      };
    }
    case 'ContractAwarded':
      return { kind: 'award', details: { basis: event.data.basis, supplier: event.data.supplier, valuePence: event.data.valuePence } };
    case 'RiskRatingChanged': {
      const { changeId, from, to, asOf, reasons } = event.data;
      return { kind: 'risk-rating-changed', details: { changeId, from, to, asOf, reasons: reasons.map(({ rule, description }) => ({ rule, description })) } };
    }
    case 'EscalationRaised':
      return { kind: 'escalation', details: { ...event.data } };
    case 'ContractVaried': {
      const { variationId, kind, description, valueChangePence, termChangeDays, approver, justification, cumulative } = event.data;
      return {
        kind: cumulative.justificationRequired ? 'variation-beyond-limits' : 'variation',
        details: { variationId, variation: kind, description, valueChangePence, termChangeDays, approver, cumulative },
        reason: justification,
      };
    }
    case 'ExtensionExercised':
      return { kind: 'extension-exercised', details: { ...event.data } };
    case 'ContractSuspended':
      return { kind: 'suspension', details: { ...event.data } };
    case 'ContractResumed':
      return { kind: 'resumption', details: { ...event.data } };
    case 'TerminationRequested':
      return { kind: 'termination-requested', details: { ...event.data } };
    case 'TerminationNoticeGiven':
      return { kind: 'termination-notice', details: { ...event.data } };
    case 'ContractTerminated':
      return { kind: 'termination', details: { ...event.data } };
    case 'ExpiryDecided':
      return { kind: 'expiry-decision', details: { ...event.data } };
    default:
      return undefined;
  }
};

const evolve = (model: GovernanceLogModel, event: ProcessEvent, { event: stored }: EventFacts): GovernanceLogModel => {
  const decision = decisionOf(event);
  if (!decision) return model;
  const { actor, reason, occurredAt, recordedAt } = stored.metadata;
  const entry: GovernanceEntry = {
    eventId: stored.eventId,
    kind: decision.kind,
    eventType: stored.type,
    streamId: stored.streamId,
    globalPosition: stored.globalPosition,
    actor: { id: actor.id, role: actor.role, organisation: actor.organisation },
    reason: reason ?? decision.reason ?? null,
    details: decision.details,
    occurredAt,
    recordedAt,
  };
  return { entries: [...model.entries, entry] };
};

export const governanceLogProjection: ProcessProjection<GovernanceLogModel, GovernanceLogRow> = {
  name: 'governance-log',
  table: 'governance_log',
  initial: () => ({ entries: [] }),
  evolve,
  rowsOf: ({ process, model }: ProcessDocument<GovernanceLogModel>): GovernanceLogRow[] =>
    model.entries.map((entry) => ({
      event_id: entry.eventId,
      contract_id: process.contractId,
      organisation: process.organisation,
      provider_organisation: process.provider?.organisation ?? null,
      kind: entry.kind,
      event_type: entry.eventType,
      stream_id: entry.streamId,
      global_position: entry.globalPosition,
      actor_id: entry.actor.id,
      actor_role: entry.actor.role,
      actor_organisation: entry.actor.organisation,
      reason: entry.reason,
      details: entry.details,
      occurred_at: entry.occurredAt,
      recorded_at: entry.recordedAt,
    })),
};

import {
  parseTenderEvent,
  TenderCommand,
  tenderDeciderFor,
  TenderEventSchemas,
  tenderStreamId,
  type TenderEvent,
  type TenderRules,
  type TenderState,
  type ProcurementPolicy,
} from '@cls/domain';
import type { Aggregate, AggregateSnapshot } from '../shared/aggregate.entity';

export type TenderSnapshot = AggregateSnapshot<TenderState>;

/**
 * The tender aggregate as its workflow runs it: stream `tender-<contractId>.<n>`, the tender decider under the policy
 * and the rules the workflow adopted (the current ones when left out).
 */
export const tenderAggregate = (tenderId: string, policy: ProcurementPolicy, rules?: TenderRules): Aggregate<TenderCommand, TenderEvent, TenderState> => ({
  streamId: tenderStreamId(tenderId),
  decider: tenderDeciderFor(policy, rules),
  command: TenderCommand,
  schemaVersionOf: (type) => TenderEventSchemas[type].schemaVersion,
  parseEvent: parseTenderEvent,
});

import {
  parseTenderEvent,
  TenderCommand,
  tenderDeciderFor,
  TenderEventSchemas,
  tenderStreamId,
  type TenderEvent,
  type TenderState,
  type ProcurementPolicy,
} from '@cls/domain';
import type { Aggregate, AggregateSnapshot } from '../shared/aggregate.entity';

export type TenderSnapshot = AggregateSnapshot<TenderState>;

/** The tender aggregate as its workflow runs it: stream `tender-<contractId>.<n>`, the tender decider under the policy. */
export const tenderAggregate = (tenderId: string, policy: ProcurementPolicy): Aggregate<TenderCommand, TenderEvent, TenderState> => ({
  streamId: tenderStreamId(tenderId),
  decider: tenderDeciderFor(policy),
  command: TenderCommand,
  schemaVersionOf: (type) => TenderEventSchemas[type].schemaVersion,
  parseEvent: parseTenderEvent,
});

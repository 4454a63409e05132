import {
  parseTenderEvent,
  TenderCommand,
  tenderDecider,
  TenderEventSchemas,
  tenderStreamId,
  type TenderEvent,
  type TenderState,
} from '@cls/domain';
import type { Aggregate, AggregateSnapshot } from '../shared/aggregate.entity';

export type TenderSnapshot = AggregateSnapshot<TenderState>;

/** The tender aggregate as its workflow runs it: stream `tender-<contractId>.<n>`, the tender decider. */
export const tenderAggregate = (tenderId: string): Aggregate<TenderCommand, TenderEvent, TenderState> => ({
  streamId: tenderStreamId(tenderId),
  decider: tenderDecider,
  command: TenderCommand,
  schemaVersionOf: (type) => TenderEventSchemas[type].schemaVersion,
  parseEvent: parseTenderEvent,
});

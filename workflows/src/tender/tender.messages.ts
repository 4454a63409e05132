import { tenderProtocol, type TenderCommand, type TenderCommandResult, type TenderView } from '@cls/domain';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { AggregateRequest } from '../shared/aggregate.entity';

export const tenderCommandUpdate = defineUpdate<TenderCommandResult, [AggregateRequest<TenderCommand>]>(tenderProtocol.commandUpdate);
export const tenderStateQuery = defineQuery<TenderView>(tenderProtocol.stateQuery);

/** How a tender tells its contract that it has ended: awarded after standstill, or cancelled. */
export type TenderOutcome =
  | { tenderId: string; outcome: 'awarded'; winningBidId: string; supplier: { organisation: string; name: string }; pricePence: number; endedAt: string }
  | { tenderId: string; outcome: 'cancelled'; reason?: string };

export const tenderOutcomeSignal = defineSignal<[TenderOutcome]>('tenderOutcome');

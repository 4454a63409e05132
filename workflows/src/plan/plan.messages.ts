import { planProtocol, type PlanCommandResult, type PlanOutcome, type PlanRequest, type PlanView } from '@cls/domain';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';

export const planCommandUpdate = defineUpdate<PlanCommandResult, [PlanRequest]>(planProtocol.commandUpdate);
export const planStateQuery = defineQuery<PlanView>(planProtocol.stateQuery);

/** How a plan tells its contract that it has closed, and how. */
export interface PlanClosedReport {
  planId: string;
  outcome: PlanOutcome;
  closedOn: string;
}

export const planOutcomeSignal = defineSignal<[PlanClosedReport]>('planOutcome');

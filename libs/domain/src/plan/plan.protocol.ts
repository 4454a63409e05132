import type { CommandOutcome } from '../shared/command-outcome';
import type { CommandContext } from '../shared/envelope.schema';
import type { PlanCommand } from './plan.commands';
import type { PlanState } from './plan.state';

/**
 * Corrective action plans are numbered per contract: the contract's nth plan is `<contractId>.<n>`, its stream and
 * its child workflow `plan-<contractId>.<n>`, so a contract's plans list together and never collide.
 */
export const planId = (contractId: string, sequence: number): string => `${contractId}.${sequence}`;
export const planStreamId = (contractId: string, sequence: number): string => `plan-${planId(contractId, sequence)}`;
export const planWorkflowId = planStreamId;

/** The contract a plan belongs to: the part of its id before the sequence number. */
export const contractIdOfPlan = (planIdValue: string): string => planIdValue.slice(0, planIdValue.lastIndexOf('.'));

/** The plan workflow's public protocol, shared by the workflow (which defines the handlers) and the API (which calls them). */
export const planProtocol = {
  workflowType: 'planWorkflow',
  commandUpdate: 'command',
  stateQuery: 'state',
} as const;

/** `planWorkflowId` takes the contract and sequence; the API holds the plan's id, `<contractId>.<n>`. */
export const planWorkflowIdOf = (planIdValue: string): string => `plan-${planIdValue}`;

export interface PlanView {
  planId: string;
  version: number;
  state: PlanState;
  lastEventAt?: string;
}

/** A command's answer: the version it reached and the events it stored, not the state (see CommandOutcome). */
export interface PlanCommandResult extends CommandOutcome {
  planId: string;
  /** The plan's status after the command. */
  status: string;
}

/** A plan command as its workflow takes it: who gives it, the ids that tie it to what it causes, a reason. */
export interface PlanRequest {
  command: PlanCommand;
  context: Omit<CommandContext, 'now'>;
  reason?: string;
}

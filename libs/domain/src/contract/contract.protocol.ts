import type { CommandOutcome } from '../shared/command-outcome';
import type { CommandContext } from '../shared/envelope.schema';
import type { ContractCommand } from './contract.commands';
import type { ContractState } from './contract.state';

/**
 * The contract workflow's public protocol: names and payloads shared by the workflow (which defines the handlers)
 * and the API (which calls them), so neither imports the other's code.
 */
export const contractProtocol = {
  workflowType: 'contractWorkflow',
  commandUpdate: 'command',
  stateQuery: 'state',
} as const;

export const contractWorkflowId = (contractId: string): string => `contract-${contractId}`;
export const contractStreamId = (contractId: string): string => `contract-${contractId}`;

export interface CommandRequest {
  command: ContractCommand;
  context: Omit<CommandContext, 'now'>;
  reason?: string;
}

export interface ContractView {
  contractId: string;
  /** The stream version the state was folded up to: the number of events the contract has. */
  version: number;
  state: ContractState;
  lastEventAt?: string;
  /**
   * The workflow's clock when it answered a read (Temporal's time at its latest workflow task, not the reader's):
   * what the contract's own timers have reached. Absent from a command's result.
   */
  clock?: string;
}

/** A command's answer: the version it reached and the events it stored, not the state (see CommandOutcome). */
export interface CommandResult extends CommandOutcome {
  contractId: string;
  /** The contract's stage after the command (absent while it has no events). */
  stage?: string;
}

import type { CommandOutcome } from '../shared/command-outcome';
import type { CommandContext } from '../shared/envelope.schema';
import type { TenderCommand } from './tender.commands';
import type { TenderState } from './tender.state';

/**
 * The tender workflow's public protocol, shared by the workflow (which defines the handlers) and the API (which
 * calls them). A tender belongs to one contracting process: its id is the contract's id and a sequence number, so
 * every stream of a process carries the process id (`tender-<contractId>.<n>`).
 */
export const tenderProtocol = {
  workflowType: 'tenderWorkflow',
  commandUpdate: 'command',
  stateQuery: 'state',
} as const;

export const tenderIdFor = (contractId: string, sequence: number): string => `${contractId}.${sequence}`;
export const tenderWorkflowId = (tenderId: string): string => `tender-${tenderId}`;
export const tenderStreamId = (tenderId: string): string => `tender-${tenderId}`;
/** The contract a tender belongs to: the part of its id before the sequence number. */
export const contractIdOfTender = (tenderId: string): string => tenderId.slice(0, tenderId.lastIndexOf('.'));

export interface TenderView {
  tenderId: string;
  version: number;
  state: TenderState;
  lastEventAt?: string;
}

/** A command's answer: the version it reached and the events it stored, not the state (see CommandOutcome). */
export interface TenderCommandResult extends CommandOutcome {
  tenderId: string;
  /** The tender's phase after the command. */
  phase?: string;
}

/** A tender command as its workflow takes it: who gives it, the ids that tie it to what it causes, a reason. */
export interface TenderRequest {
  command: TenderCommand;
  context: Omit<CommandContext, 'now'>;
  reason?: string;
}

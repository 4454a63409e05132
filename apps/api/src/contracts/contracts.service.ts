import {
  commissionProgress,
  contractDecider,
  contractVisibleTo,
  DomainError,
  type Actor,
  type CommissionProgress,
  type CommandRequest,
  type CommandResult,
  ContractCommand,
  type ContractCommandType,
  type ContractView,
  type TenderState,
} from '@cls/domain';
import { ContractClient, TenderClient } from '@cls/temporal';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';

export interface CommandMeta {
  actor: Actor;
  correlationId: string;
  idempotencyKey?: string;
  reason?: string;
}

/** A command's data as the API takes it: the person's reason rides along in the body. */
export type CommandBody<T extends ContractCommandType> = Extract<ContractCommand, { type: T }>['data'] & { reason?: string };

/**
 * Splits the reason (metadata of the events) from the command's data. The body was validated at the edge; the
 * parse here only gives the pair its union type without a cast.
 */
export const commandFromBody = <T extends ContractCommandType>(
  type: T,
  { reason, ...data }: CommandBody<T>,
): { command: ContractCommand; reason?: string } => ({
  command: ContractCommand.parse({ type, data }),
  ...(reason === undefined ? {} : { reason }),
});

/** Where a commission is and what happens next, as of the instant the answer was computed. */
export interface ContractProgress extends CommissionProgress {
  contractId: string;
  /** The contract's stream version the answer was computed from. */
  version: number;
  asOf: string;
}

@Injectable()
export class ContractsService {
  constructor(
    private readonly contracts: ContractClient,
    private readonly tenders: TenderClient,
  ) {}

  /**
   * Opening starts a workflow, so the rules are checked here first as well: a refused command must not leave
   * a workflow behind. The workflow's validator checks them again against its own state.
   */
  async open(body: CommandBody<'OpenCommission'>, meta: CommandMeta): Promise<CommandResult> {
    const { command, reason } = commandFromBody('OpenCommission', body);
    const request = this.request(command, { ...meta, ...(reason === undefined ? {} : { reason }) });
    contractDecider.decide(command, contractDecider.initialState(), { ...request.context, now: new Date().toISOString() });
    return this.contracts.open(body.contractId, request, request.context.commandId);
  }

  execute<T extends ContractCommandType>(contractId: string, type: T, body: CommandBody<T>, meta: CommandMeta): Promise<CommandResult> {
    const { command, reason } = commandFromBody(type, body);
    const request = this.request(command, { ...meta, ...(reason === undefined ? {} : { reason }) });
    return this.contracts.execute(contractId, request, request.context.commandId);
  }

  /** A contract the actor may not read answers exactly as a missing one does (`contractVisibleTo`). */
  async view(contractId: string, actor: Actor): Promise<ContractView> {
    const view = await this.contracts.view(contractId);
    contractVisibleTo(actor, view.state);
    return view;
  }

  /**
   * Reads the contract and, when it has one, its current tender, and answers where the commission is and what
   * happens next. A tender its workflow has not yet published reads as none: the answer is then to wait.
   */
  async progress(contractId: string, actor: Actor): Promise<ContractProgress> {
    const view = await this.contracts.view(contractId);
    const contract = contractVisibleTo(actor, view.state);
    const tender = contract.tender ? await this.tenderState(contract.tender.tenderId) : undefined;
    const asOf = new Date().toISOString();
    return { contractId, version: view.version, asOf, ...commissionProgress(contract, tender, asOf) };
  }

  private async tenderState(tenderId: string): Promise<TenderState | undefined> {
    try {
      return (await this.tenders.view(tenderId)).state;
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'not-found') return undefined;
      throw error;
    }
  }

  private request(command: ContractCommand, meta: CommandMeta): CommandRequest {
    return {
      command,
      context: { commandId: meta.idempotencyKey ?? randomUUID(), correlationId: meta.correlationId, actor: meta.actor },
      ...(meta.reason ? { reason: meta.reason } : {}),
    };
  }
}

import {
  contractDecider,
  DomainError,
  type Actor,
  type CommandRequest,
  type CommandResult,
  type ContractCommand,
  type ContractView,
} from '@cls/domain';
import { ContractClient } from '@cls/temporal';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';

export interface CommandMeta {
  actor: Actor;
  correlationId: string;
  idempotencyKey?: string;
  reason?: string;
}

@Injectable()
export class ContractsService {
  constructor(private readonly contracts: ContractClient) {}

  /**
   * Opening starts a workflow, so the rules are checked here first as well: a refused command must not leave
   * a workflow behind. The workflow's validator checks them again against its own state.
   */
  async open(command: Extract<ContractCommand, { type: 'OpenCommission' }>, meta: CommandMeta): Promise<CommandResult> {
    const request = this.request(command, meta);
    contractDecider.decide(command, contractDecider.initialState(), { ...request.context, now: new Date().toISOString() });
    return this.contracts.open(command.data.contractId, request, request.context.commandId);
  }

  execute(contractId: string, command: ContractCommand, meta: CommandMeta): Promise<CommandResult> {
    const request = this.request(command, meta);
    return this.contracts.execute(contractId, request, request.context.commandId);
  }

  /**
   * Another organisation's contract answers exactly as a missing one does, so its existence does not leak.
   * The full role-by-view matrix is the governance issue's; this is the tenancy floor beneath it.
   */
  async view(contractId: string, actor: Actor): Promise<ContractView> {
    const view = await this.contracts.view(contractId);
    if (view.state.status === 'open' && view.state.organisation !== actor.organisation) {
      throw new DomainError('not-found', 'contract.not-found', 'No such contract');
    }
    return view;
  }

  private request(command: ContractCommand, meta: CommandMeta): CommandRequest {
    return {
      command,
      context: { commandId: meta.idempotencyKey ?? randomUUID(), correlationId: meta.correlationId, actor: meta.actor },
      ...(meta.reason ? { reason: meta.reason } : {}),
    };
  }
}

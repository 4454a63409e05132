import {
  contractDecider,
  DomainError,
  type Actor,
  type CommandRequest,
  type CommandResult,
  ContractCommand,
  type ContractCommandType,
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

@Injectable()
export class ContractsService {
  constructor(private readonly contracts: ContractClient) {}

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

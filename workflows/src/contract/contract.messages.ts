import { contractProtocol, type CommandRequest, type CommandResult, type ContractView } from '@cls/domain';
import { defineQuery, defineUpdate } from '@temporalio/workflow';

export const commandUpdate = defineUpdate<CommandResult, [CommandRequest]>(contractProtocol.commandUpdate);
export const stateQuery = defineQuery<ContractView>(contractProtocol.stateQuery);

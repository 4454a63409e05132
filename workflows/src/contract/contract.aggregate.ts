import {
  ContractCommand,
  ContractEventSchemas,
  contractDecider,
  contractStreamId,
  DomainError,
  parseContractEvent,
  type ContractEvent,
  type ContractState,
} from '@cls/domain';
import type { Aggregate, AggregateSnapshot } from '../shared/aggregate.entity';

export type ContractSnapshot = AggregateSnapshot<ContractState>;

/** The contract aggregate as its workflow runs it: stream `contract-<id>`, the contract decider. */
export const contractAggregate = (contractId: string): Aggregate<ContractCommand, ContractEvent, ContractState> => ({
  streamId: contractStreamId(contractId),
  decider: contractDecider,
  command: ContractCommand,
  schemaVersionOf: (type) => ContractEventSchemas[type].schemaVersion,
  parseEvent: parseContractEvent,
  checkCommand: (command) => {
    if (command.type === 'OpenCommission' && command.data.contractId !== contractId) {
      throw new DomainError('invalid', 'command.contract-id-mismatch', 'The command names another contract', 'data.contractId');
    }
  },
});

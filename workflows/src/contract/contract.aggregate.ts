import {
  ContractCommand,
  ContractEventSchemas,
  contractDeciderFor,
  contractStreamId,
  DomainError,
  parseContractEvent,
  type ContractEvent,
  type ContractRules,
  type ContractState,
  type MonitoringPolicy,
  type ProcurementPolicy,
} from '@cls/domain';
import type { Aggregate, AggregateSnapshot } from '../shared/aggregate.entity';

export type ContractSnapshot = AggregateSnapshot<ContractState>;

/**
 * The contract aggregate as its workflow runs it: stream `contract-<id>`, the contract decider under the procurement
 * and monitoring policies and the rules the workflow adopted (the current ones when left out).
 */
export const contractAggregate = (
  contractId: string,
  policy: ProcurementPolicy,
  monitoring?: MonitoringPolicy,
  rules?: ContractRules,
): Aggregate<ContractCommand, ContractEvent, ContractState> => ({
  streamId: contractStreamId(contractId),
  decider: contractDeciderFor(policy, monitoring, rules),
  command: ContractCommand,
  schemaVersionOf: (type) => ContractEventSchemas[type].schemaVersion,
  parseEvent: parseContractEvent,
  checkCommand: (command) => {
    if (command.type === 'OpenCommission' && command.data.contractId !== contractId) {
      throw new DomainError('invalid', 'command.contract-id-mismatch', 'The command names another contract', 'data.contractId');
    }
  },
});

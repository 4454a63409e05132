import {
  contractIdOfPlan,
  DomainError,
  parsePlanEvent,
  PlanCommand,
  planDeciderFor,
  PlanEventSchemas,
  planId,
  planWorkflowIdOf,
  type MonitoringPolicy,
  type PlanEvent,
  type PlanState,
} from '@cls/domain';
import type { Aggregate, AggregateSnapshot } from '../shared/aggregate.entity';

export type PlanSnapshot = AggregateSnapshot<PlanState>;

/** The plan aggregate as its workflow runs it: stream `plan-<contractId>.<n>`, the plan decider under the monitoring policy. */
export const planAggregate = (id: string, monitoring: MonitoringPolicy): Aggregate<PlanCommand, PlanEvent, PlanState> => ({
  streamId: planWorkflowIdOf(id),
  decider: planDeciderFor(monitoring),
  command: PlanCommand,
  schemaVersionOf: (type) => PlanEventSchemas[type].schemaVersion,
  parseEvent: parsePlanEvent,
  checkCommand: (command) => {
    if (command.type === 'OpenPlan' && planId(command.data.contractId, command.data.sequence) !== id) {
      throw new DomainError('invalid', 'command.plan-id-mismatch', 'The command opens another plan', 'data.sequence');
    }
  },
});

/** The contract the plan's workflow reports to. */
export const contractOfPlan = contractIdOfPlan;

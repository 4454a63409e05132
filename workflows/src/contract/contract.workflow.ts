import { allHandlersFinished, condition, continueAsNew } from '@temporalio/workflow';
import { AggregateEntity } from '../shared/aggregate.entity';
import { AggregateRuntime } from '../shared/aggregate.runtime';
import { contractAggregate, type ContractSnapshot } from './contract.aggregate';
import { commandUpdate, stateQuery } from './contract.messages';

export interface ContractWorkflowInput {
  contractId: string;
  /** Present when the workflow continued as new: the fold so far, so the new run need not re-read the stream. */
  snapshot?: ContractSnapshot;
  /**
   * Continue as new once a run's history reaches this many events, besides whenever the server suggests it.
   * Tests lower it to prove that a contract's years of life survive the hand-over between runs.
   */
  historyEventLimit?: number;
}

/** How long a workflow started for a command that never opened a contract waits before it ends itself. */
const abandonedAfter = '1 minute';

/**
 * One workflow per contract, id `contract-<id>`, for the contract's whole life. Commands arrive as updates and
 * are decided, stored and folded by the aggregate runtime.
 */
export async function contractWorkflow(input: ContractWorkflowInput): Promise<void> {
  const contract = new AggregateEntity(contractAggregate(input.contractId), input.snapshot);
  const runtime = new AggregateRuntime(contract);
  const loaded = runtime.start({ resumed: input.snapshot !== undefined });
  const view = () => ({ contractId: input.contractId, ...contract.view() });
  runtime.serve(commandUpdate, stateQuery, view, (executed) => ({ ...view(), events: executed.stored }));

  await loaded;
  if (!input.snapshot) {
    const opened = await condition(() => contract.state.status !== 'none', abandonedAfter);
    if (!opened) return;
  }

  const limit = input.historyEventLimit;
  await condition(() => AggregateRuntime.continueAsNewDue(limit));
  await condition(allHandlersFinished);
  await runtime.deliveriesSettled();
  await continueAsNew<typeof contractWorkflow>({
    contractId: input.contractId,
    snapshot: contract.toSnapshot(),
    ...(limit === undefined ? {} : { historyEventLimit: limit }),
  });
}

import { DomainError } from '@cls/domain';
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import { Mutex } from 'async-mutex';
import { wrongExpectedVersionFailure, type ContractActivities } from './contract.activities';
import { ContractEntity, type ContractSnapshot } from './contract.entity';
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

const { appendEvents, loadStream } = proxyActivities<ContractActivities>({
  startToCloseTimeout: '10 seconds',
  retry: {
    initialInterval: '200 milliseconds',
    backoffCoefficient: 2,
    maximumInterval: '5 seconds',
    nonRetryableErrorTypes: [wrongExpectedVersionFailure],
  },
});

/** How long a workflow started for a command that never opened a contract waits before it ends itself. */
const abandonedAfter = '1 minute';

/** Domain refusals cross the Temporal boundary as ApplicationFailures that keep the rule's code and field. */
const asFailure = (error: unknown): unknown =>
  error instanceof DomainError
    ? ApplicationFailure.create({ type: 'DomainError', message: error.message, details: [error.toJSON()], nonRetryable: true })
    : error;

const workflowNow = (): string => new Date().toISOString();

/**
 * One workflow per contract, id `contract-<id>`, for the contract's whole life. Commands arrive as updates: the
 * validator refuses what the rules refuse before anything reaches history; the handler decides again under a
 * lock (the state may have moved since validation), stores the events, then folds them.
 */
export async function contractWorkflow(input: ContractWorkflowInput): Promise<void> {
  const contract = new ContractEntity(input.contractId, input.snapshot);
  const lock = new Mutex();

  // A fresh run starts from the record. The lock is taken before any handler exists, so a command delivered
  // with the start (update-with-start) waits for the load; only versions after the fold's are read regardless.
  const loaded = input.snapshot
    ? Promise.resolve()
    : lock.runExclusive(async () => {
        const stored = await loadStream({ streamId: contract.streamId, afterVersion: contract.version });
        contract.apply(stored.map((event) => ({ ...event, occurredAt: event.metadata.occurredAt })));
      });

  setHandler(stateQuery, () => contract.view());
  setHandler(
    commandUpdate,
    (request) =>
      lock.runExclusive(async () => {
        const now = workflowNow();
        try {
          const decided = contract.decide(request, now);
          const pending = contract.envelope(decided.request, decided.events, now, uuid4);
          const stored = await appendEvents({ streamId: contract.streamId, expectedVersion: contract.version, events: pending });
          contract.apply(stored.events.map((event, index) => ({ ...event, data: pending[index]!.data, occurredAt: now })));
          return contract.result(stored.events);
        } catch (error) {
          throw asFailure(error);
        }
      }),
    {
      validator: (request) => {
        try {
          contract.decide(request, workflowNow());
        } catch (error) {
          throw asFailure(error);
        }
      },
    },
  );

  await loaded;
  if (!input.snapshot) {
    const opened = await condition(() => contract.state.status !== 'none', abandonedAfter);
    if (!opened) return;
  }

  const limit = input.historyEventLimit;
  await condition(() => workflowInfo().continueAsNewSuggested || (limit !== undefined && workflowInfo().historyLength >= limit));
  await condition(allHandlersFinished);
  await continueAsNew<typeof contractWorkflow>({
    contractId: input.contractId,
    snapshot: contract.toSnapshot(),
    ...(limit === undefined ? {} : { historyEventLimit: limit }),
  });
}

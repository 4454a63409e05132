import {
  contractDeadlines,
  parseProcurementPolicy,
  tenderProtocol,
  tenderWorkflowId,
  type ContractEvent,
  type ProcurementPolicyInput,
} from '@cls/domain';
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  ParentClosePolicy,
  setHandler,
  startChild,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { AggregateEntity, type AggregateRequest } from '../shared/aggregate.entity';
import { AggregateRuntime, sleepUntil } from '../shared/aggregate.runtime';
import type { TenderWorkflowInput } from '../tender/tender.workflow';
import { tenderOutcomeSignal, type TenderOutcome } from '../tender/tender.messages';
import { contractAggregate, type ContractSnapshot } from './contract.aggregate';
import { commandUpdate, stateQuery } from './contract.messages';
import { contractNotification } from './contract.notifications';

export interface ContractWorkflowInput {
  contractId: string;
  /** Present when the workflow continued as new: the fold so far, so the new run need not re-read the stream. */
  snapshot?: ContractSnapshot;
  /**
   * Continue as new once a run's history reaches this many events, besides whenever the server suggests it.
   * Tests lower it to prove that a contract's years of life survive the hand-over between runs.
   */
  historyEventLimit?: number;
  /**
   * The deployment's procurement policy (its configuration, before defaults), fixed when the contract's workflow
   * starts and carried across runs: a contract is decided under the rules in force when it was opened, and the
   * history shows which. Absent: the policy's defaults.
   */
  policy?: ProcurementPolicyInput;
}

/** How long a workflow started for a command that never opened a contract waits before it ends itself. */
const abandonedAfter = '1 minute';

/**
 * Starts the tender's own workflow with the publication the contract decided. The tender outlives any one run of
 * the contract's workflow (which continues as new over the years), so it is abandoned rather than tied to the run,
 * and reports its outcome back by signal. A start already made (a retried workflow task) is not an error.
 */
const startTender = async (
  started: Extract<ContractEvent, { type: 'TenderStarted' }>,
  request: AggregateRequest<unknown>,
  policy: ProcurementPolicyInput | undefined,
): Promise<void> => {
  const input: TenderWorkflowInput = {
    ...(policy === undefined ? {} : { policy }),
    tenderId: started.data.tenderId,
    contractId: started.data.publication.contractId,
    reportToContract: true,
    publish: {
      request: { command: { type: 'PublishTender', data: started.data.publication }, context: request.context },
      now: started.data.startedAt,
    },
  };
  try {
    await startChild(tenderProtocol.workflowType, {
      workflowId: tenderWorkflowId(started.data.tenderId),
      args: [input],
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
};

/**
 * One workflow per contract, id `contract-<id>`, for the contract's whole life. Commands arrive as updates and
 * are decided, stored and folded by the aggregate runtime; the contract's own deadlines (signature chasers) are
 * recorded as facts when they come; its tenders run as child workflows and report back how they ended.
 */
export async function contractWorkflow(input: ContractWorkflowInput): Promise<void> {
  const policy = parseProcurementPolicy(input.policy ?? {});
  const contract = new AggregateEntity(contractAggregate(input.contractId, policy), input.snapshot);
  const runtime = new AggregateRuntime(contract, {
    notificationOf: (event, eventId, now) =>
      contract.state.status === 'open' ? contractNotification(contract.state, event, eventId, now) : undefined,
    afterApply: async ({ events }, request) => {
      for (const event of events) if (event.type === 'TenderStarted') await startTender(event, request, input.policy);
    },
  });
  const loaded = runtime.start({ resumed: input.snapshot !== undefined });
  const view = () => ({ contractId: input.contractId, ...contract.view() });
  runtime.serve(commandUpdate, stateQuery, view, (executed) => ({ ...view(), events: executed.stored }));
  const correlationId = `contract-${input.contractId}`;
  const organisation = () => (contract.state.status === 'open' ? contract.state.organisation : 'unknown');
  setHandler(tenderOutcomeSignal, async (outcome: TenderOutcome) => {
    await loaded;
    const data =
      outcome.outcome === 'awarded'
        ? { outcome: 'awarded' as const, tenderId: outcome.tenderId, supplier: outcome.supplier, pricePence: outcome.pricePence, standstillEndedAt: outcome.endedAt }
        : { outcome: 'cancelled' as const, tenderId: outcome.tenderId, ...(outcome.reason ? { reason: outcome.reason } : {}) };
    await runtime.recordFact({ type: 'RecordTenderOutcome', data }, organisation(), correlationId);
  });

  await loaded;
  if (!input.snapshot) {
    const opened = await condition(() => contract.state.status !== 'none', abandonedAfter);
    if (!opened) return;
  }

  const limit = input.historyEventLimit;
  while (!AggregateRuntime.continueAsNewDue(limit)) {
    const version = contract.version;
    const [next] = contractDeadlines(contract.state, contract.view().lastEventAt, policy);
    const due = await sleepUntil(next?.at, () => contract.version !== version || AggregateRuntime.continueAsNewDue(limit));
    if (due && next) await runtime.recordFact(next.command, organisation(), correlationId);
  }
  await condition(allHandlersFinished);
  await runtime.deliveriesSettled();
  await continueAsNew<typeof contractWorkflow>({
    contractId: input.contractId,
    snapshot: contract.toSnapshot(),
    ...(limit === undefined ? {} : { historyEventLimit: limit }),
    ...(input.policy === undefined ? {} : { policy: input.policy }),
  });
}

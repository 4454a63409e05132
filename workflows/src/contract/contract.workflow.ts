import {
  CalendarYearNotKnown,
  contractDeadlines,
  contractProtocol,
  contractRulePatches,
  contractWorkflowId,
  noticesAwaitingPublication,
  parseMonitoringPolicy,
  planProtocol,
  planWorkflowIdOf,
  tenderProtocol,
  tenderWorkflowId,
  type ContractCommand,
  type ContractDeadline,
  type ContractEvent,
  type ContractState,
  type MonitoringPolicyInput,
  type ProcurementPolicyInput,
} from '@cls/domain';
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  ParentClosePolicy,
  patched,
  setHandler,
  startChild,
  uuid4,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { AggregateEntity, type AggregateRequest } from '../shared/aggregate.entity';
import { AggregateRuntime, sleepUntil, workflowNow } from '../shared/aggregate.runtime';
import { procurementPolicyOfRun } from '../shared/calendar.patch';
import type { PlanWorkflowInput } from '../plan/plan.workflow';
import { planOutcomeSignal, type PlanClosedReport } from '../plan/plan.messages';
import type { TenderWorkflowInput } from '../tender/tender.workflow';
import { tenderOutcomeSignal, type TenderOutcome } from '../tender/tender.messages';
import { contractAggregate, type ContractSnapshot } from './contract.aggregate';
import { commandUpdate, stateQuery } from './contract.messages';
import { contractNotification } from './contract.notifications';
import { NoticePublisher } from './notice-publication';

export interface ContractWorkflowInput {
  contractId: string;
  /** Present when the workflow continued as new with a fold small enough to carry, so the new run need not re-read the stream. */
  snapshot?: ContractSnapshot;
  /**
   * Continue as new once a run's history reaches this many events, besides whenever the server suggests it.
   * Tests lower it to prove that a contract's years of life survive the hand-over between runs.
   */
  historyEventLimit?: number;
  /** The largest fold carried across continue-as-new (`carriedSnapshot`); tests lower it to make a run re-read its record. */
  snapshotMaxChars?: number;
  /**
   * The deployment's procurement policy (its configuration, before defaults), fixed when the contract's workflow
   * starts and carried across runs: a contract is decided under the rules in force when it was opened, and the
   * history shows which. Absent: the policy's defaults.
   */
  policy?: ProcurementPolicyInput;
  /**
   * The deployment's monitoring policy (its configuration, before defaults), fixed and carried like `policy`: the
   * returns schedule, ratings, escalation ladder and limits the contract is managed under. Absent: the defaults.
   */
  monitoring?: MonitoringPolicyInput;
  /** The command the workflow was started for by another workflow (a recommission opening its successor). */
  open?: { request: AggregateRequest<ContractCommand>; now: string };
}

/**
 * The contract's deadlines, as its workflow waits for them. One the rules cannot place, a signature chaser counted
 * into a year the policy's calendar does not know, is logged as an error naming that year and none is waited for:
 * the contract goes on taking commands (each one counts again) instead of failing every workflow task.
 */
const deadlinesOf = (...args: Parameters<typeof contractDeadlines>): ContractDeadline[] => {
  try {
    return contractDeadlines(...args);
  } catch (error) {
    if (!(error instanceof CalendarYearNotKnown)) throw error;
    log.error('A contract deadline falls in a year the calendar does not know', { year: error.year, code: error.code, detail: error.message });
    return [];
  }
};

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
 * Starts the corrective action plan's own workflow with the opening the contract decided. Like a tender, the plan
 * outlives the run that started it and reports its closing back by signal; a start already made is not an error.
 */
const startPlan = async (
  opened: Extract<ContractEvent, { type: 'CorrectivePlanOpened' }>,
  request: AggregateRequest<unknown>,
  now: string,
  monitoring: MonitoringPolicyInput | undefined,
): Promise<void> => {
  const input: PlanWorkflowInput = {
    ...(monitoring === undefined ? {} : { monitoring }),
    planId: opened.data.planId,
    reportToContract: true,
    open: { request: { command: { type: 'OpenPlan', data: opened.data.openPlan }, context: request.context }, now },
  };
  try {
    await startChild(planProtocol.workflowType, {
      workflowId: planWorkflowIdOf(opened.data.planId),
      args: [input],
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
};

/** A recommission the contract asked for whose successor is not yet recorded. */
const pendingRecommission = (state: ContractState) => {
  if (state.status !== 'open') return undefined;
  const recommission = state.management?.recommission;
  return recommission && recommission.successorContractId === undefined ? { state, recommission } : undefined;
};

/**
 * One workflow per contract, id `contract-<id>`, for the contract's whole life. Commands arrive as updates and
 * are decided, stored and folded by the aggregate runtime; the contract's own deadlines (signature chasers) are
 * recorded as facts when they come; its tenders run as child workflows and report back how they ended.
 */
export async function contractWorkflow(input: ContractWorkflowInput): Promise<void> {
  const policy = procurementPolicyOfRun(input.policy);
  const monitoring = parseMonitoringPolicy(input.monitoring ?? {});
  // Asked first, before anything is scheduled: a history recorded before a rule existed replays without it, and the
  // run keeps it off for its whole life; a new run (continued as new too) records the marker and decides under it.
  const rules = {
    kpisMustBeRateable: patched(contractRulePatches.kpisMustBeRateable),
    statutoryNotices: patched(contractRulePatches.statutoryNotices),
  };
  const contract = new AggregateEntity(contractAggregate(input.contractId, policy, monitoring, rules), input.snapshot);
  const runtime = new AggregateRuntime(contract, {
    notificationOf: (event, eventId, now) =>
      contract.state.status === 'open' ? contractNotification(contract.state, event, eventId, now) : undefined,
    afterApply: async ({ events, now }, request) => {
      for (const event of events) {
        if (event.type === 'TenderStarted') await startTender(event, request, input.policy);
        if (event.type === 'CorrectivePlanOpened') await startPlan(event, request, now, input.monitoring);
      }
    },
  });
  const loaded = runtime.start({ resumed: input.snapshot !== undefined, first: input.open });
  const view = () => ({ contractId: input.contractId, ...contract.view() });
  // The query also answers the workflow's clock, which readers that judge time (what is due today) go by.
  runtime.serve(commandUpdate, stateQuery, () => ({ ...view(), clock: workflowNow() }), (executed) => ({
    contractId: input.contractId,
    ...runtime.outcome(executed),
    ...(contract.state.status === 'open' ? { stage: contract.state.stage } : {}),
  }));
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
  setHandler(planOutcomeSignal, async ({ planId, outcome, closedOn }: PlanClosedReport) => {
    await loaded;
    await runtime.recordFact({ type: 'RecordPlanOutcome', data: { planId, outcome, closedOn } }, organisation(), correlationId);
  });

  /**
   * Opens the successor commission in its own workflow, seeded with this contract's performance history and linked
   * to it, then records it here. The successor's id comes from Temporal's deterministic uuid, so a replayed or
   * retried task starts the same workflow, which opens once (its first command is decided only on an empty stream).
   */
  const openSuccessor = async (pending: NonNullable<ReturnType<typeof pendingRecommission>>): Promise<void> => {
    const successorContractId = uuid4();
    const context = { commandId: uuid4(), correlationId, actor: { id: 'system', role: 'system' as const, organisation: pending.state.organisation } };
    const successor: ContractWorkflowInput = {
      contractId: successorContractId,
      ...(input.policy === undefined ? {} : { policy: input.policy }),
      ...(input.monitoring === undefined ? {} : { monitoring: input.monitoring }),
      open: {
        request: {
          command: {
            type: 'OpenCommission',
            data: {
              contractId: successorContractId,
              title: pending.state.title,
              predecessorContractId: input.contractId,
              predecessorHistory: pending.recommission.performanceHistory,
            },
          },
          context,
          reason: `Recommissioning of contract ${input.contractId}, requested on ${pending.recommission.requestedOn}`,
        },
        now: new Date().toISOString(),
      },
    };
    try {
      await startChild(contractProtocol.workflowType, {
        workflowId: contractWorkflowId(successorContractId),
        args: [successor],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
    await runtime.recordFact({ type: 'RecordSuccessor', data: { successorContractId } }, organisation(), correlationId);
  };

  await loaded;
  if (!input.snapshot) {
    const opened = await condition(() => contract.state.status !== 'none', abandonedAfter);
    if (!opened) return;
  }

  const limit = input.historyEventLimit;
  // A fact the rules refuse when it comes would come due again at once: it is passed over until the record moves,
  // and a successor is opened at most once a run, so a rule's refusal can never spin the loop or start commissions.
  const refused = { version: -1, deadlines: new Set<string>() };
  let successorOpened = false;
  const publisher = new NoticePublisher(
    input.contractId,
    async (data) => (await runtime.recordFact({ type: 'RecordNoticePublication', data }, organisation(), correlationId)) !== undefined,
  );
  // A contract run before statutory notices has none; one run since hands each to the platform once approved.
  const noticeToPublish = () =>
    rules.statutoryNotices && contract.state.status === 'open' ? publisher.next(noticesAwaitingPublication(contract.state.notices)) : undefined;
  while (!AggregateRuntime.continueAsNewDue(limit)) {
    const recommission = successorOpened ? undefined : pendingRecommission(contract.state);
    if (recommission) {
      successorOpened = true;
      await openSuccessor(recommission);
      continue;
    }
    const notice = noticeToPublish();
    if (notice) {
      await publisher.publish(notice);
      continue;
    }
    const version = contract.version;
    if (refused.version !== version) refused.deadlines.clear();
    const keyOf = (deadline: { at: string; command: unknown }) => `${deadline.at} ${JSON.stringify(deadline.command)}`;
    const next = deadlinesOf(contract.state, contract.view().lastEventAt, policy, monitoring).find((deadline) => !refused.deadlines.has(keyOf(deadline)));
    const due = await sleepUntil(next?.at, () => contract.version !== version || AggregateRuntime.continueAsNewDue(limit));
    if (due && next && !(await runtime.recordFact(next.command, organisation(), correlationId))) {
      refused.version = version;
      refused.deadlines.add(keyOf(next));
    }
  }
  await condition(allHandlersFinished);
  await runtime.deliveriesSettled();
  await continueAsNew<typeof contractWorkflow>({
    contractId: input.contractId,
    ...runtime.carriedSnapshot(input.snapshotMaxChars),
    ...(limit === undefined ? {} : { historyEventLimit: limit }),
    ...(input.snapshotMaxChars === undefined ? {} : { snapshotMaxChars: input.snapshotMaxChars }),
    ...(input.policy === undefined ? {} : { policy: input.policy }),
    ...(input.monitoring === undefined ? {} : { monitoring: input.monitoring }),
  });
}

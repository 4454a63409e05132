import {
  contractWorkflowId,
  tenderDeadlines,
  tenderFinished,
  tenderNoticesToPublish,
  tenderRulePatches,
  type ProcurementPolicyInput,
  type TenderCommand,
  type TenderView,
} from '@cls/domain';
import { allHandlersFinished, condition, continueAsNew, getExternalWorkflowHandle, log, patched } from '@temporalio/workflow';
import { AggregateEntity, type AggregateRequest } from '../shared/aggregate.entity';
import { AggregateRuntime, sleepUntil } from '../shared/aggregate.runtime';
import { procurementPolicyOfRun } from '../shared/calendar.patch';
import { NoticePublisher } from '../contract/notice-publication';
import { tenderAggregate, type TenderSnapshot } from './tender.aggregate';
import { tenderCommandUpdate, tenderOutcomeSignal, tenderStateQuery, type TenderOutcome } from './tender.messages';
import { tenderNotification } from './tender.notifications';

export interface TenderWorkflowInput {
  tenderId: string;
  contractId: string;
  /** The publication the contract decided, with the contract's clock, so the tender decides it exactly alike. */
  publish?: { request: AggregateRequest<TenderCommand>; now: string };
  /** Present when the workflow continued as new. */
  snapshot?: TenderSnapshot;
  historyEventLimit?: number;
  /** Whether to tell the contract's workflow how the tender ended (a test may run a tender alone). */
  reportToContract: boolean;
  /** The contract's procurement policy configuration, so both decide under the same rules. */
  policy?: ProcurementPolicyInput;
}

/**
 * One workflow per tender (a child of its contract's), id `tender-<contractId>.<n>`. It serves the tender's
 * commands as updates and sleeps until the next deadline the domain names (clarifications, participation,
 * closing, explanations, standstill), recording each as a fact when it comes. When the tender is awarded or
 * cancelled it tells the contract and ends.
 */
export async function tenderWorkflow(input: TenderWorkflowInput): Promise<TenderOutcome> {
  let cancellationReason: string | undefined;
  const policy = procurementPolicyOfRun(input.policy);
  // Asked before anything is scheduled: a history recorded before the rule replays without it, for the run's life.
  const rules = {
    conflictsNameBidders: patched(tenderRulePatches.conflictsNameBidders),
    statutoryNotices: patched(tenderRulePatches.statutoryNotices),
  };
  const entity = new AggregateEntity(tenderAggregate(input.tenderId, policy, rules), input.snapshot);
  const runtime = new AggregateRuntime(entity, {
    notificationOf: (event, eventId, now) =>
      entity.state.status === 'open' ? tenderNotification(entity.state, event, eventId, now) : undefined,
    afterApply: ({ events }) => {
      cancellationReason = events.find((event) => event.type === 'TenderCancelled')?.reason ?? cancellationReason;
    },
  });
  const loaded = runtime.start({ resumed: input.snapshot !== undefined, first: input.publish });
  const view = (): TenderView => ({ tenderId: input.tenderId, ...entity.view() });
  runtime.serve(tenderCommandUpdate, tenderStateQuery, view, (executed) => ({
    tenderId: input.tenderId,
    ...runtime.outcome(executed),
    ...(entity.state.status === 'open' ? { phase: entity.state.phase } : {}),
  }));
  await loaded;
  const state = entity.state;
  if (state.status !== 'open') throw new Error(`Tender ${input.tenderId} has not been published`);
  const { organisation } = state;
  const correlationId = `tender-${input.tenderId}`;
  const publisher = new NoticePublisher(
    input.contractId,
    async (data) => (await runtime.recordFact({ type: 'RecordNoticePublication', data }, organisation, correlationId)) !== undefined,
  );
  // A tender run before statutory notices has none to publish; one run since publishes each notice once approved,
  // the procurement termination notice of a cancelled tender too, before the workflow ends.
  const noticeToPublish = () => (rules.statutoryNotices ? publisher.next(tenderNoticesToPublish(entity.state)) : undefined);

  while (!tenderFinished(entity.state) || noticeToPublish()) {
    if (AggregateRuntime.continueAsNewDue(input.historyEventLimit)) {
      await condition(allHandlersFinished);
      await runtime.deliveriesSettled();
      const { publish: _published, ...carried } = input;
      await continueAsNew<typeof tenderWorkflow>({ ...carried, ...runtime.carriedSnapshot() });
    }
    const notice = noticeToPublish();
    if (notice) {
      await publisher.publish(notice);
      continue;
    }
    const version = entity.version;
    const [next] = tenderDeadlines(entity.state);
    const due = await sleepUntil(next?.at, () => entity.version !== version || AggregateRuntime.continueAsNewDue(input.historyEventLimit));
    if (due && next) await runtime.recordFact(next.command, organisation, correlationId);
  }

  const finished = entity.state;
  const outcome: TenderOutcome =
    finished.status === 'open' && finished.phase === 'awarded' && finished.award
      ? {
          tenderId: input.tenderId,
          outcome: 'awarded',
          winningBidId: finished.award.winningBidId,
          supplier: finished.award.supplier,
          pricePence: finished.award.pricePence,
          endedAt: entity.view().lastEventAt ?? new Date().toISOString(),
        }
      : { tenderId: input.tenderId, outcome: 'cancelled', ...(cancellationReason ? { reason: cancellationReason } : {}) };
  await condition(allHandlersFinished);
  await runtime.deliveriesSettled();
  if (input.reportToContract) {
    await getExternalWorkflowHandle(contractWorkflowId(input.contractId)).signal(tenderOutcomeSignal, outcome);
  } else {
    log.info('Tender ended; no contract to tell', { tenderId: input.tenderId, outcome: outcome.outcome });
  }
  return outcome;
}

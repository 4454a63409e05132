import {
  contractWorkflowId,
  parseMonitoringPolicy,
  planDeadlines,
  planFinished,
  type MonitoringPolicyInput,
  type PlanCommand,
  type PlanView,
} from '@cls/domain';
import { allHandlersFinished, condition, continueAsNew, getExternalWorkflowHandle, log } from '@temporalio/workflow';
import { AggregateEntity, type AggregateRequest } from '../shared/aggregate.entity';
import { AggregateRuntime, sleepUntil } from '../shared/aggregate.runtime';
import { contractOfPlan, planAggregate, type PlanSnapshot } from './plan.aggregate';
import { planCommandUpdate, planOutcomeSignal, planStateQuery, type PlanClosedReport } from './plan.messages';
import { planNotification } from './plan.notifications';

export interface PlanWorkflowInput {
  /** `<contractId>.<n>`: the contract's nth plan. */
  planId: string;
  /** The opening the contract decided, with the contract's clock, so the plan decides it exactly alike. */
  open?: { request: AggregateRequest<PlanCommand>; now: string };
  /** Present when the workflow continued as new. */
  snapshot?: PlanSnapshot;
  historyEventLimit?: number;
  /** Whether to tell the contract's workflow how the plan closed (a test may run a plan alone). */
  reportToContract: boolean;
  /** The contract's monitoring policy configuration, so both climb the same escalation ladder. */
  monitoring?: MonitoringPolicyInput;
}

/**
 * One workflow per corrective action plan (a child of its contract's), id `plan-<contractId>.<n>`. It serves the
 * plan's commands as updates and sleeps until the next deadline the domain names (a milestone passing, the next
 * step of the escalation ladder), recording each as a fact when it comes. When the plan closes it tells the
 * contract how, and ends.
 */
export async function planWorkflow(input: PlanWorkflowInput): Promise<PlanClosedReport> {
  const entity = new AggregateEntity(planAggregate(input.planId, parseMonitoringPolicy(input.monitoring ?? {})), input.snapshot);
  const runtime = new AggregateRuntime(entity, {
    notificationOf: (event, eventId, now) => (entity.state.status === 'none' ? undefined : planNotification(entity.state, event, eventId, now)),
  });
  const loaded = runtime.start({ resumed: input.snapshot !== undefined, first: input.open });
  const view = (): PlanView => ({ planId: input.planId, ...entity.view() });
  runtime.serve(planCommandUpdate, planStateQuery, view, (executed) => ({ planId: input.planId, ...runtime.outcome(executed), status: entity.state.status }));
  await loaded;
  const state = entity.state;
  if (state.status === 'none') throw new Error(`Plan ${input.planId} has not been opened`);
  const { organisation } = state.contract;
  const correlationId = `plan-${input.planId}`;

  while (!planFinished(entity.state)) {
    if (AggregateRuntime.continueAsNewDue(input.historyEventLimit)) {
      await condition(allHandlersFinished);
      await runtime.deliveriesSettled();
      const { open: _opened, ...carried } = input;
      await continueAsNew<typeof planWorkflow>({ ...carried, ...runtime.carriedSnapshot() });
    }
    const version = entity.version;
    const [next] = planDeadlines(entity.state);
    const due = await sleepUntil(next?.at, () => entity.version !== version || AggregateRuntime.continueAsNewDue(input.historyEventLimit));
    if (due && next) await runtime.recordFact(next.command, organisation, correlationId);
  }

  const closed = entity.state;
  if (closed.status !== 'closed') throw new Error(`Plan ${input.planId} ended without closing`);
  const report: PlanClosedReport = { planId: input.planId, outcome: closed.outcome, closedOn: closed.closedOn };
  await condition(allHandlersFinished);
  await runtime.deliveriesSettled();
  if (input.reportToContract) {
    await getExternalWorkflowHandle(contractWorkflowId(contractOfPlan(input.planId))).signal(planOutcomeSignal, report);
  } else {
    log.info('Plan closed; no contract to tell', { planId: input.planId, outcome: report.outcome });
  }
  return report;
}

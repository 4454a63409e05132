import { dateOf } from '../monitoring/calendar';
import type { OpenPlan } from '../plan/plan.commands';
import { decidePlan } from '../plan/plan.decider';
import type { PlanTrigger } from '../plan/plan.events';
import { planId } from '../plan/plan.protocol';
import { initialPlanState } from '../plan/plan.state';
import type { MonitoringPolicy } from '../policy/monitoring-policy.schema';
import type { CommandContext } from '../shared/envelope.schema';
import { conflict } from '../shared/errors';
import type { z } from 'zod';
import { requireActive, requireRunning, runningPlan } from './active-contract';
import type { ContractCommand } from './contract.commands';
import type { ContractEvent } from './contract.events';
import type { OpenContract } from './contract.state';

type DataOf<T extends ContractCommand['type']> = Extract<ContractCommand, { type: T }>['data'];

const sameTrigger = (a: PlanTrigger, b: PlanTrigger): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Opens the contract's next corrective action plan. Its first command is decided here by the plan's own rules
 * (approach, remedies the contract grants, who may open it on which trigger), so a plan that could not open is
 * refused before anything is recorded; the plan's workflow then opens exactly this, as stream and workflow
 * `plan-<contractId>.<n>`. Refusals: `plan.already-open` (conflict) while a plan runs; `plan.not-required`
 * (conflict) for the system opening a plan on a trigger the contract did not require one for; and the plan's own,
 * among them `plan.remedy-not-in-contract` (invalid, field `data.remedies.<i>`), `plan.trigger-not-automatic`
 * and `plan.punitive-needs-decision` (forbidden).
 */
export const openCorrectivePlan = (
  contract: OpenContract,
  data: DataOf<'OpenCorrectivePlan'>,
  context: CommandContext,
  policy: MonitoringPolicy,
): ContractEvent => {
  const active = requireRunning(contract);
  const { management } = active;
  const running = runningPlan(management);
  if (running) throw conflict('plan.already-open', `The plan ${running.planId} is still running`);
  if (context.actor.role === 'system' && !(management.planRequired && sameTrigger(management.planRequired, data.trigger))) {
    throw conflict('plan.not-required', 'The contract has not required a plan on this trigger');
  }
  const sequence = management.plans.length + 1;
  const openPlan: z.infer<typeof OpenPlan>['data'] = {
    contractId: active.contractId,
    sequence,
    contract: {
      organisation: active.organisation,
      providerOrganisation: active.award.supplier.organisation,
      remediesAllowed: active.issued.remediesAllowed,
    },
    ...data,
  };
  decidePlan({ type: 'OpenPlan', data: openPlan }, initialPlanState(), context, policy);
  return {
    type: 'CorrectivePlanOpened',
    data: { planId: planId(active.contractId, sequence), sequence, trigger: data.trigger, approach: data.approach, openPlan, openedOn: dateOf(context.now) },
  };
};

/** The plan's workflow reports how the plan closed. Refusal: `plan.not-running` (conflict). */
export const recordPlanOutcome = (contract: OpenContract, data: DataOf<'RecordPlanOutcome'>): ContractEvent => {
  const running = runningPlan(requireActive(contract).management);
  if (running?.planId !== data.planId) throw conflict('plan.not-running', `The plan ${data.planId} is not this contract's running plan`);
  return { type: 'CorrectivePlanEnded', data };
};

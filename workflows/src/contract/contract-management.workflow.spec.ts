import {
  contractDecider,
  contractProtocol,
  contractReturnsSchedule,
  contractReviewSchedule,
  contractStreamId,
  defaultMonitoringPolicy,
  parseContractEvent,
  parseMonitoringPolicy,
  planProtocol,
  planWorkflowIdOf,
  requireActive,
  type Actor,
  type CommandRequest,
  type CommandResult,
  type ContractCommand,
  type ContractView,
  type MonitoringPolicy,
  type MonitoringPolicyInput,
  type PlanCommand,
  type PlanRequest,
  type PlanView,
  type StoredEvent,
} from '@cls/domain';
import { contractFixtures as fx } from '@cls/domain/testing';
import type { WorkflowHandle, WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { memoryActivities } from '../__fixtures__/memory-activities';
import { recordHistory, recordingHistories } from '../__fixtures__/record-history';
import { useTimeSkipping, type TimeSkipping, terminateWhenIdle } from '../__fixtures__/time-skipping';
import type { ContractWorkflowInput } from './contract.workflow';

const day = 24 * 60 * 60 * 1000;
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const addDays = (date: string, days: number) => isoDate(Date.parse(`${date}T00:00:00.000Z`) + days * day);
const context = (actor: Actor) => ({ commandId: randomUUID(), correlationId: randomUUID(), actor });
const good = [fx.observe(fx.kpi.nights, 320), fx.observe(fx.kpi.referrals, 96)];
const inadequate = (nights: number) => [fx.observe(fx.kpi.nights, nights), fx.observe(fx.kpi.referrals, 96)];

/**
 * Drives one contract on the time-skipping server: its workflow, the plan and successor workflows it starts, the
 * events in the (memory) store. Only commands the rules allow are sent: on the Java test server an update refused by
 * its validator locks time skipping for the rest of the server's life.
 */
const managedContract = (
  timeSkipping: TimeSkipping,
  memory: ReturnType<typeof memoryActivities>,
  contractId: string,
  handle: WorkflowHandle,
  monitoring: MonitoringPolicy = defaultMonitoringPolicy,
) => {
  const { env } = timeSkipping;
  const onContract = (command: ContractCommand, actor: Actor) =>
    handle.executeUpdate<CommandResult, [CommandRequest]>(contractProtocol.commandUpdate, { args: [{ command, context: context(actor) }] });
  const planId = (sequence: number) => `${contractId}.${sequence}`;
  const plan = (sequence: number) => env.client.workflow.getHandle(planWorkflowIdOf(planId(sequence)));
  const onPlan = (sequence: number, command: PlanCommand, actor: Actor) =>
    plan(sequence).executeUpdate<unknown, [PlanRequest]>(planProtocol.commandUpdate, { args: [{ command, context: context(actor) }] });
  const view = () => handle.query<ContractView>(contractProtocol.stateQuery);
  const stored = (streamId = contractStreamId(contractId)): StoredEvent[] => memory.streams.get(streamId) ?? [];
  const ofType = (type: string, streamId?: string) => stored(streamId).filter((event) => event.type === type);
  const sleepUntil = async (instant: string) => {
    const ms = Date.parse(instant) - (await env.currentTimeMs());
    if (ms > 0) await env.sleep(ms);
  };
  /** What a workflow records after a signal or a timer lands just after the call that caused it returns. */
  const eventually = async <T>(probe: () => Promise<T | undefined> | T | undefined, what: string): Promise<T> => {
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const found = await probe();
      if (found !== undefined) return found;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`Timed out waiting for ${what}`);
  };
  const schedules = async () => {
    const active = await view();
    if (active.state.status !== 'open') throw new Error('The contract is not open');
    const contract = requireActive(active.state);
    return { returns: contractReturnsSchedule(contract, monitoring), reviews: contractReviewSchedule(contract, monitoring), contract };
  };

  /** Opens, awards directly and activates the contract: three years from a month after the server's today. */
  const toActive = async (): Promise<string> => {
    const now = await env.currentTimeMs();
    const startDate = isoDate(now + 30 * day);
    const issue = fx.monitoredIssue({ startDate, endDate: addDays(startDate, 3 * 365 - 1) });
    for (const step of fx.monitoredContractToActive(issue)) {
      const command: ContractCommand = step.command.type === 'OpenCommission' ? { ...step.command, data: { ...step.command.data, contractId } } : step.command;
      if (command.type === 'ActivateContract') await sleepUntil(`${startDate}T09:00:00.000Z`);
      await onContract(command, step.actor);
    }
    return startDate;
  };

  /** Submits the return after `periodId` in the schedule as it now stands, two days before it is due. */
  const submitNext = async (after: string | undefined, observations: ReturnType<typeof fx.observe>[]) => {
    const { returns } = await schedules();
    const period = after === undefined ? returns[0] : returns[returns.findIndex((p) => p.periodId === after) + 1];
    if (!period) throw new Error(`No period after ${after}`);
    await sleepUntil(`${addDays(period.dueDate, -2)}T10:00:00.000Z`);
    await onContract(fx.submitReturn(period.periodId, observations), fx.provider);
    return period;
  };

  const holdReview = async (reviewId: string, date: string) => {
    await sleepUntil(`${date}T10:00:00.000Z`);
    await onContract(
      {
        type: 'HoldReview',
        data: { reviewId, attendees: [{ name: 'Jo Reed', role: 'lead-professional' }], minutes: 'Returns and staffing discussed', actions: [] },
      },
      fx.lead,
    );
  };

  const planView = (sequence: number) => plan(sequence).query<PlanView>(planProtocol.stateQuery);
  /** The plan the contract opened by itself on its requirement, once its workflow has recorded the opening. */
  const planOpened = (sequence: number) =>
    eventually(async () => {
      const found = await planView(sequence).catch(() => undefined);
      return found?.state.status === 'open' ? found : undefined;
    }, `plan ${sequence} to open`);

  return { onContract, onPlan, plan, planId, planView, planOpened, view, stored, ofType, sleepUntil, eventually, schedules, toActive, submitNext, holdReview };
};

/** Runs a test body with a worker of its own; every workflow it started is terminated while the worker still polls. */
const withWorker = async (
  timeSkipping: TimeSkipping,
  body: (memory: ReturnType<typeof memoryActivities>, start: (contractId: string, input?: Partial<ContractWorkflowInput>) => Promise<WorkflowHandleWithFirstExecutionRunId>, cleanUp: (id: string) => void) => Promise<void>,
) => {
  const memory = memoryActivities();
  const taskQueue = `test-${randomUUID()}`;
  const worker = await Worker.create({ connection: timeSkipping.env.nativeConnection, taskQueue, workflowBundle: timeSkipping.bundle, activities: memory.activities });
  const workflowIds: string[] = [];
  const start = (contractId: string, input: Partial<ContractWorkflowInput> = {}) => {
    workflowIds.push(`contract-${contractId}`);
    return timeSkipping.env.client.workflow.start(contractProtocol.workflowType, { taskQueue, workflowId: `contract-${contractId}`, args: [{ ...input, contractId }] });
  };
  await worker.runUntil(async () => {
    try {
      await body(memory, start, (id) => workflowIds.push(id));
    } finally {
      await Promise.all(workflowIds.map((id) => terminateWhenIdle(timeSkipping.env.client.workflow.getHandle(id))));
    }
  });
};

const foldOf = (events: readonly StoredEvent[]) =>
  events.map((event) => parseContractEvent(event.type, event.data)).reduce(contractDecider.evolve, contractDecider.initialState());

describe('contract management: a late return, an inadequate KPI, a failed plan, termination and recommission', () => {
  const timeSkipping = useTimeSkipping();

  it('chases, rates, plans, escalates, terminates on notice after the supply-impact review, and opens the successor seeded with the history', async () => {
    const wallStart = Date.now();
    await withWorker(timeSkipping, async (memory, start, cleanUp) => {
      const contractId = randomUUID();
      const handle = await start(contractId);
      const c = managedContract(timeSkipping, memory, contractId, handle);
      cleanUp(planWorkflowIdOf(c.planId(1)));
      await c.toActive();

      // Q1's return is late: reminded, overdue (amber), escalated to the contract manager, then submitted (green).
      const { returns, reviews } = await c.schedules();
      const q1 = returns[0];
      if (!q1) throw new Error('no first period');
      await c.sleepUntil(`${q1.escalationDate}T10:00:00.000Z`);
      expect(c.ofType('ReminderIssued').map((event) => event.data)).toContainEqual(expect.objectContaining({ subject: 'return', periodId: q1.periodId }));
      expect(c.ofType('ReturnOverdue')[0]?.data).toMatchObject({ periodId: q1.periodId, dueDate: q1.dueDate });
      expect(c.ofType('EscalationRaised')[0]).toMatchObject({
        data: { subject: { kind: 'return', periodId: q1.periodId }, step: 1, level: 'contract-manager' },
        metadata: { actor: { role: 'system' } },
      });
      await c.onContract(fx.submitReturn(q1.periodId, good), fx.provider);
      const biannual = reviews.find((review) => review.kind === 'biannual');
      if (!biannual) throw new Error('no biannual review');
      await c.holdReview(biannual.reviewId, biannual.date);

      // Q2 rates the nights inadequate: amber, and the plan the contract requires is opened by the workflow, developmental.
      const q2 = await c.submitNext(q1.periodId, inadequate(200));
      const opened = await c.planOpened(1);
      expect(opened.state).toMatchObject({ approach: 'developmental', trigger: { kind: 'inadequate-kpi', periodId: q2.periodId }, openedBy: { role: 'system' } });
      expect(c.ofType('PlanRequired')).toHaveLength(1);
      expect(c.ofType('CorrectivePlanOpened')[0]?.data).toMatchObject({ planId: c.planId(1), approach: 'developmental' });

      // The action's milestone passes: missed, and the plan climbs the ladder.
      const dueDate = addDays(q2.dueDate, 12);
      const recruit = { actionId: 'recruit', description: 'Recruit weekend carers', owner: { party: 'provider' as const, name: 'Registered manager' }, dueDate };
      await c.onPlan(1, { type: 'AgreeActions', data: { actions: [recruit] } }, fx.contractManager);
      await c.sleepUntil(`${addDays(dueDate, 1)}T10:00:00.000Z`);
      const planStream = `plan-${c.planId(1)}`;
      expect(c.ofType('MilestoneMissed', planStream)[0]?.data).toMatchObject({ actionId: 'recruit', dueDate, missedOn: addDays(dueDate, 1) });
      expect(c.ofType('PlanEscalated', planStream)[0]?.data).toMatchObject({ step: 1, level: 'contract-manager', missedActions: ['recruit'] });

      // Q3 is inadequate again: red.
      await c.submitNext(q2.periodId, inadequate(210));
      const ratings = c.ofType('RiskRatingChanged').map((event) => `${String(event.data['from'])}→${String(event.data['to'])}`);
      expect(ratings).toEqual(['green→amber', 'amber→green', 'green→amber', 'amber→red']);

      // The plan fails; the contract records it from the plan's report.
      await c.onPlan(1, { type: 'RecordActionProgress', data: { actionId: 'recruit', status: 'not-completed', note: 'No carers recruited' } }, fx.contractManager);
      await c.onPlan(1, { type: 'ReviewPlan', data: { outcomeNotes: 'Nights still inadequate; recruitment failed' } }, fx.contractManager);
      await c.onPlan(1, { type: 'ClosePlan', data: { outcome: 'failed', note: 'Agreed at the plan review' } }, fx.contractManager);
      const ended = await c.eventually(() => c.ofType('CorrectivePlanEnded')[0], 'the plan outcome on the contract');
      expect(ended.data).toMatchObject({ planId: c.planId(1), outcome: 'failed' });
      expect(ended.metadata.actor.role).toBe('system');

      // Termination by the book: request, supply-impact review, notice; the monthly returns keep coming meanwhile.
      await c.onContract({ type: 'RequestTermination', data: { ground: 'material-breach', reason: 'Inadequate two quarters running; the plan failed' } }, fx.lead);
      await c.onContract({ type: 'RecordSupplyImpactReview', data: { alternativeCapacity: true, findings: 'Two framework providers can take the referrals' } }, fx.contractManager);
      const noticed = await c.onContract({ type: 'GiveTerminationNotice', data: { ground: 'material-breach', reference: 'TN1', then: 'recommission' } }, fx.contractManager);
      const noticeState = noticed.events.find((event) => event.type === 'TerminationNoticeGiven')?.data as { effectiveDate: string } | undefined;
      if (!noticeState) throw new Error('no notice');
      const { returns: monthly } = await c.schedules();
      for (const period of monthly.filter((p) => p.reminderDate < noticeState.effectiveDate)) {
        if (c.ofType('ReturnSubmitted').some((event) => event.data['periodId'] === period.periodId)) continue;
        await c.sleepUntil(`${period.reminderDate}T10:00:00.000Z`);
        await c.onContract(fx.submitReturn(period.periodId, [fx.observe(fx.kpi.referrals, 96)]), fx.provider);
      }
      await c.sleepUntil(`${noticeState.effectiveDate}T01:00:00.000Z`);
      const successorRecorded = await c.eventually(() => c.ofType('SuccessorCommissionOpened')[0], 'the successor commission');

      const types = c.stored().map((event) => event.type);
      const order = ['TerminationRequested', 'SupplyImpactReviewed', 'TerminationNoticeGiven', 'ContractTerminated', 'RecommissionRequested', 'SuccessorCommissionOpened'];
      expect(order.map((type) => types.indexOf(type))).toEqual([...order.map((type) => types.indexOf(type))].sort((a, b) => a - b));
      expect(order.every((type) => types.includes(type))).toBe(true);
      expect(c.ofType('ContractTerminated')[0]?.data).toMatchObject({ ground: 'material-breach', effectiveDate: noticeState.effectiveDate });

      // The successor runs in its own workflow, opened by the system, linked to this contract and seeded with its history.
      expect(c.ofType('SuccessorCommissionOpened')).toHaveLength(1);
      const successorId = String(successorRecorded.data['successorContractId']);
      cleanUp(`contract-${successorId}`);
      const successorStream = c.stored(contractStreamId(successorId));
      expect(successorStream.map((event) => event.type)).toEqual(['CommissionOpened', 'CommissionLinkedToPredecessor']);
      expect(successorStream[1]?.data).toMatchObject({
        predecessorContractId: contractId,
        performanceHistory: { contractId, ending: 'terminated', riskRating: 'red', plans: [{ planId: c.planId(1), outcome: 'failed' }] },
      });
      const successor = await timeSkipping.env.client.workflow.getHandle(`contract-${successorId}`).query<ContractView>(contractProtocol.stateQuery);
      expect(successor.state).toMatchObject({ status: 'open', stage: 'needs-assessment', predecessor: { contractId } });

      // What the workflow holds is the fold of what the store holds, which shows how the contract ended; every event
      // carries who, why and what caused it.
      expect((await c.view()).state).toMatchObject({ stage: 'terminated', management: { ended: { how: 'terminated' } } });
      expect((await c.view()).state).toEqual(foldOf(c.stored()));
      for (const event of [...c.stored(), ...c.stored(planStream), ...successorStream]) {
        expect(event.metadata).toMatchObject({ actor: expect.any(Object), correlationId: expect.any(String), causationId: expect.any(String) });
      }
      // Deliveries run beside the commands that caused them, keyed by the causing event.
      const notified = ['ReturnOverdue', 'EscalationRaised', 'RiskRatingChanged', 'PlanRequired', 'CorrectivePlanOpened', 'MilestoneMissed', 'PlanEscalated', 'TerminationNoticeGiven', 'ContractTerminated'];
      await c.eventually(() => (notified.every((type) => memory.notifications.some((n) => n.type === type)) ? true : undefined), 'the notifications');
      const overdue = c.ofType('ReturnOverdue')[0];
      expect(memory.notifications.find((n) => n.type === 'ReturnOverdue')?.id).toBe(overdue?.eventId);
      expect(memory.notifications.find((n) => n.type === 'MilestoneMissed')).toMatchObject({ processId: c.planId(1), id: c.ofType('MilestoneMissed', planStream)[0]?.eventId });
      expect(Date.now() - wallStart).toBeLessThan(90_000);

      if (recordingHistories()) {
        await handle.terminate('history recorded');
        await recordHistory(handle, 'contract-management.v1.json');
        await recordHistory(c.plan(1), 'plan-failed.v1.json');
      }
    });
  });
});

describe('contract management: a plan that succeeds', () => {
  const timeSkipping = useTimeSkipping();

  it('closes the plan as successful, the contract records it, and the next good return brings the rating back to green', async () => {
    await withWorker(timeSkipping, async (memory, start, cleanUp) => {
      const contractId = randomUUID();
      const handle = await start(contractId);
      const c = managedContract(timeSkipping, memory, contractId, handle);
      cleanUp(planWorkflowIdOf(c.planId(1)));
      await c.toActive();
      const q1 = await c.submitNext(undefined, good);
      const { reviews } = await c.schedules();
      const biannual = reviews.find((review) => review.kind === 'biannual');
      if (!biannual) throw new Error('no biannual review');
      const q2 = await c.submitNext(q1.periodId, inadequate(200));
      await c.planOpened(1);
      const dueDate = addDays(q2.dueDate, 14);
      const rota = { actionId: 'rota', description: 'Cover weekend rotas', owner: { party: 'provider' as const, name: 'Registered manager' }, dueDate };
      await c.onPlan(1, { type: 'AgreeActions', data: { actions: [rota] } }, fx.contractManager);
      await c.sleepUntil(`${addDays(q2.dueDate, 5)}T10:00:00.000Z`);
      await c.onPlan(1, { type: 'RecordActionProgress', data: { actionId: 'rota', status: 'completed', note: 'Rotas covered for six weeks' } }, fx.provider);
      await c.onPlan(1, { type: 'ReviewPlan', data: { outcomeNotes: 'Nights delivered back on target' } }, fx.contractManager);
      await c.onPlan(1, { type: 'ClosePlan', data: { outcome: 'successful', note: 'Agreed at the plan review' } }, fx.contractManager);
      const ended = await c.eventually(() => c.ofType('CorrectivePlanEnded')[0], 'the plan outcome on the contract');
      expect(ended.data).toMatchObject({ planId: c.planId(1), outcome: 'successful' });
      const planStream = `plan-${c.planId(1)}`;
      expect(c.stored(planStream).map((event) => event.type)).toEqual(['PlanOpened', 'ActionsAgreed', 'ActionCompleted', 'PlanReviewed', 'PlanClosed']);
      expect(await c.plan(1).result()).toMatchObject({ planId: c.planId(1), outcome: 'successful' });

      await c.holdReview(biannual.reviewId, biannual.date);
      // The rating counts each KPI's latest two rated periods: two good returns clear the inadequate one.
      const q3 = await c.submitNext(q2.periodId, good);
      await c.submitNext(q3.periodId, good);
      const ratings = c.ofType('RiskRatingChanged').map((event) => `${String(event.data['from'])}→${String(event.data['to'])}`);
      expect(ratings).toEqual(['green→amber', 'amber→green']);
      expect((await c.view()).state).toMatchObject({ management: { risk: { rating: 'green' }, plans: [{ planId: c.planId(1), outcome: 'successful' }] } });
      expect((await c.view()).state).toEqual(foldOf(c.stored()));

      if (recordingHistories()) {
        await recordHistory(c.plan(1), 'plan-successful.v1.json');
      }
    });
  });
});

describe('contract management: a plan the contract manager opens', () => {
  const timeSkipping = useTimeSkipping();

  it('starts the plan’s workflow with the punitive approach and remedy the manager decided, which the contract’s terms grant', async () => {
    await withWorker(timeSkipping, async (memory, start, cleanUp) => {
      const contractId = randomUUID();
      const handle = await start(contractId);
      const c = managedContract(timeSkipping, memory, contractId, handle);
      cleanUp(planWorkflowIdOf(c.planId(1)));
      await c.toActive();
      const opened = await c.onContract(
        {
          type: 'OpenCorrectivePlan',
          data: {
            trigger: { kind: 'contract-manager' },
            approach: 'punitive',
            problem: 'Referrals refused without reason for a month',
            remedies: ['suspension-of-referrals'],
          },
        },
        fx.contractManager,
      );
      expect(opened.events.map((event) => event.type)).toEqual(['CorrectivePlanOpened']);
      const plan = await c.planOpened(1);
      expect(plan.state).toMatchObject({ approach: 'punitive', remedies: ['suspension-of-referrals'], openedBy: fx.contractManager, trigger: { kind: 'contract-manager' } });
      expect(c.ofType('PlanRequired')).toHaveLength(0);
      expect(c.stored(`plan-${c.planId(1)}`)[0]?.metadata.correlationId).toBe(c.ofType('CorrectivePlanOpened')[0]?.metadata.correlationId);
    });
  });
});

describe('contract management across continue-as-new, under the deployment monitoring policy', () => {
  const timeSkipping = useTimeSkipping();
  // Returns due ten days after their period, escalated three days overdue, to a two-step ladder of the deployment's own.
  const policyInput: MonitoringPolicyInput = {
    returns: { dueDaysAfterPeriodEnd: 10, escalateAfterDaysOverdue: 3 },
    escalation: {
      ladder: [
        { level: 'commissioning-lead', title: 'Commissioning lead', daysBeforeNextStep: 5 },
        { level: 'governance-board', title: 'Governance board' },
      ],
    },
  };
  const policy = parseMonitoringPolicy(policyInput);

  it('hands an active contract with pending monitoring timers to a new run, whose timers still fire under the policy it was started with; the fold equals the store', async () => {
    await withWorker(timeSkipping, async (memory, start) => {
      // The limit is set just above what reaching Active takes, so the hand-over comes while only timers are pending:
      // a command in flight across a hand-over is the client's to retry, not what this test is about.
      const measured = randomUUID();
      const probe = await start(measured, { monitoring: policyInput });
      await managedContract(timeSkipping, memory, measured, probe, policy).toActive();
      // The probe is left to run (it is ended with the rest): ending a workflow while its activity runs can leave the
      // Java test server unable to skip time.
      const { historyLength } = await probe.describe();

      const contractId = randomUUID();
      const handle = await start(contractId, { historyEventLimit: historyLength + 10, monitoring: policyInput });
      const c = managedContract(timeSkipping, memory, contractId, handle, policy);
      await c.toActive();
      const afterActivation = (await handle.describe()).runId;
      expect(afterActivation).toBe(handle.firstExecutionRunId);
      const { returns } = await c.schedules();
      const q1 = returns[0];
      if (!q1) throw new Error('no first period');
      expect(q1.dueDate).toBe(addDays(q1.endDate, 10));
      expect(q1.escalationDate).toBe(addDays(q1.dueDate, 3));
      await c.sleepUntil(`${q1.escalationDate}T10:00:00.000Z`);
      const escalation = await c.eventually(() => c.ofType('EscalationRaised')[0], 'the escalation');
      expect((await handle.describe()).runId).not.toBe(afterActivation);
      expect(escalation.data).toMatchObject({ level: 'commissioning-lead', reachedOn: q1.escalationDate, nextStepOn: addDays(q1.escalationDate, 5) });
      expect(c.ofType('ReminderIssued').some((event) => event.data['periodId'] === q1.periodId)).toBe(true);
      expect(c.ofType('ReturnOverdue').map((event) => event.data)).toEqual([{ periodId: q1.periodId, dueDate: q1.dueDate, overdueOn: addDays(q1.dueDate, 1) }]);
      const view = await c.view();
      expect(view.version).toBe(c.stored().length);
      expect(view.state).toEqual(foldOf(c.stored()));
      expect(c.stored().map((event) => event.streamVersion)).toEqual(c.stored().map((_event, index) => index + 1));
      // Still serving commands in the later run.
      await c.onContract(fx.submitReturn(q1.periodId, good), fx.provider);
      expect((await c.view()).state).toMatchObject({ management: { risk: { rating: 'green' } } });
    });
  });
});

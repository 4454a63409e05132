import {
  planDecider,
  planProtocol,
  planWorkflowIdOf,
  parsePlanEvent,
  type Actor,
  type PlanCommand,
  type PlanRequest,
  type PlanView,
} from '@cls/domain';
import { Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { memoryActivities } from '../__fixtures__/memory-activities';
import { useTimeSkipping, terminateWhenIdle } from '../__fixtures__/time-skipping';
import type { PlanClosedReport } from './plan.messages';
import type { PlanWorkflowInput } from './plan.workflow';

const council = 'gloucestershire-cc';
const manager: Actor = { id: 'ccm-1', role: 'contract-manager', organisation: council };
const day = 24 * 60 * 60 * 1000;
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const request = (command: PlanCommand, actor: Actor = manager): PlanRequest => ({
  command,
  context: { commandId: randomUUID(), correlationId: randomUUID(), actor },
});

/** A plan's workflow alone (no contract to report to), on the time-skipping server. */
describe('plan workflow (time-skipping test server)', () => {
  const timeSkipping = useTimeSkipping();

  it('continues as new while its milestone timers are pending; they fire in the new run, and the fold equals the store', async () => {
    const memory = memoryActivities();
    const taskQueue = `test-${randomUUID()}`;
    const worker = await Worker.create({ connection: timeSkipping.env.nativeConnection, taskQueue, workflowBundle: timeSkipping.bundle, activities: memory.activities });
    const contractId = randomUUID();
    const planId = `${contractId}.1`;
    const streamId = `plan-${planId}`;
    const startedAt = await timeSkipping.env.currentTimeMs();
    const open: PlanCommand = {
      type: 'OpenPlan',
      data: {
        contractId,
        sequence: 1,
        contract: { organisation: council, providerOrganisation: 'acme-care', remediesAllowed: [] },
        trigger: { kind: 'contract-manager' },
        approach: 'developmental',
        problem: 'Six audits overdue',
        remedies: [],
      },
    };
    const start = (input: Partial<PlanWorkflowInput>, id: string) =>
      timeSkipping.env.client.workflow.start(planProtocol.workflowType, {
        taskQueue,
        workflowId: planWorkflowIdOf(id),
        args: [{ planId: id, reportToContract: false, ...input }],
      });
    const actions = [1, 2, 3, 4, 5, 6].map((n) => ({
      actionId: `audit-${n}`,
      description: `Audit ${n}`,
      owner: { party: 'provider' as const, name: 'Registered manager' },
      dueDate: isoDate(startedAt + (2 + n) * day),
    }));

    await worker.runUntil(async () => {
      // What opening and agreeing take, measured on a plan of the same shape, so the hand-over falls among the timers.
      const probeId = `${randomUUID()}.1`;
      const probe = await start({ open: { request: request({ ...open, data: { ...open.data, contractId: probeId.slice(0, -2) } }), now: new Date(startedAt).toISOString() } }, probeId);
      await probe.executeUpdate(planProtocol.commandUpdate, { args: [request({ type: 'AgreeActions', data: { actions } })] });
      const { historyLength } = await probe.describe();

      const handle = await start(
        { historyEventLimit: historyLength + 12, open: { request: request(open), now: new Date(startedAt).toISOString() } },
        planId,
      );
      try {
        await handle.executeUpdate(planProtocol.commandUpdate, { args: [request({ type: 'AgreeActions', data: { actions } })] });
        const firstRun = (await handle.describe()).runId;
        await timeSkipping.env.sleep(12 * day);
        const missed = memory.streams.get(streamId)?.filter((event) => event.type === 'MilestoneMissed') ?? [];
        expect(missed.map((event) => event.data['actionId'])).toEqual(actions.map((action) => action.actionId));
        expect(memory.typesOf(streamId).filter((type) => type === 'PlanEscalated').length).toBeGreaterThanOrEqual(1);
        expect((await handle.describe()).runId).not.toBe(firstRun);

        const view = await handle.query<PlanView>(planProtocol.stateQuery);
        const stored = memory.streams.get(streamId) ?? [];
        const fold = stored.map((event) => parsePlanEvent(event.type, event.data)).reduce(planDecider.evolve, planDecider.initialState());
        expect(view.state).toEqual(fold);
        expect(view.version).toBe(stored.length);

        for (const action of actions) {
          await handle.executeUpdate(planProtocol.commandUpdate, {
            args: [request({ type: 'RecordActionProgress', data: { actionId: action.actionId, status: 'not-completed', note: 'Not done' } })],
          });
        }
        await handle.executeUpdate(planProtocol.commandUpdate, { args: [request({ type: 'ReviewPlan', data: { outcomeNotes: 'No audit done' } })] });
        await handle.executeUpdate(planProtocol.commandUpdate, { args: [request({ type: 'ClosePlan', data: { outcome: 'failed', note: 'Agreed at review' } })] });
        await expect(handle.result()).resolves.toEqual<PlanClosedReport>({ planId, outcome: 'failed', closedOn: expect.any(String) as string });
      } finally {
        await terminateWhenIdle(handle);
        await terminateWhenIdle(probe);
      }
    });
  });
});

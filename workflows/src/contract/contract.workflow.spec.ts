import {
  contractDecider,
  contractProtocol,
  parseContractEvent,
  type CommandRequest,
  type CommandResult,
  type ContractView,
  type Actor,
} from '@cls/domain';
import { type ApplicationFailure, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { contractFixtures } from '@cls/domain/testing';
import { memoryActivities } from '../__fixtures__/memory-activities';
import { useTimeSkipping, terminateWhenIdle } from '../__fixtures__/time-skipping';
import type { ContractWorkflowInput } from './contract.workflow';

const commissioner: Actor = { id: 'alice', role: 'commissioner', organisation: 'gloucestershire-cc' };
const request = (command: CommandRequest['command'], actor: Actor = commissioner): CommandRequest => ({
  command,
  context: { commandId: randomUUID(), correlationId: randomUUID(), actor },
});
const assessment = {
  need: 'Overnight respite for families of disabled children',
  clientGroup: 'Disabled children 0-18',
  evidence: [{ kind: 'service-data' as const, description: 'Short breaks waiting list, 2026' }],
  unmetNeeds: ['No provision in the Forest of Dean'],
  priority: 2,
  outcomes: [
    { level: 'service' as const, description: 'Families get breaks', indicator: 'Nights used', baseline: '0', target: '1,200 a year' },
  ],
  serviceUserInvolvement: 'Parent carer forum',
};

/** The in-memory activities, noting the length of each page `loadStream` reads. */
const pagedActivities = () => {
  const memory = memoryActivities();
  const pages: number[] = [];
  const activities = {
    ...memory.activities,
    loadStream: async (input: Parameters<typeof memory.activities.loadStream>[0]) => {
      const page = await memory.activities.loadStream(input);
      pages.push(page.length);
      return page;
    },
  };
  return { ...memory, activities, pages };
};

/** The input the workflow's current run was started with, as the default JSON converter wrote it. */
const currentRunInput = async (handle: WorkflowHandle): Promise<Record<string, unknown>> => {
  const started = (await handle.fetchHistory()).events?.[0]?.workflowExecutionStartedEventAttributes;
  const payload = started?.input?.payloads?.[0]?.data ?? new Uint8Array();
  return JSON.parse(Buffer.from(payload).toString('utf8')) as Record<string, unknown>;
};

describe('contract workflow (time-skipping test server)', () => {
  const timeSkipping = useTimeSkipping();

  /**
   * Runs a test body with a worker of its own. Workflows the body leaves running are terminated while the worker
   * still polls: a left-over timer with no worker to handle it would stop the server skipping time for later tests.
   */
  const run = async (
    activities: ReturnType<typeof memoryActivities>['activities'],
    body: (start: (contractId: string, input?: Partial<ContractWorkflowInput>) => Promise<WorkflowHandle>) => Promise<void>,
  ) => {
    const taskQueue = `test-${randomUUID()}`;
    const worker = await Worker.create({ connection: timeSkipping.env.nativeConnection, taskQueue, workflowBundle: timeSkipping.bundle, activities });
    const started: WorkflowHandle[] = [];
    const start = async (contractId: string, input: Partial<ContractWorkflowInput> = {}): Promise<WorkflowHandle> => {
      const handle = await timeSkipping.env.client.workflow.start(contractProtocol.workflowType, {
        taskQueue,
        workflowId: `contract-${contractId}`,
        args: [{ ...input, contractId }],
      });
      started.push(handle);
      return handle;
    };
    await worker.runUntil(async () => {
      try {
        await body(start);
      } finally {
        await Promise.all(started.map((handle) => terminateWhenIdle(handle)));
      }
    });
  };

  it('opens a commission and records its needs assessment; the state is the fold of the stored events', async () => {
    const { activities, streams } = memoryActivities();
    const contractId = randomUUID();
    await run(activities, async (start) => {
      const handle = await start(contractId);
      const opened = await handle.executeUpdate<CommandResult, [CommandRequest]>(contractProtocol.commandUpdate, {
        args: [request({ type: 'OpenCommission', data: { contractId, title: 'Short breaks' } })],
      });
      expect(opened.version).toBe(1);
      expect(opened.events.map((e) => e.type)).toEqual(['CommissionOpened']);

      const assessed = await handle.executeUpdate<CommandResult, [CommandRequest]>(contractProtocol.commandUpdate, {
        args: [{ ...request({ type: 'RecordNeedsAssessment', data: assessment }), reason: 'JSNA refresh' }],
      });
      expect(assessed).toMatchObject({ contractId, version: 2, stage: 'route-decision', events: [{ type: 'NeedsAssessmentRecorded', streamVersion: 2 }] });
      // The answer is the command's outcome, never the whole state, which grows with the contract's age.
      expect(assessed).not.toHaveProperty('state');

      const view = await handle.query<ContractView>(contractProtocol.stateQuery);
      const stored = streams.get(`contract-${contractId}`) ?? [];
      const fold = stored.map((e) => parseContractEvent(e.type, e.data)).reduce(contractDecider.evolve, contractDecider.initialState());
      expect(view.state).toEqual(fold);
      expect(view.version).toBe(stored.length);

      const [first, second] = stored;
      expect(first?.metadata).toMatchObject({ actor: commissioner, occurredAt: expect.any(String) });
      expect(second?.metadata.reason).toBe('JSNA refresh');
      expect(second?.metadata.causationId).not.toBe(first?.metadata.causationId);
    });
  });

  it('refuses a command the rules forbid in the validator: nothing is stored and the refusal keeps its code', async () => {
    const { activities, streams } = memoryActivities();
    const contractId = randomUUID();
    await run(activities, async (start) => {
      const handle = await start(contractId);
      const provider = { id: 'p-1', role: 'provider' as const, organisation: 'acme-care' };
      const refused = handle.executeUpdate(contractProtocol.commandUpdate, {
        args: [request({ type: 'OpenCommission', data: { contractId, title: 'x' } }, provider)],
      });
      await expect(refused).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
      const failure = (await refused.catch((error: WorkflowUpdateFailedError) => error.cause)) as ApplicationFailure;
      expect(failure.type).toBe('DomainError');
      expect(failure.details?.[0]).toMatchObject({ kind: 'forbidden', code: 'access.role-not-permitted' });
      expect(streams.get(`contract-${contractId}`)).toBeUndefined();
    });
  });

  it('decides under the deployment policy it was started with: a justification the defaults accept is too short for this one', async () => {
    const { activities, streams } = memoryActivities();
    const contractId = randomUUID();
    await run(activities, async (start) => {
      const handle = await start(contractId, { policy: { routes: { minimumJustificationLength: 200 } } });
      const send = (command: CommandRequest['command']) =>
        handle.executeUpdate<CommandResult, [CommandRequest]>(contractProtocol.commandUpdate, { args: [request(command)] });
      await send({ type: 'OpenCommission', data: { contractId, title: 'Short breaks' } });
      await send({ type: 'RecordNeedsAssessment', data: assessment });
      const refused = send(contractFixtures.decideRoute(contractFixtures.directAwardRoute));
      const failure = (await refused.catch((error: WorkflowUpdateFailedError) => error.cause)) as ApplicationFailure;
      expect(failure.details?.[0]).toMatchObject({ code: 'route.justification-required' });
      expect(streams.get(`contract-${contractId}`)?.map((event) => event.type)).toEqual(['CommissionOpened', 'NeedsAssessmentRecorded']);
    });
  });

  it('starts from the stored stream when a new run begins for an existing contract', async () => {
    const { activities } = memoryActivities();
    const contractId = randomUUID();
    await run(activities, async (start) => {
      const first = await start(contractId);
      await first.executeUpdate(contractProtocol.commandUpdate, {
        args: [request({ type: 'OpenCommission', data: { contractId, title: 'Rehydrated' } })],
      });
      await first.terminate('simulating an operator ending the run');
      const second = await start(contractId);
      // The new run reads the stream in an activity before its query can show the fold.
      let view = await second.query<ContractView>(contractProtocol.stateQuery);
      for (let attempt = 0; view.version === 0 && attempt < 50; attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        view = await second.query<ContractView>(contractProtocol.stateQuery);
      }
      expect(view).toMatchObject({ version: 1, state: { status: 'open', title: 'Rehydrated' } });
    });
  });
  it('starts a run on a contract of 5,000 events by reading its record a page at a time, and goes on taking commands', async () => {
    const { activities: paging, streams, pages } = pagedActivities();
    const contractId = randomUUID();
    const streamId = `contract-${contractId}`;
    const envelope = (type: string, data: unknown, streamVersion: number) => ({
      eventId: randomUUID(),
      streamId,
      streamVersion,
      globalPosition: String(streamVersion),
      type,
      schemaVersion: 1,
      data: data as Record<string, unknown>,
      metadata: { actor: commissioner, correlationId: 'seed', causationId: 'seed', occurredAt: '2026-01-05T09:00:00.000Z', recordedAt: '2026-01-05T09:00:00.000Z' },
    });
    streams.set(streamId, [
      envelope('CommissionOpened', { contractId, title: 'Five-year supported living', organisation: commissioner.organisation, openedBy: commissioner }, 1),
      ...Array.from({ length: 4_999 }, (_, index) => envelope('NeedsAssessmentRecorded', { ...assessment, revision: index + 1 }, index + 2)),
    ]);
    await run(paging, async (start) => {
      const handle = await start(contractId);
      const result = await handle.executeUpdate<CommandResult, [CommandRequest]>(contractProtocol.commandUpdate, {
        args: [request({ type: 'RecordNeedsAssessment', data: assessment })],
      });
      expect(result.version).toBe(5_001);
      expect(result.events).toHaveLength(1);
      expect(result.events[0]?.data).toMatchObject({ revision: 5_000 });
      const view = await handle.query<ContractView>(contractProtocol.stateQuery);
      expect(view.state).toMatchObject({ status: 'open', needsAssessment: { revision: 5_000 } });
      expect(pages.length).toBeGreaterThan(1);
      expect(Math.max(...pages)).toBeLessThanOrEqual(200);
      expect(pages.reduce((sum, length) => sum + length, 0)).toBe(5_000);
    });
  });

  it('continues as new when its history grows, carrying the fold; commands keep working across runs', async () => {
    const { activities, streams } = memoryActivities();
    const contractId = randomUUID();
    const taskQueue = `test-${randomUUID()}`;
    const worker = await Worker.create({ connection: timeSkipping.env.nativeConnection, taskQueue, workflowBundle: timeSkipping.bundle, activities });
    await worker.runUntil(async () => {
      const handle = await timeSkipping.env.client.workflow.start(contractProtocol.workflowType, {
        taskQueue,
        workflowId: `contract-${contractId}`,
        args: [{ contractId, historyEventLimit: 20 }],
      });
      const firstRunId = handle.firstExecutionRunId;
      await handle.executeUpdate(contractProtocol.commandUpdate, {
        args: [request({ type: 'OpenCommission', data: { contractId, title: 'Five-year supported living' } })],
      });
      for (let revision = 1; revision <= 8; revision += 1) {
        await handle.executeUpdate(contractProtocol.commandUpdate, {
          args: [request({ type: 'RecordNeedsAssessment', data: { ...assessment, priority: (revision % 5) + 1 } })],
        });
      }
      const description = await handle.describe();
      expect(description.runId).not.toBe(firstRunId);
      expect(await currentRunInput(handle)).toMatchObject({ snapshot: { version: expect.any(Number) as number, state: { status: 'open' } } });
      const view = await handle.query<ContractView>(contractProtocol.stateQuery);
      expect(view.version).toBe(9);
      expect(view.state).toMatchObject({ status: 'open', needsAssessment: { revision: 8 } });
      const stored = streams.get(`contract-${contractId}`) ?? [];
      expect(stored.map((event) => event.streamVersion)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
      await terminateWhenIdle(handle);
    });
  });
  it('continues as new without its fold when the fold is past the bound, and the new run reads its record back', async () => {
    const { activities: counting, streams, pages: loads } = pagedActivities();
    const contractId = randomUUID();
    const taskQueue = `test-${randomUUID()}`;
    const worker = await Worker.create({ connection: timeSkipping.env.nativeConnection, taskQueue, workflowBundle: timeSkipping.bundle, activities: counting });
    await worker.runUntil(async () => {
      const handle = await timeSkipping.env.client.workflow.start(contractProtocol.workflowType, {
        taskQueue,
        workflowId: `contract-${contractId}`,
        // Any fold is past a bound of 100 characters, so every hand-over leaves it behind.
        args: [{ contractId, historyEventLimit: 20, snapshotMaxChars: 100 }],
      });
      const firstRunId = handle.firstExecutionRunId;
      await handle.executeUpdate(contractProtocol.commandUpdate, {
        args: [request({ type: 'OpenCommission', data: { contractId, title: 'Five-year supported living' } })],
      });
      const loadsInFirstRun = loads.length;
      for (let revision = 1; revision <= 8; revision += 1) {
        await handle.executeUpdate(contractProtocol.commandUpdate, {
          args: [request({ type: 'RecordNeedsAssessment', data: { ...assessment, priority: (revision % 5) + 1 } })],
        });
      }
      const description = await handle.describe();
      expect(description.runId).not.toBe(firstRunId);
      const input = await currentRunInput(handle);
      expect(input).toMatchObject({ contractId, historyEventLimit: 20, snapshotMaxChars: 100 });
      expect(input).not.toHaveProperty('snapshot');
      // The new run read what the first had stored, and folds it to the same state.
      expect(loads.length).toBeGreaterThan(loadsInFirstRun);
      const view = await handle.query<ContractView>(contractProtocol.stateQuery);
      expect(view.version).toBe(9);
      expect(view.state).toMatchObject({ status: 'open', needsAssessment: { revision: 8 } });
      const answered = await handle.executeUpdate<CommandResult, [CommandRequest]>(contractProtocol.commandUpdate, {
        args: [request({ type: 'RecordNeedsAssessment', data: assessment })],
      });
      expect(answered).toMatchObject({ version: 10, events: [{ streamVersion: 10 }] });
      const stored = streams.get(`contract-${contractId}`) ?? [];
      expect(stored.map((event) => event.streamVersion)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      await terminateWhenIdle(handle);
    });
  });
});

describe('contract workflow timers (time-skipping test server)', () => {
  // An environment of its own: on the Java test server an update rejected by its validator leaves time skipping
  // locked for the rest of the server's life, so a timer test sharing a server with refusal tests would hang.
  const timeSkipping = useTimeSkipping();

  it('ends a workflow that was started but never opened a contract, after a minute of workflow time', async () => {
    const { activities } = memoryActivities();
    const taskQueue = `test-${randomUUID()}`;
    const worker = await Worker.create({ connection: timeSkipping.env.nativeConnection, taskQueue, workflowBundle: timeSkipping.bundle, activities });
    await worker.runUntil(async () => {
      const handle = await timeSkipping.env.client.workflow.start(contractProtocol.workflowType, {
        taskQueue,
        workflowId: `contract-${randomUUID()}`,
        args: [{ contractId: randomUUID() }],
      });
      await expect(handle.result()).resolves.toBeUndefined();
    });
  });
});

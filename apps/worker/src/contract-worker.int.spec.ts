import {
  contractDecider,
  contractProtocol,
  parseContractEvent,
  type Actor,
  type CommandRequest,
  type CommandResult,
  type ContractView,
} from '@cls/domain';
import { PostgresEventStore } from '@cls/event-store';
import { createTestDatabase, type TestDatabase } from '@cls/event-store/testing';
import { createTimeSkippingEnvironment, quietLogger } from '@cls/temporal/testing';
import { workflowBundleOptions } from '@cls/workflows/bundler';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { createContractActivities } from './contract.activities';

const commissioner: Actor = { id: 'alice', role: 'commissioner', organisation: 'bristol-cc' };
const request = (command: CommandRequest['command']): CommandRequest => ({
  command,
  context: { commandId: randomUUID(), correlationId: randomUUID(), actor: commissioner },
});

describe('contract worker on real PostgreSQL and the Temporal test server', () => {
  let env: TestWorkflowEnvironment;
  let db: TestDatabase;
  let store: PostgresEventStore;
  let bundle: { code: string };

  beforeAll(async () => {
    [env, db] = await Promise.all([createTimeSkippingEnvironment(), createTestDatabase()]);
    store = new PostgresEventStore(db.pool);
    bundle = await bundleWorkflowCode({ ...workflowBundleOptions(), logger: quietLogger });
  }, 120_000);

  afterAll(async () => {
    await env?.teardown();
    await db?.drop();
  });

  it('stores each event once although the first append lost its answer, and its state is the fold of the store', async () => {
    const real = createContractActivities({ store });
    let lostAnswers = 0;
    const activities = {
      ...real,
      // The append commits, then the answer is lost (a crash or a timeout): Temporal retries with the same ids.
      appendEvents: async (input: Parameters<typeof real.appendEvents>[0]) => {
        const result = await real.appendEvents(input);
        if (lostAnswers === 0) {
          lostAnswers += 1;
          throw new Error('connection reset after commit');
        }
        return result;
      },
    };
    const taskQueue = `test-${randomUUID()}`;
    const contractId = randomUUID();
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: bundle, activities });
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(contractProtocol.workflowType, {
        taskQueue,
        workflowId: `contract-${contractId}`,
        args: [{ contractId }],
      });
      const result = await handle.executeUpdate<CommandResult, [CommandRequest]>(contractProtocol.commandUpdate, {
        args: [request({ type: 'OpenCommission', data: { contractId, title: 'Supported living' } })],
      });
      expect(lostAnswers).toBe(1);
      expect(result.version).toBe(1);

      const stored = await store.readStream(`contract-${contractId}`);
      expect(stored).toHaveLength(1);
      expect(stored[0]?.eventId).toBe(result.events[0]?.eventId);

      const view = await handle.query<ContractView>(contractProtocol.stateQuery);
      const fold = stored
        .map((event) => parseContractEvent(event.type, event.data))
        .reduce(contractDecider.evolve, contractDecider.initialState());
      expect(view.state).toEqual(fold);
      expect(view.version).toBe(await store.streamVersion(`contract-${contractId}`));
      await handle.terminate('test finished');
    });
  });

  it.each([
    ['a NUL character', 'bad\u0000byte'],
    ['a lone surrogate', 'x\ud800y'],
  ])('refuses at once events with %s the store cannot hold, and the contract goes on accepting commands', async (_, poison) => {
    const taskQueue = `test-${randomUUID()}`;
    const contractId = randomUUID();
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: bundle,
      activities: createContractActivities({ store }),
    });
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(contractProtocol.workflowType, {
        taskQueue,
        workflowId: `contract-${contractId}`,
        args: [{ contractId }],
      });
      const open = (title: string) =>
        handle.executeUpdate<CommandResult, [CommandRequest]>(contractProtocol.commandUpdate, {
          args: [request({ type: 'OpenCommission', data: { contractId, title } })],
        });
      const refusal = await open(poison).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refusal).toBeInstanceOf(WorkflowUpdateFailedError);
      // The append is a local activity: its failure is the update's cause as it is, not wrapped in an ActivityFailure.
      const rejected = (refusal as WorkflowUpdateFailedError).cause;
      expect(rejected).toBeInstanceOf(ApplicationFailure);
      expect((rejected as ApplicationFailure).type).toBe('EventRejected');
      expect((rejected as ApplicationFailure).details?.[0]).toEqual(expect.objectContaining({ sqlState: expect.stringMatching(/^22/) }));
      expect(await store.readStream(`contract-${contractId}`)).toHaveLength(0);

      const result = await open('Supported living');
      expect(result.version).toBe(1);
      expect(await store.readStream(`contract-${contractId}`)).toHaveLength(1);
      await handle.terminate('test finished');
    });
  });
});

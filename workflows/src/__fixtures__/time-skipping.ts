// One time-skipping server and workflow bundle per describe block, torn down after it.
import { createTimeSkippingEnvironment, quietLogger } from '@cls/temporal/testing';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowBundleOptions } from '../bundler';

export interface TimeSkipping {
  env: TestWorkflowEnvironment;
  bundle: { code: string };
}

/**
 * Registers beforeAll/afterAll hooks and returns what they set up. A describe block that sends refused commands
 * should not share a server with one that needs timers: on the Java test server an update rejected by its
 * validator locks time skipping for the rest of that server's life.
 */
export const useTimeSkipping = (): TimeSkipping => {
  const context = {} as TimeSkipping;
  beforeAll(async () => {
    context.env = await createTimeSkippingEnvironment();
    context.bundle = await bundleWorkflowCode({ ...workflowBundleOptions(), logger: quietLogger });
  }, 120_000);
  afterAll(async () => {
    await context.env?.teardown();
  });
  return context;
};

/**
 * Terminates a workflow once none of its activities is running (or it has ended). On the Java test server a
 * workflow terminated while one of its activities runs leaves time skipping locked for the rest of the server's
 * life, and a later test that sleeps on it waits for ever; on a loaded machine a notification's delivery is often
 * still running when a test ends.
 */
export const terminateWhenIdle = async (handle: WorkflowHandle, reason = 'test finished'): Promise<void> => {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    const description = await handle.describe().catch(() => undefined);
    if (!description || description.status.name !== 'RUNNING' || (description.raw.pendingActivities?.length ?? 0) === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  await handle.terminate(reason).catch(() => undefined);
};

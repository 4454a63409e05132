// One time-skipping server and workflow bundle per describe block, torn down after it.
import { createTimeSkippingEnvironment, quietLogger } from '@cls/temporal/testing';
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

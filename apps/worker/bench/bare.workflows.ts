// The baseline the contract workflow is measured against: the same shape (an update that runs one activity and
// replies), with no domain, no store and nothing to fold.
import { condition, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';

const { noop } = proxyActivities<{ noop(): Promise<void> }>({ startToCloseTimeout: '10 seconds' });

export const bareCommand = defineUpdate<number, [unknown]>('command');

export async function bareWorkflow(): Promise<void> {
  let applied = 0;
  setHandler(bareCommand, async () => {
    await noop();
    applied += 1;
    return applied;
  });
  await condition(() => false);
}

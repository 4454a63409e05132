import { defineUpdate, proxyActivities, setHandler, condition } from '@temporalio/workflow';

const { flaky } = proxyActivities<{ flaky(name: string): Promise<string> }>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '50ms', maximumAttempts: 5 },
});

export const greet = defineUpdate<string, [string]>('greet');

/** An update that runs an activity which fails its first attempt: one trace, one retry, one failure. */
export async function traced(): Promise<void> {
  let done = false;
  setHandler(greet, async (name) => {
    const answer = await flaky(name);
    done = true;
    return answer;
  });
  await condition(() => done);
}

import { condition, proxyActivities } from '@temporalio/workflow';
import type { ContractActivities } from '../contract.activities';

const { loadStream, appendEvents } = proxyActivities<ContractActivities>({ startToCloseTimeout: '10 seconds' });

/**
 * The negative control for the replay test: same workflow type, but it schedules an activity the recorded
 * history never saw, as a careless, unpatched change would. Replaying a stored history against it must fail.
 */
export async function contractWorkflow(input: { contractId: string }): Promise<void> {
  await appendEvents({ streamId: `contract-${input.contractId}`, expectedVersion: 0, events: [] });
  await loadStream({ streamId: `contract-${input.contractId}`, afterVersion: 0, limit: 200 });
  await condition(() => false);
}

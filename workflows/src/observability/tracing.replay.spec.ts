import { quietLogger } from '@cls/temporal/testing';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { tracedWorkflowBundleOptions } from '../bundler';

const historiesDir = path.join(__dirname, '..', 'contract', '__fixtures__', 'histories');
const histories = readdirSync(historiesDir)
  .filter((file) => file.endsWith('.json'))
  .map((file) => ({ file, history: historyFromJSON(JSON.parse(readFileSync(path.join(historiesDir, file), 'utf8'))) }));

/**
 * The bundle the worker runs carries the tracing interceptors; every history recorded before them (no tracing
 * patch marker) must replay against it unchanged, as the runs still open in production will.
 */
describe('stored histories replay against the traced bundle', () => {
  let bundle: { code: string };

  beforeAll(async () => {
    bundle = await bundleWorkflowCode({ ...tracedWorkflowBundleOptions(), logger: quietLogger });
  }, 120_000);

  it('has stored histories to replay', () => {
    expect(histories.length).toBeGreaterThan(0);
  });

  it.each(histories)('replays $file', async ({ history }) => {
    await expect(Worker.runReplayHistory({ workflowBundle: bundle }, history)).resolves.toBeUndefined();
  }, 60_000);
});

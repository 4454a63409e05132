import { quietLogger } from '@cls/temporal/testing';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { workflowBundleOptions } from '../bundler';

const historiesDir = path.join(__dirname, '__fixtures__', 'histories');
const histories = readdirSync(historiesDir)
  .filter((file) => file.endsWith('.json'))
  .map((file) => ({ file, history: historyFromJSON(JSON.parse(readFileSync(path.join(historiesDir, file), 'utf8'))) }));

describe('contract workflow replay', () => {
  it('has stored histories to replay', () => {
    expect(histories.length).toBeGreaterThan(0);
  });

  it.each(histories)('replays $file against the current workflow code', async ({ history }) => {
    const bundle = await bundleWorkflowCode({ ...workflowBundleOptions(), logger: quietLogger });
    await expect(Worker.runReplayHistory({ workflowBundle: bundle }, history)).resolves.toBeUndefined();
  }, 60_000);

  it('fails with a determinism error when the code changes incompatibly (negative control)', async () => {
    const bundle = await bundleWorkflowCode({
      ...workflowBundleOptions(),
      workflowsPath: require.resolve('./__fixtures__/altered.workflow'),
      logger: quietLogger,
    });
    const [first] = histories;
    await expect(Worker.runReplayHistory({ workflowBundle: bundle }, first!.history)).rejects.toBeInstanceOf(
      DeterminismViolationError,
    );
  }, 60_000);
});

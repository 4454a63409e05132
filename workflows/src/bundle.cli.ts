import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { tracedWorkflowBundleOptions } from './bundler';

/**
 * `nx run workflows:bundle`: bundles the workflow code exactly as a worker would, so a Node built-in or another
 * module the sandbox refuses fails CI instead of a worker's start. A worker can load the file as a prebuilt
 * bundle (`workflowBundlePath`).
 */
const bundlePath = path.resolve(__dirname, '..', 'dist', 'workflow-bundle.js');

const main = async (): Promise<void> => {
  const { code } = await bundleWorkflowCode({ ...tracedWorkflowBundleOptions(), logger: new DefaultLogger('WARN') });
  await mkdir(path.dirname(bundlePath), { recursive: true });
  await writeFile(bundlePath, code);
  const kib = (Buffer.byteLength(code) / 1024).toFixed(1);
  console.log(`Workflow bundle written to ${path.relative(process.cwd(), bundlePath)} (${kib} KiB)`);
};

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

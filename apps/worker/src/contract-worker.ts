import type { PostgresEventStore } from '@cls/event-store';
import { workflowBundleOptions } from '@cls/workflows/bundler';
import { type NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createContractActivities } from './contract.activities';

export interface ContractWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  store: PostgresEventStore;
  /** A prebuilt bundle (`nx run workflows:bundle`); without it the worker bundles the workflow code at start. */
  workflowBundlePath?: string;
  tuning?: Pick<WorkerOptions, 'maxCachedWorkflows' | 'maxConcurrentActivityTaskExecutions'>;
}

export const createContractWorker = ({
  connection,
  namespace,
  taskQueue,
  store,
  workflowBundlePath,
  tuning,
}: ContractWorkerOptions): Promise<Worker> =>
  Worker.create({
    connection,
    namespace,
    taskQueue,
    activities: createContractActivities({ store }),
    ...(workflowBundlePath
      ? { workflowBundle: { codePath: workflowBundlePath } }
      : { workflowsPath: workflowBundleOptions().workflowsPath, bundlerOptions: { webpackConfigHook: workflowBundleOptions().webpackConfigHook } }),
    ...tuning,
  });

import type { PostgresEventStore } from '@cls/event-store';
import { workflowBundleOptions } from '@cls/workflows/bundler';
import { type NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createContractActivities } from './contract.activities';
import { createNotificationActivities, type NotificationActivityDeps } from './notifications/notification.activities';

export interface ContractWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  store: PostgresEventStore;
  notifications: NotificationActivityDeps;
  /** A prebuilt bundle (`nx run workflows:bundle`); without it the worker bundles the workflow code at start. */
  workflowBundlePath?: string;
  tuning?: Pick<WorkerOptions, 'maxCachedWorkflows' | 'maxConcurrentActivityTaskExecutions'>;
}

export const createContractWorker = ({
  connection,
  namespace,
  taskQueue,
  store,
  notifications,
  workflowBundlePath,
  tuning,
}: ContractWorkerOptions): Promise<Worker> =>
  Worker.create({
    connection,
    namespace,
    taskQueue,
    activities: { ...createContractActivities({ store }), ...createNotificationActivities(notifications) },
    ...(workflowBundlePath
      ? { workflowBundle: { codePath: workflowBundlePath } }
      : (({ workflowsPath, ...bundlerOptions }) => ({ workflowsPath, bundlerOptions }))(workflowBundleOptions())),
    ...tuning,
  });

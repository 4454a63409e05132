import type { PostgresEventStore } from '@cls/event-store';
import { tracedWorkflowBundleOptions } from '@cls/workflows/bundler';
import { type NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createContractActivities } from './contract.activities';
import { createNotificationActivities, type NotificationActivityDeps } from './notifications/notification.activities';
import { createRecordingNoticePublisher } from './notices/recording-notice-publisher';

/**
 * Heap one cached contract workflow may take: `npm run bench` measures about 0.2 MB now that the domain is shared
 * by every workflow of a thread (workflows/src/shared/preload.ts); the rest is margin for contracts with long
 * histories.
 */
export const cachedWorkflowBudgetMiB = 0.35;
/** What a worker thread's heap holds besides the cached workflows: the bundle, the shared modules, activations. */
export const workerHeapReserveMiB = 512;

/** How many contract workflows a worker can keep cached within a heap of this size: 10,000 fit in 4 GiB. */
export const cachedWorkflowsFor = (heapLimitMiB: number): number =>
  Math.max(10, Math.floor((heapLimitMiB - workerHeapReserveMiB) / cachedWorkflowBudgetMiB));

export interface ContractWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  store: PostgresEventStore;
  notifications: NotificationActivityDeps;
  /** A prebuilt bundle (`nx run workflows:bundle`); without it the worker bundles the workflow code at start. */
  workflowBundlePath?: string;
  tuning?: Pick<WorkerOptions, 'maxCachedWorkflows' | 'maxConcurrentActivityTaskExecutions'>;
  /**
   * Activity interceptors and the workflow span sink (`workerObservabilityOptions` of `@cls/observability`): required,
   * since the workflow bundle traces every run and hands its spans to that sink.
   */
  observability: Pick<WorkerOptions, 'interceptors' | 'sinks'>;
}

export const createContractWorker = ({
  connection,
  namespace,
  taskQueue,
  store,
  notifications,
  workflowBundlePath,
  tuning,
  observability,
}: ContractWorkerOptions): Promise<Worker> => {
  const { workflowsPath, workflowInterceptorModules, ...bundlerOptions } = tracedWorkflowBundleOptions();
  return Worker.create({
    connection,
    namespace,
    taskQueue,
    activities: {
      ...createContractActivities({ store }),
      ...createNotificationActivities(notifications),
      // Find a Tender's client is a seam behind the same port; until it exists notices are recorded as published.
      ...createRecordingNoticePublisher({ logger: notifications.logger }).activities,
    },
    ...(workflowBundlePath ? { workflowBundle: { codePath: workflowBundlePath } } : { workflowsPath, bundlerOptions }),
    // A prebuilt bundle carries the workflow interceptor modules itself (Temporal warns if told them again).
    interceptors: { ...observability.interceptors, ...(workflowBundlePath ? {} : { workflowModules: workflowInterceptorModules }) },
    ...(observability.sinks ? { sinks: observability.sinks } : {}),
    ...tuning,
  });
};

import type { BundleOptions } from '@temporalio/worker';

/**
 * How to bundle this package's workflow code (Node-side; not part of the bundle). `@cls/*` packages resolve to
 * their TypeScript sources through the "development" export condition, which webpack must be told to use.
 */
export const workflowsPath = require.resolve('./index');

/** Shared by every workflow of a worker thread rather than instantiated per workflow: see shared/preload.ts. */
export const preloadModules = [require.resolve('./shared/preload')];

/**
 * Tracing of each workflow run (observability/tracing.interceptors.ts). Its spans leave the isolate through the
 * `exporter` sink, so only a worker that registers that sink (`workerObservabilityOptions` of `@cls/observability`)
 * should bundle it: any other logs an unregistered sink for every span.
 */
export const workflowInterceptorModules = [require.resolve('./observability/tracing.interceptors')];

/** The workflow code alone, for tests that run it on a worker of their own. */
export const workflowBundleOptions = (): Pick<BundleOptions, 'workflowsPath' | 'webpackConfigHook' | 'preloadModules'> => ({
  workflowsPath,
  preloadModules,
  webpackConfigHook: (config) => ({
    ...config,
    resolve: { ...config.resolve, conditionNames: ['development', 'require', 'node', 'default'] },
  }),
});

/** What the worker runs: the workflow code with its tracing, rolled out behind a patch (see the interceptors). */
export const tracedWorkflowBundleOptions = (): Pick<
  BundleOptions,
  'workflowsPath' | 'webpackConfigHook' | 'preloadModules' | 'workflowInterceptorModules'
> => ({ ...workflowBundleOptions(), workflowInterceptorModules });

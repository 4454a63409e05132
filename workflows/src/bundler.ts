import type { BundleOptions } from '@temporalio/worker';

/**
 * How to bundle this package's workflow code (Node-side; not part of the bundle). `@cls/*` packages resolve to
 * their TypeScript sources through the "development" export condition, which webpack must be told to use.
 */
export const workflowsPath = require.resolve('./index');

/** Shared by every workflow of a worker thread rather than instantiated per workflow: see shared/preload.ts. */
export const preloadModules = [require.resolve('./shared/preload')];

/**
 * Tracing of each workflow run (observability/tracing.interceptors.ts), not yet in the contract bundle: its span ids
 * come from the workflow's seeded PRNG, so adding it shifts every later uuid4() (child workflow ids) and stored
 * histories, like workflows already running, stop replaying. It needs a patched rollout first.
 */
export const workflowInterceptorModules = [require.resolve('./observability/tracing.interceptors')];

export const workflowBundleOptions = (): Pick<BundleOptions, 'workflowsPath' | 'webpackConfigHook' | 'preloadModules'> => ({
  workflowsPath,
  preloadModules,
  webpackConfigHook: (config) => ({
    ...config,
    resolve: { ...config.resolve, conditionNames: ['development', 'require', 'node', 'default'] },
  }),
});

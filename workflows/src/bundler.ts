import type { BundleOptions } from '@temporalio/worker';

/**
 * How to bundle this package's workflow code (Node-side; not part of the bundle). `@cls/*` packages resolve to
 * their TypeScript sources through the "development" export condition, which webpack must be told to use.
 */
export const workflowsPath = require.resolve('./index');

/** Shared by every workflow of a worker thread rather than instantiated per workflow: see shared/preload.ts. */
export const preloadModules = [require.resolve('./shared/preload')];

export const workflowBundleOptions = (): Pick<BundleOptions, 'workflowsPath' | 'webpackConfigHook' | 'preloadModules'> => ({
  workflowsPath,
  preloadModules,
  webpackConfigHook: (config) => ({
    ...config,
    resolve: { ...config.resolve, conditionNames: ['development', 'require', 'node', 'default'] },
  }),
});

import type { BundleOptions } from '@temporalio/worker';

/**
 * How to bundle this package's workflow code (Node-side; not part of the bundle). `@cls/*` packages resolve to
 * their TypeScript sources through the "development" export condition, which webpack must be told to use.
 */
export const workflowsPath = require.resolve('./index');

export const workflowBundleOptions = (): Pick<BundleOptions, 'workflowsPath' | 'webpackConfigHook'> => ({
  workflowsPath,
  webpackConfigHook: (config) => ({
    ...config,
    resolve: { ...config.resolve, conditionNames: ['development', 'require', 'node', 'default'] },
  }),
});

// One flat config for the whole workspace. Every package lints itself with `eslint .` (its Nx `lint` target);
// ESLint finds this file by walking up from the package, so the globs below are relative to the workspace root.
import { builtinModules } from 'node:module';
import nx from '@nx/eslint-plugin';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

const typescriptFiles = ['**/*.ts'];
const specFiles = ['**/*.spec.ts'];

// Workflow code runs in Temporal's deterministic sandbox. The Node-side files of the workflows package (tests,
// and the bundler options and CLI that the worker and CI use) live beside it but never enter the bundle.
const workflowNodeSideFiles = [
  'workflows/src/**/*.spec.ts',
  'workflows/src/__fixtures__/**',
  'workflows/src/bundler.ts',
  'workflows/src/bundle.cli.ts',
];

// ---- @nx/enforce-module-boundaries --------------------------------------------------------------------------

const workflowRuntimeImports = [
  '@temporalio/workflow',
  '@temporalio/common',
  '@temporalio/interceptors-opentelemetry/lib/workflow',
  'zod',
  'async-mutex',
];
const workflowNodeSideImports = [
  ...workflowRuntimeImports,
  '@temporalio/common/**',
  '@temporalio/worker',
  '@temporalio/testing',
  '@temporalio/client',
];

/**
 * Two tag dimensions (ARCHITECTURE.md, "Parts"): `type:*` says what a project may depend on; `scope:worker`
 * singles out the one app that may depend on workflow code, because it registers the workflow bundle.
 * `notDependOnLibsWithTags` is checked through the whole project graph, `onlyDependOnLibsWithTags` on the
 * direct import. External imports are exact package names unless a pattern ends in `/**`.
 */
const depConstraints = (workflowExternalImports) => [
  { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain'], allowedExternalImports: ['zod'] },
  {
    sourceTag: 'type:workflow',
    onlyDependOnLibsWithTags: ['type:domain'],
    allowedExternalImports: workflowExternalImports,
  },
  { sourceTag: 'type:adapter', notDependOnLibsWithTags: ['type:workflow', 'type:app', 'type:e2e'] },
  { sourceTag: 'type:util', notDependOnLibsWithTags: ['type:workflow', 'type:app', 'type:e2e'] },
  { allSourceTags: ['type:app', 'scope:app'], notDependOnLibsWithTags: ['type:app', 'type:workflow', 'type:e2e'] },
  { allSourceTags: ['type:app', 'scope:worker'], notDependOnLibsWithTags: ['type:app', 'type:e2e'] },
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['*'] },
];

const moduleBoundaries = ({ workflowExternalImports = workflowRuntimeImports, allow = [] } = {}) => [
  'error',
  { allow, depConstraints: depConstraints(workflowExternalImports) },
];

// ---- Deterministic code: workflows and the domain ------------------------------------------------------------

/** Every Node built-in, bare (`fs`, `fs/promises`, `timers` …) or `node:`-prefixed. */
const nodeBuiltinImports = (where) => {
  const message = `Node built-ins are not allowed in ${where}.`;
  return {
    paths: builtinModules.map((name) => ({ name, message })),
    patterns: [{ group: ['node:*', 'node:*/**'], message }],
  };
};

/**
 * Inside a workflow Temporal already makes `Date.now` and `Math.random` deterministic (the workflow task's start
 * time; a PRNG seeded per run), so they would not break replay. The team's rule is stricter all the same: time
 * is passed in explicitly (read once per handler with `new Date()` — Temporal's clock — and carried as `now`),
 * and randomness comes from Temporal's APIs (`uuid4()`), so code says what it depends on and the domain it calls
 * stays pure. `new Date()` therefore stays allowed in workflow code.
 */
const ambientTimeAndRandomness = (why) => [
  { object: 'Date', property: 'now', message: `Pass the time in explicitly: ${why}` },
  { object: 'Math', property: 'random', message: `Use randomness from the caller or Temporal's uuid4(): ${why}` },
];

/** Node globals that the workflow isolate does not have, or that would read the environment. */
const nodeGlobals = (where) =>
  ['process', 'Buffer', 'setImmediate', 'clearImmediate', '__dirname', '__filename'].map((name) => ({
    name,
    message: `The Node global \`${name}\` is not allowed in ${where}.`,
  }));

export default defineConfig(
  globalIgnores([
    '**/dist/',
    '**/node_modules/',
    '**/coverage/',
    '.tools/',
    '.data/',
    '**/jest.config.js',
    'jest.preset.js',
  ]),
  ...nx.configs['flat/base'],
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  {
    files: typescriptFiles,
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        // Each file is checked against its nearest tsconfig.json (its package's), as `typecheck` does.
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // Forgetting to await an activity, a Temporal API or a database call is the bug we most want caught.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      // An async function without `await` is how we implement a Promise-returning port (activities, fakes,
      // sinks): a synchronous throw still becomes a rejection, which a `Promise.resolve` rewrite would lose.
      '@typescript-eslint/require-await': 'off',
      // With type information the rule sees emitDecoratorMetadata and keeps the value imports Nest's DI reads.
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: true },
      ],
      '@typescript-eslint/no-import-type-side-effects': 'error',
      '@typescript-eslint/no-deprecated': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
      '@nx/enforce-module-boundaries': moduleBoundaries(),
    },
  },
  {
    files: specFiles,
    rules: {
      // @types/jest types the asymmetric matchers (`expect.any`, `expect.stringMatching`) as `any`.
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
  {
    files: workflowNodeSideFiles,
    rules: {
      '@nx/enforce-module-boundaries': moduleBoundaries({
        workflowExternalImports: workflowNodeSideImports,
        allow: ['@cls/temporal/testing'],
      }),
    },
  },
  {
    // End-to-end suites drive every process, so they may import the apps themselves (Nx refuses app imports).
    files: ['test/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': moduleBoundaries({ allow: ['^@cls/(api|worker|relay|reporting)(/.*)?$'] }),
    },
  },
  {
    files: ['workflows/src/**/*.ts'],
    ignores: workflowNodeSideFiles,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...nodeBuiltinImports('workflow code'),
          paths: [
            ...nodeBuiltinImports('workflow code').paths,
            ...['@temporalio/activity', '@temporalio/client', '@temporalio/worker', '@temporalio/testing'].map(
              (name) => ({ name, message: `${name} is Node-side; workflow code uses @temporalio/workflow.` }),
            ),
          ],
        },
      ],
      'no-restricted-properties': ['error', ...ambientTimeAndRandomness('workflow code must replay deterministically.')],
      'no-restricted-globals': ['error', ...nodeGlobals('workflow code')],
    },
  },
  {
    files: ['libs/domain/src/**/*.ts'],
    ignores: specFiles,
    rules: {
      'no-restricted-imports': ['error', nodeBuiltinImports('the domain (zod only)')],
      'no-restricted-properties': ['error', ...ambientTimeAndRandomness('the decider is pure.')],
      'no-restricted-globals': ['error', ...nodeGlobals('the domain (libraries never read process.env)')],
    },
  },
);

import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** Where `npm run infra:up` (infra/scripts/install.sh) puts the Java time-skipping test server's wrapper. */
export const testServerPath = (): string =>
  process.env['TEMPORAL_TEST_SERVER_PATH'] ??
  path.resolve(__dirname, '..', '..', '..', process.env['CLS_TOOLS_DIR'] ?? '.tools', 'bin', 'temporal-test-server');

/**
 * The time-skipping environment on the locally installed test server. The SDK allows the server only a short
 * window to start listening; on a loaded two-core machine the JVM can miss it, so a failed start is retried.
 */
export const createTimeSkippingEnvironment = async (attempts = 3): Promise<TestWorkflowEnvironment> => {
  installQuietRuntime();
  const executable = testServerPath();
  if (!existsSync(executable)) {
    throw new Error(`No Temporal test server at ${executable}: run \`bash infra/scripts/install.sh temporal-test-server\``);
  }
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    try {
      return await TestWorkflowEnvironment.createTimeSkipping({
        server: { executable: { type: 'existing-path', path: executable } },
      });
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
};

/** Warnings and errors only: worker state changes and bundle statistics would drown the test report. */
export const quietLogger = new DefaultLogger('WARN');

let runtimeInstalled = false;
export const installQuietRuntime = (): void => {
  if (runtimeInstalled) return;
  Runtime.install({ logger: quietLogger });
  runtimeInstalled = true;
};

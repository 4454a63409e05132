import type { AuthSettings } from '@cls/auth';
import { loadConfig } from '@cls/config';
import type { TestDatabase } from '@cls/event-store/testing';
import type { INestApplication } from '@nestjs/common';
import { spawn } from 'node:child_process';
import path from 'node:path';
import pino from 'pino';
import { ApiConfig } from '../config';
import { createApiApp } from '../create-app';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');

/** The Temporal server the specs use: the one `npm run infra:up` starts, unless the environment names another. */
export const testTemporalAddress = (): string => process.env['TEMPORAL_ADDRESS'] ?? '127.0.0.1:7233';

/**
 * The API as `createApiApp` builds it for production, on this test's database, signing keys and any further settings
 * in `env` (which override the defaults here).
 */
export const createApiTestApp = async ({ db, auth, env = {} }: { db: TestDatabase; auth: AuthSettings; env?: Record<string, string> }): Promise<INestApplication> => {
  const config = loadConfig(ApiConfig, {
    JWT_SECRET: auth.secret,
    JWT_ISSUER: auth.issuer,
    JWT_AUDIENCE: auth.audience,
    LOG_LEVEL: 'warn',
    TEMPORAL_ADDRESS: testTemporalAddress(),
    ...env,
  });
  // The audit and idempotency modules read their database from the environment when they start; it is put back at once.
  const adminUrl = process.env['DATABASE_URL'];
  process.env['DATABASE_URL'] = db.url;
  try {
    return await createApiApp(config, pino({ level: 'silent' }));
  } finally {
    if (adminUrl === undefined) delete process.env['DATABASE_URL'];
    else process.env['DATABASE_URL'] = adminUrl;
  }
};

export interface TestWorker {
  /** The last 20 000 characters the worker wrote, to show when a wait on it times out. */
  output(): string;
  /** Stops the worker with SIGTERM, as an orchestrator would, and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * The worker as `npm run start` runs it, on this test's database and task queue, once it polls. A loaded machine
 * may take long to compile and connect it, so the wait is generous; if it runs out, the worker is stopped.
 */
export const spawnWorker = async ({ db, taskQueue, timeoutMs = 120_000 }: { db: TestDatabase; taskQueue: string; timeoutMs?: number }): Promise<TestWorker> => {
  const child = spawn(process.execPath, ['--conditions=development', '-r', '@swc-node/register', path.join('apps', 'worker', 'src', 'main.ts')], {
    cwd: repoRoot,
    // Metrics on a free port (0): other suites' workers run beside this one.
    env: { ...process.env, DATABASE_URL: db.url, TEMPORAL_ADDRESS: testTemporalAddress(), TEMPORAL_TASK_QUEUE: taskQueue, LOG_LEVEL: 'warn', WORKER_METRICS_PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-20_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const worker: TestWorker = {
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
  const deadline = Date.now() + timeoutMs;
  while (!output.includes('worker polling')) {
    if (Date.now() >= deadline) {
      await worker.stop();
      throw new Error(`Timed out waiting for the worker to poll\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return worker;
};

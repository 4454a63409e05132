import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '..', '..');

/** A port the OS says is free right now, so parallel runs never collide. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });

export interface RunningApp {
  name: string;
  child: ChildProcess;
  output: () => string;
}

/** Starts an app exactly as `npm run start` does (TypeScript sources through SWC), with its own environment. */
export const startApp = (name: string, env: Record<string, string>): RunningApp => {
  let output = '';
  const child = spawn(
    process.execPath,
    ['--conditions=development', '-r', '@swc-node/register', path.join('apps', name, 'src', 'main.ts')],
    // Metrics on free ports (0): suites run side by side, and a fixed port would let only one worker or relay start.
    { cwd: repoRoot, env: { ...process.env, WORKER_METRICS_PORT: '0', RELAY_METRICS_PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  // Kept whole on disk for a failed run's post-mortem (CI prints the folder), and the tail in memory for messages.
  const logDir = path.join(repoRoot, '.data', 'logs', 'e2e');
  mkdirSync(logDir, { recursive: true });
  const log = createWriteStream(path.join(logDir, `${name}.log`));
  child.once('exit', () => log.end());
  const keep = (chunk: Buffer) => {
    log.write(chunk);
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { name, child, output: () => output };
};

/** SIGTERM, then SIGKILL if the app has not exited in time: a test run never leaves a process behind. */
export const stopApp = async ({ child }: RunningApp, graceMs = 10_000): Promise<void> => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
};

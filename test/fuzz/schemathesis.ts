import { mintToken } from '@cls/auth';
import type { Actor } from '@cls/domain';
import { spawn } from 'node:child_process';
import { Transform } from 'node:stream';
import { mkdirSync } from 'node:fs';
import { eventually } from '@cls/kafka/testing';
import path from 'node:path';
import { startStack } from '../e2e/fixtures';

/**
 * Fuzzes the OpenAPI documents of the API and the reporting service with schemathesis: positive and negative data
 * for every operation, as several roles, against the running apps on the real servers. A run fails on any 5xx and
 * on any response whose status, content type or body the document does not declare for that operation.
 *
 *   node --conditions=development -r @swc-node/register test/fuzz/schemathesis.ts <path to st>
 *
 * FUZZ_MAX_EXAMPLES (default 4) bounds the cases per operation and mode; FUZZ_MAX_TIME_S (default 50) bounds each
 * run of schemathesis against the API, which gives up the rest of its cases once it is spent, and half of it each run
 * against the reporting service (eleven reads against the API's sixty-odd operations).
 */

const repoRoot = path.resolve(__dirname, '..', '..');
const reportDir = path.join(repoRoot, '.data', 'fuzz');
const checks = ['not_a_server_error', 'status_code_conformance', 'response_schema_conformance', 'content_type_conformance'];

const positiveInteger = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, not ${raw}`);
  return value;
};

/**
 * Who fuzzes what: the API as the roles that open and run a contract and as the provider, whose commands and reads
 * differ most; the reporting service as a member of staff and as a provider, who sees only what was awarded to it.
 */
const plan: readonly { service: 'api' | 'reporting'; role: Actor['role'] }[] = [
  { service: 'api', role: 'commissioner' },
  { service: 'api', role: 'contract-manager' },
  { service: 'api', role: 'provider' },
  { service: 'reporting', role: 'commissioner' },
  { service: 'reporting', role: 'provider' },
];

interface Run {
  service: 'api' | 'reporting';
  role: Actor['role'];
  url: string;
  token: string;
}

/** One schemathesis run; it resolves with st's exit code, and the wall clock ends a run that overstays its budget. */
const runSchemathesis = (st: string, run: Run, maxExamples: number, maxTimeS: number): Promise<number> =>
  new Promise((resolve, reject) => {
    const name = `${run.service}-${run.role}`;
    const args = [
      'run',
      `${run.url}/openapi.json`,
      '--checks',
      checks.join(','),
      '--mode',
      'all',
      '--phases',
      'examples,coverage,fuzzing',
      '--max-examples',
      String(maxExamples),
      '--max-time',
      String(maxTimeS),
      '--request-timeout',
      '30',
      // One worker: hypothesis's lambda descriptions are not thread-safe on CPython 3.11 (a SystemError from ast).
      '--workers',
      '1',
      '--no-shrink',
      '--suppress-health-check',
      'all',
      // Text PostgreSQL cannot store (NUL, a lone surrogate) is refused at the edge, as the document's description
      // says, but JSON Schema has no way to say it of each string; the poison-text e2e spec walks every field with it.
      '--generation-allow-x00',
      'false',
      '--generation-codec',
      'utf-8',
      '--output-truncate',
      'true',
      '--header',
      `Authorization: Bearer ${run.token}`,
      '--report',
      'junit',
      '--report-junit-path',
      path.join(reportDir, `${name}.junit.xml`),
    ];
    console.log(`::: schemathesis ${run.service} as ${run.role}`);
    // In the report folder, where st keeps its cache (.schemathesis), out of the work tree.
    const child = spawn(st, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: reportDir });
    child.stdout.pipe(withoutPytestBanners()).pipe(process.stdout);
    child.stderr.pipe(withoutPytestBanners()).pipe(process.stderr);
    // st stops generating at --max-time but finishes the request in flight; past twice that it is hung.
    const killer = setTimeout(() => child.kill('SIGKILL'), (maxTimeS * 2 + 60) * 1000);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(killer);
      resolve(code ?? (signal ? 128 : 1));
    });
  });

// st closes each run with pytest's banner ("=== 3 warnings in 25.01s ==="), which names no test it ran. CI reads a
// pytest-like closing line as the runner's count and so took the whole suite for one that ran nothing; the banners are
// reprinted as plain headings, their words kept.
const pytestBanner = /^=+ (.+?) =+$/;
const withoutPytestBanners = (): Transform => {
  let pending = '';
  const plain = (line: string) => line.replace(pytestBanner, '--- $1 ---');
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const lines = (pending + chunk.toString('utf8')).split('\n');
      pending = lines.pop() ?? '';
      done(null, lines.map((line) => `${plain(line)}\n`).join(''));
    },
    flush(done) {
      done(null, pending ? plain(pending) : '');
    },
  });
};

const main = async (): Promise<number> => {
  const st = process.argv[2];
  if (!st) throw new Error('usage: schemathesis.ts <path to the st executable>');
  const maxExamples = positiveInteger('FUZZ_MAX_EXAMPLES', 4);
  const maxTimeS = positiveInteger('FUZZ_MAX_TIME_S', 50);
  mkdirSync(reportDir, { recursive: true });
  const stack = await startStack({ readModels: true });
  // Interrupted, the run still stops the apps and drops the database it made.
  const interrupted = () => void stack.stop().finally(() => process.exit(130));
  process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
  const failed: string[] = [];
  try {
    for (const { service, role } of plan) {
      const actor: Actor = { id: `fuzz-${role}`, role, organisation: 'fuzz-council' };
      const token = await mintToken(actor, stack.auth, { expiresIn: '2h' });
      const url = service === 'api' ? stack.apiUrl : stack.reportingUrl;
      if (!url) throw new Error(`${service} was not started`);
      // Readiness first: the reporting consumer starts afresh, with backoff, after a broker hiccup, and answers its
      // /health 503 meanwhile, as it should; a run that began then would count that honest 503 as a server error.
      await eventually(
        async () => {
          const response = await fetch(`${url}/health`);
          if (response.status !== 200) throw new Error(`${service} is not ready: ${response.status} ${await response.text()}`);
        },
        { timeoutMs: 120_000, intervalMs: 500 },
      );
      const budget = service === 'api' ? maxTimeS : Math.ceil(maxTimeS / 2);
      const code = await runSchemathesis(st, { service, role, url, token }, maxExamples, budget);
      if (code !== 0) failed.push(`${service} as ${role} (exit ${code})`);
    }
  } finally {
    await stack.stop();
  }
  console.log(failed.length === 0 ? '::: schemathesis found nothing' : `::: schemathesis failed: ${failed.join('; ')}`);
  return failed.length === 0 ? 0 : 1;
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

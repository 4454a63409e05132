/**
 * `npm run bench` (worker part): the contract workflow beside a bare Temporal workflow of the same shape, on the
 * same Temporal server and PostgreSQL, in one run.
 *
 * - memory per cached workflow: the worker's resident memory after opening BENCH_WORKER_CONTRACTS workflows of
 *   each kind (update-with-start at concurrency 8), divided by their number;
 * - opens: their rate and errors, and whether any open left a workflow without its first event;
 * - commands: throughput and CPU per command across every process (this one, which runs the workers and the
 *   clients, the Temporal server, PostgreSQL) at concurrency 1, 8 and 32, against an update running one no-op
 *   activity;
 * - eviction: latency of a command to a contract the worker had to replay against one it held in its cache;
 * - the audit trail's benchmark (libs/event-store/bench/audit.bench.ts) measured while BENCH_AUDIT_ALONGSIDE_RATE
 *   (default 20) contract commands a second run through Temporal.
 */
import { contractProtocol, contractWorkflowId, type CommandRequest, type ContractView } from '@cls/domain';
import { PostgresEventStore } from '@cls/event-store';
import { steadyLoad } from '@cls/event-store/bench/steady-load';
import { createTestDatabase } from '@cls/event-store/testing';
import { ContractClient } from '@cls/temporal';
import { preloadModules, workflowBundleOptions } from '@cls/workflows/bundler';
import { Client, Connection, WithStartWorkflowOperation } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { createContractActivities } from '../src/contract.activities';
import { createNotificationActivities } from '../src/notifications/notification.activities';
import pino from 'pino';
import { z } from 'zod';

const count = z.coerce.number().int().positive();
const settings = z
  .object({
    BENCH_WORKER_CONTRACTS: count.default(1000),
    BENCH_WORKER_COMMANDS: count.default(400),
    BENCH_WORKER_EVICTION_SAMPLE: count.default(200),
    TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
    BENCH_TEMPORAL_PID_FILE: z.string().min(1).optional(),
    // Contract commands a second offered while the audit trail is measured; 0 skips that part, as BENCH_AUDIT=0 does.
    BENCH_AUDIT_ALONGSIDE_RATE: z.coerce.number().int().min(0).default(20),
    BENCH_AUDIT: z.enum(['0', '1']).default('1'),
  })
  .parse(process.env);
const contracts = settings.BENCH_WORKER_CONTRACTS;
const commandsPerLevel = settings.BENCH_WORKER_COMMANDS;
const evictionSample = settings.BENCH_WORKER_EVICTION_SAMPLE;
const address = settings.TEMPORAL_ADDRESS;
const temporalPidFile = settings.BENCH_TEMPORAL_PID_FILE;
const auditAlongsideRate = settings.BENCH_AUDIT === '0' ? 0 : settings.BENCH_AUDIT_ALONGSIDE_RATE;

const clockTicks = 100;
/** CPU seconds of a process from /proc (user + system), or 0 once it is gone. */
const statOf = (pid: number | string): string[] => {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  } catch {
    return [];
  }
};
const cpuOf = (pid: number): number => {
  const fields = statOf(pid);
  return fields.length === 0 ? 0 : (Number(fields[11]) + Number(fields[12])) / clockTicks;
};
const commOf = (pid: string): string => {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
};
/**
 * CPU seconds of PostgreSQL: the postmaster's own and its reaped children's (backends that ended), plus its live
 * children's, so the figure only grows as sessions come and go.
 */
const postgresCpu = (): number => {
  const postgres = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry) && commOf(entry) === 'postgres');
  const pids = new Set(postgres);
  return postgres.reduce((sum, pid) => {
    const fields = statOf(pid);
    // A backend that ended between the listing and the read has moved its CPU to the postmaster's reaped total.
    if (fields.length === 0) return sum;
    const own = (Number(fields[11]) + Number(fields[12])) / clockTicks;
    const isPostmaster = !pids.has(fields[1] ?? '');
    return sum + own + (isPostmaster ? (Number(fields[13]) + Number(fields[14])) / clockTicks : 0);
  }, 0);
};
const temporalPid = temporalPidFile ? Number(readFileSync(temporalPidFile, 'utf8').trim()) : undefined;
/** CPU seconds so far of this process, the Temporal server and PostgreSQL. */
const cpuNow = (): { self: number; temporal: number; postgres: number } => {
  const usage = process.cpuUsage();
  return {
    self: (usage.user + usage.system) / 1e6,
    temporal: temporalPid ? cpuOf(temporalPid) : 0,
    postgres: postgresCpu(),
  };
};

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** Runs `count` calls at `concurrency`, each timed; returns their latencies, the wall time, errors and CPU used. */
const drive = async (count: number, concurrency: number, call: (index: number) => Promise<unknown>) => {
  const latencies: number[] = [];
  const errors: string[] = [];
  let next = 0;
  const before = cpuNow();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let index = next++; index < count; index = next++) {
        const at = performance.now();
        try {
          await call(index);
          latencies.push(performance.now() - at);
        } catch (error) {
          errors.push(error instanceof Error ? error.message : String(error));
        }
      }
    }),
  );
  const wallMs = performance.now() - started;
  const after = cpuNow();
  const cpu = { self: after.self - before.self, temporal: after.temporal - before.temporal, postgres: after.postgres - before.postgres };
  latencies.sort((a, b) => a - b);
  return { latencies, errors, wallMs, perSecond: (latencies.length / wallMs) * 1000, cpuMsPerCall: ((cpu.self + cpu.temporal + cpu.postgres) / count) * 1000, cpu };
};

/**
 * Runs the audit trail benchmark (event-store.bench.ts without its store part) in a child process, passing its
 * output on, with `load` running from its "measuring" line to its "results" line.
 */
const auditBenchAlongside = async (name: string, load: () => ReturnType<typeof steadyLoad>): Promise<void> => {
  const child = spawn(process.execPath, [...process.execArgv, path.resolve(__dirname, '../../../libs/event-store/bench/event-store.bench.ts')], {
    env: { ...process.env, BENCH_STORE: '0', BENCH_AUDIT_ALONGSIDE: name },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let running: ReturnType<typeof steadyLoad> | undefined;
  const lines = createInterface({ input: child.stdout });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  for await (const line of lines) {
    if (line.startsWith('measuring') && !running) running = load();
    if (line.startsWith('results') && running) {
      console.log(`alongside: ${(await running.stop()).summary}; load average ${loadavgText()}`);
      running = undefined;
    }
    console.log(line);
  }
  if (running) console.log(`alongside: ${(await running.stop()).summary}; load average ${loadavgText()}`);
  const code = await exited;
  if (code !== 0) throw new Error(`the audit benchmark exited with ${code}`);
};

const loadavgText = (): string => {
  const [one, five] = loadavg();
  return `${one?.toFixed(2)} (1 min), ${five?.toFixed(2)} (5 min)`;
};

const actor = { id: 'bench', role: 'commissioner' as const, organisation: 'bench-council' };
const request = (command: CommandRequest['command']): CommandRequest => ({
  command,
  context: { commandId: randomUUID(), correlationId: randomUUID(), actor },
});
const assessment = (revision: number) => ({
  need: `Overnight respite, revision ${revision}`,
  clientGroup: 'Disabled children 0-18',
  evidence: [{ kind: 'service-data' as const, description: 'Short breaks waiting list' }],
  unmetNeeds: ['No provision in the north of the county'],
  priority: 2,
  outcomes: [{ level: 'service' as const, description: 'Families get breaks', indicator: 'Nights used', baseline: '0', target: '1,200 a year' }],
  serviceUserInvolvement: 'Parent carer forum',
});

const heapMb = (): number => {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};

const main = async (): Promise<void> => {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const db = await createTestDatabase();
  const nativeConnection = await NativeConnection.connect({ address });
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  const logger = new DefaultLogger('WARN');
  const [contractBundle, bareBundle] = await Promise.all([
    bundleWorkflowCode({ ...workflowBundleOptions(), logger }),
    bundleWorkflowCode({ workflowsPath: require.resolve('./bare.workflows'), logger }),
  ]);
  const activities = {
    ...createContractActivities({ store: new PostgresEventStore(db.pool) }),
    ...createNotificationActivities({ logger: pino({ level: 'silent' }) }),
    noop: async () => undefined,
  };
  const queue = (name: string) => `bench-${name}-${randomUUID()}`;
  const queues = { memoryContracts: queue('memory-contracts'), memoryBare: queue('memory-bare'), contracts: queue('contracts'), bare: queue('bare'), eviction: queue('eviction') };
  const cache = contracts + 100;
  // The memory workers run their workflows on this thread (debugMode), in the same reusable context a worker
  // thread would use, so this thread's heap after a collection is what the cached workflows hold.
  const workers = await Promise.all([
    Worker.create({ connection: nativeConnection, taskQueue: queues.memoryContracts, workflowBundle: contractBundle, activities, maxCachedWorkflows: cache, debugMode: true }),
    Worker.create({ connection: nativeConnection, taskQueue: queues.memoryBare, workflowBundle: bareBundle, activities, maxCachedWorkflows: cache, debugMode: true }),
    Worker.create({ connection: nativeConnection, taskQueue: queues.contracts, workflowBundle: contractBundle, activities, maxCachedWorkflows: cache }),
    Worker.create({ connection: nativeConnection, taskQueue: queues.bare, workflowBundle: bareBundle, activities, maxCachedWorkflows: cache }),
    Worker.create({ connection: nativeConnection, taskQueue: queues.eviction, workflowBundle: contractBundle, activities, maxCachedWorkflows: 10, maxConcurrentWorkflowTaskExecutions: 2 }),
  ]);
  const clientOf = (taskQueue: string) => new ContractClient(client, { taskQueue });
  const openContracts = (taskQueue: string, ids: readonly string[], concurrency: number) =>
    drive(ids.length, concurrency, (index) => {
      const contractId = ids[index] ?? '';
      return clientOf(taskQueue).open(contractId, request({ type: 'OpenCommission', data: { contractId, title: `Contract ${index}` } }), randomUUID());
    });
  const openBare = (taskQueue: string, ids: readonly string[], concurrency: number) =>
    drive(ids.length, concurrency, (index) =>
      client.workflow.executeUpdateWithStart('command', {
        args: [{}],
        startWorkflowOperation: new WithStartWorkflowOperation('bareWorkflow', { workflowId: ids[index] ?? '', taskQueue, workflowIdConflictPolicy: 'USE_EXISTING' }),
      }),
    );
  const ids = (prefix: string, length: number) => Array.from({ length }, () => `${prefix}${randomUUID()}`);
  const row = (name: string, ours: number, baseline: number, unit: string, better: 'higher' | 'lower') =>
    console.log(`${name.padEnd(44)} ${ours.toFixed(2).padStart(10)} ${baseline.toFixed(2).padStart(10)} ${unit.padEnd(8)} ${(ours / baseline).toFixed(2).padStart(6)}× (${better} is better)`);

  console.log(`\nWorker benchmark: ${contracts} contracts and ${contracts} bare workflows on ${address}; load average ${loadavgText()}; shared modules: ${path.basename(preloadModules[0] ?? '')}`);
  console.log(`${'figure'.padEnd(44)} ${'contract'.padStart(10)} ${'bare'.padStart(10)} ${'unit'.padEnd(8)} ${'ratio'.padStart(6)}`);
  const running = Promise.all(workers.map((worker) => worker.run()));
  try {
    const heap0 = heapMb();
    await openBare(queues.memoryBare, ids('bare-', contracts), 8);
    const heap1 = heapMb();
    await openContracts(queues.memoryContracts, ids('', contracts), 8);
    const heap2 = heapMb();
    row(`heap per cached workflow (${contracts} open)`, (heap2 - heap1) / contracts, (heap1 - heap0) / contracts, 'MB', 'lower');

    const contractIds = ids('', contracts);
    const bareIds = ids('bare-', contracts);
    const bareOpen = await openBare(queues.bare, bareIds, 8);
    const open = await openContracts(queues.contracts, contractIds, 8);
    row('opens (update-with-start, concurrency 8)', open.perSecond, bareOpen.perSecond, '/s', 'higher');
    row('CPU per open, all processes', open.cpuMsPerCall, bareOpen.cpuMsPerCall, 'ms', 'lower');
    const orphans = (
      await Promise.all(
        contractIds.map(async (contractId) => ((await client.workflow.getHandle(contractWorkflowId(contractId)).query<ContractView>(contractProtocol.stateQuery)).version === 0 ? 1 : 0)),
      )
    ).reduce<number>((sum, orphan) => sum + orphan, 0);
    console.log(`open errors: contract ${open.errors.length}, bare ${bareOpen.errors.length}; contracts left without their first event: ${orphans}`);
    for (const error of new Set(open.errors)) console.log(`  contract open error: ${error}`);

    // Commands spread over the contracts, as a council's users would give them.
    let revision = 0;
    const command = (contractClient: ContractClient, contractId: string) =>
      contractClient.execute(contractId, request({ type: 'RecordNeedsAssessment', data: assessment(++revision) }), randomUUID());
    for (const concurrency of [1, 8, 32]) {
      const count = Math.max(commandsPerLevel, concurrency * 4);
      const spread = Math.min(contracts, count);
      const ours = await drive(count, concurrency, (index) => command(clientOf(queues.contracts), contractIds[(index * 37) % spread] ?? ''));
      const bare = await drive(count, concurrency, (index) => client.workflow.getHandle(bareIds[(index * 37) % spread] ?? '').executeUpdate('command', { args: [{}] }));
      row(`commands/s at concurrency ${concurrency}`, ours.perSecond, bare.perSecond, '/s', 'higher');
      row(`CPU per command at concurrency ${concurrency}`, ours.cpuMsPerCall, bare.cpuMsPerCall, 'ms', 'lower');
      const split = (run: typeof ours) => [run.cpu.self, run.cpu.temporal, run.cpu.postgres].map((seconds) => ((seconds / count) * 1000).toFixed(1)).join(' / ');
      console.log(`  CPU ms per command, this process / Temporal / PostgreSQL: contract ${split(ours)}; bare ${split(bare)}; errors ${ours.errors.length} / ${bare.errors.length}`);
    }

    // Eviction: a worker caching 10 workflows takes commands round-robin over more contracts than that, so each
    // command finds its contract evicted and replays it; the same worker's commands to one contract find it cached.
    const eviction = clientOf(queues.eviction);
    const evictionIds = ids('', Math.max(20, Math.ceil(evictionSample / 4)));
    await openContracts(queues.eviction, evictionIds, 1);
    const hot = evictionIds[0] ?? '';
    const cached = await drive(evictionSample, 1, () => command(eviction, hot));
    const evicted = await drive(evictionSample, 1, (index) => command(eviction, evictionIds[index % evictionIds.length] ?? ''));
    row('command p50, evicted vs cached', percentile(evicted.latencies, 50), percentile(cached.latencies, 50), 'ms', 'lower');
    row('command p99, evicted vs cached', percentile(evicted.latencies, 99), percentile(cached.latencies, 99), 'ms', 'lower');
    if (evicted.errors.length + cached.errors.length > 0) console.log(`eviction errors: ${[...new Set([...evicted.errors, ...cached.errors])].join('; ')}`);

    // The audit trail read while contracts take commands: a steady rate offered to the contracts above, as their
    // users would give them, from when the audit store is seeded to its last measurement.
    // The audit benchmark runs in a process of its own, as the API's reads do, and says when it starts measuring.
    if (auditAlongsideRate > 0) {
      await auditBenchAlongside(`${auditAlongsideRate} contract commands/s through Temporal`, () =>
        steadyLoad(auditAlongsideRate, (index) => command(clientOf(queues.contracts), contractIds[(index * 37) % contractIds.length] ?? '')),
      );
    }
  } finally {
    for (const worker of workers) worker.shutdown();
    await running;
    await connection.close();
    await nativeConnection.close();
    await db.drop();
  }
  console.log(`load average at the end: ${loadavgText()}`);
};

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

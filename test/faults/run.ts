import { mintToken, type AuthSettings } from '@cls/auth';
import { contractWorkflowId, type Actor } from '@cls/domain';
import { createPool } from '@cls/event-store';
import { createKafka, decodeContractEvent } from '@cls/kafka';
import { eventually, uniqueName } from '@cls/kafka/testing';
import { Client, Connection } from '@temporalio/client';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Pool } from 'pg';
import { freePort } from '../e2e/processes';
import { directAwardRoute, needsAssessment, specification } from '../e2e/fixtures';

/**
 * Fault injection under a light load, on a private PostgreSQL, Temporal and Kafka that scripts/faults.sh starts
 * (DATABASE_URL, TEMPORAL_ADDRESS, KAFKA_BROKERS and CLS_* name them). After each fault, once the load has gone on,
 * the run checks that the event store, the topic, the read models and Temporal agree and that every client request
 * ended in a success or a retryable answer (FAULTS_CLIENTS, default 3, is the number of clients).
 *
 * FAULTS_TOPOLOGY picks the deployment and its faults:
 * - `single` (the default): one of each app on one broker. The worker, the relay and the reporting service are
 *   killed with SIGKILL and started again, Kafka is stopped for FAULTS_KAFKA_OUTAGE_S (default 60 s, as the issue
 *   asks), PostgreSQL and Temporal for 5 s.
 * - `scale-out`: two workers, two relays (one publishes, one stands by), two API instances behind the clients' own
 *   failover, and two reporting consumers in one group, on three brokers (replication 3, min ISR 2). One instance
 *   of each app and one broker are killed with SIGKILL while the other carries the load, then started again.
 *
 *   bash scripts/faults.sh [single|scale-out]   (never the shared servers: it runs the infra scripts on its own ports)
 */

const repoRoot = path.resolve(__dirname, '..', '..');
const logDir = path.join(process.env['CLS_DATA_DIR'] ?? path.join(repoRoot, '.data', 'faults'), 'logs', 'apps');

const seconds = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, not ${raw}`);
  return value;
};
const kafkaOutageS = seconds('FAULTS_KAFKA_OUTAGE_S', 60);
const topology = process.env['FAULTS_TOPOLOGY'] ?? 'single';
if (topology !== 'single' && topology !== 'scale-out') throw new Error(`FAULTS_TOPOLOGY must be single or scale-out, not ${topology}`);
/** How many instances of each app run: every app is doubled in the scale-out deployment. */
const instances = topology === 'scale-out' ? 2 : 1;
const clients = seconds('FAULTS_CLIENTS', 3);
const log = (message: string) => console.log(`[faults ${new Date().toISOString().slice(11, 19)}] ${message}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------------------------
// The apps, each a child this run can SIGKILL and start again.

type AppKind = 'worker' | 'relay' | 'reporting' | 'api';

interface App {
  kind: AppKind;
  /** `worker`, or `worker 2` where the deployment runs two. */
  name: string;
  env: Record<string, string>;
  child?: ChildProcess;
  output: string;
  /** Exits this run did not cause: the app is started again, as scripts/start.sh's supervisor would. */
  unexpectedExits: number;
  killing: boolean;
}

const apps = new Map<string, App>();

const logOf = (app: App): string => path.join(logDir, `${app.name.replace(' ', '-')}.log`);

const launch = (app: App): void => {
  // The worker's readiness is a line of its output: a restarted app is judged on its own lines only.
  app.output = '';
  const child = spawn(process.execPath, ['--conditions=development', '-r', '@swc-node/register', path.join('apps', app.kind, 'src', 'main.ts')], {
    cwd: repoRoot,
    env: { ...process.env, ...app.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const file = createWriteStream(logOf(app), { flags: 'a' });
  const keep = (chunk: Buffer) => {
    file.write(chunk);
    app.output = (app.output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.once('exit', (code, signal) => {
    file.end();
    if (app.child !== child || app.killing || stopping) return;
    app.unexpectedExits += 1;
    log(`${app.name} exited by itself (code ${code}, signal ${signal}); starting it again`);
    setTimeout(() => stopping || launch(app), 1_000);
  });
  app.child = child;
};

let stopping = false;

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve()));

const kill = async (app: App, signal: NodeJS.Signals): Promise<void> => {
  const child = app.child;
  if (!child) return;
  app.killing = true;
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited(child);
  clearTimeout(timer);
  app.killing = false;
};

const ready = async (app: App, url?: string): Promise<void> =>
  eventually(
    async () => {
      // The worker and the relay serve no HTTP: each says in its log when it works.
      const sign = { worker: 'worker polling task queue', relay: 'Relay publishing' }[app.kind as string];
      if (sign !== undefined) {
        if (!app.output.includes(sign)) throw new Error(`${app.name} not working yet`);
        return;
      }
      const response = await fetch(`${url}/health`);
      if (response.status !== 200) throw new Error(`${app.name} not healthy yet`);
    },
    { timeoutMs: 180_000, intervalMs: 250 },
  ).catch((error: unknown) => {
    throw new Error(`${app.name} did not become ready: ${(error as Error).message}\n${app.output}`);
  });

// ---------------------------------------------------------------------------------------------------------------
// The load: a few clients, each taking contracts through their first commands, every command with its
// Idempotency-Key and retried with it on a retryable answer.

interface Tally {
  ok: number;
  retryable: number;
  /** Refused connections or timed-out requests, retried with the same key. */
  network: number;
  /** 5xx other than 503: never acceptable. */
  serverErrors: string[];
  /** Any other refusal: these commands are valid, so none is expected. */
  unexpected: string[];
  opened: Set<string>;
}

const tally: Tally = { ok: 0, retryable: 0, network: 0, serverErrors: [], unexpected: [], opened: new Set() };

/**
 * The API instances a client may reach, as a load balancer sees them: a request that gets no answer at all is sent
 * again, with the same key, to the next instance.
 */
interface Gateway {
  urls: string[];
  current: number;
}

/** `answers`, when given, collects each attempt's status (0 for no answer at all): what the client saw, in order. */
const post = async (gateway: Gateway, token: string, route: string, body: unknown, answers?: number[]): Promise<{ contractId?: string }> => {
  const key = randomUUID();
  const deadline = Date.now() + 180_000;
  for (;;) {
    let response: Response;
    try {
      response = await fetch(`${gateway.urls[gateway.current]}${route}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(60_000),
      });
    } catch {
      answers?.push(0);
      tally.network += 1;
      gateway.current = (gateway.current + 1) % gateway.urls.length;
      if (Date.now() > deadline) throw new Error(`${route}: gave up after three minutes of network errors`);
      await sleep(1_000);
      continue;
    }
    const text = await response.text();
    answers?.push(response.status);
    if (response.ok) {
      tally.ok += 1;
      return JSON.parse(text) as { contractId?: string };
    }
    const retryAfter = response.headers.get('retry-after');
    if ((response.status === 503 || response.status === 409) && retryAfter !== null) {
      tally.retryable += 1;
      if (Date.now() > deadline) throw new Error(`${route}: still ${response.status} after three minutes: ${text}`);
      await sleep(Math.min(Number(retryAfter) || 1, 5) * 1_000);
      continue;
    }
    const line = `${route} answered ${response.status}: ${text.slice(0, 300)}`;
    (response.status >= 500 ? tally.serverErrors : tally.unexpected).push(line);
    throw new Error(line);
  }
};

const client = async (apiUrls: string[], token: string, index: number, running: () => boolean): Promise<void> => {
  const gateway: Gateway = { urls: apiUrls, current: index % apiUrls.length };
  for (let round = 0; running(); round += 1) {
    try {
      const { contractId } = await post(gateway, token, '/contracts', { title: `Fault client ${index} contract ${round}` });
      if (!contractId) throw new Error('POST /contracts answered no contractId');
      tally.opened.add(contractId);
      const at = (rest: string) => `/contracts/${contractId}/${rest}`;
      await post(gateway, token, at('needs-assessment'), needsAssessment);
      await post(gateway, token, at('route-decision'), directAwardRoute);
      await post(gateway, token, at('specification'), specification());
    } catch (error) {
      // Tallied already; the client goes on with a new contract a second later, as a person would, rather than
      // flooding a failing service (and this run's log) with requests.
      log(`client ${index}: ${(error as Error).message.slice(0, 300)}`);
      await sleep(1_000);
    }
  }
};

// ---------------------------------------------------------------------------------------------------------------
// The servers, through the project's own infra scripts (their environment names the private instance).

const infra = (script: 'up' | 'down', service: 'postgres' | 'temporal' | 'kafka'): Promise<void> =>
  new Promise((resolve, reject) => {
    const child = spawn('bash', [path.join(repoRoot, 'infra', 'scripts', `${script}.sh`), service], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${script}.sh ${service} exited ${code}:\n${output}`))));
  });

// ---------------------------------------------------------------------------------------------------------------
// The checks.

interface Context {
  pool: Pool;
  temporal: () => Promise<Client>;
  reportingUrl: () => string;
  staffToken: string;
  brokers: string[];
  topic: string;
}

const checkStore = async ({ pool }: Context): Promise<string[]> => {
  const gaps = await pool.query<{ stream_id: string }>(
    `SELECT stream_id FROM events GROUP BY stream_id
      HAVING min(stream_version) <> 1 OR max(stream_version) <> count(*) OR count(DISTINCT stream_version) <> count(*)`,
  );
  const duplicates = await pool.query<{ n: number }>('SELECT count(*)::int - count(DISTINCT event_id)::int AS n FROM events');
  const heads = await pool.query<{ stream_id: string }>(
    'SELECT s.stream_id FROM event_streams s LEFT JOIN (SELECT stream_id, max(stream_version) AS v FROM events GROUP BY stream_id) e USING (stream_id) WHERE s.version <> coalesce(e.v, 0)',
  );
  return [
    ...gaps.rows.map((row) => `stream ${row.stream_id} has a gap or a duplicate version`),
    ...(duplicates.rows[0]?.n ? [`${duplicates.rows[0].n} duplicate event ids`] : []),
    ...heads.rows.map((row) => `stream ${row.stream_id}: its version is not its last event's`),
  ];
};

/** Every stored event on the topic, by event id, read from the start with a group of its own. */
const checkTopic = async ({ pool, brokers, topic }: Context): Promise<string[]> => {
  const { rows } = await pool.query<{ event_id: string }>('SELECT event_id FROM events');
  const stored = new Set(rows.map((row) => row.event_id));
  const seen = new Set<string>();
  const kafka = createKafka({ clientId: 'faults', brokers });
  const consumer = kafka.consumer({ groupId: uniqueName('faults-check'), maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const decoded = decodeContractEvent(message);
        if (decoded.ok) seen.add(decoded.event.eventId);
      },
    });
    await eventually(
      () => {
        const missing = [...stored].filter((id) => !seen.has(id));
        if (missing.length > 0) throw new Error(`${missing.length} of ${stored.size} stored events not on the topic`);
      },
      { timeoutMs: 120_000, intervalMs: 500 },
    );
    return [];
  } catch (error) {
    return [(error as Error).message];
  } finally {
    await consumer.disconnect();
  }
};

interface ProjectionsReport {
  relay: { unpublishedEvents: number };
  projections: { projection: string; lagEvents: number }[];
}

const checkReadModels = async ({ pool, reportingUrl, staffToken }: Context): Promise<string[]> => {
  try {
    await eventually(
      async () => {
        const response = await fetch(`${reportingUrl()}/projections`, { headers: { authorization: `Bearer ${staffToken}` } });
        if (response.status !== 200) throw new Error(`GET /projections answered ${response.status}`);
        const report = (await response.json()) as ProjectionsReport;
        const behind = report.projections.filter((projection) => projection.lagEvents > 0);
        if (report.relay.unpublishedEvents > 0 || behind.length > 0) {
          throw new Error(`read models behind: relay ${report.relay.unpublishedEvents} unpublished; ${behind.map((p) => `${p.projection} ${p.lagEvents}`).join(', ')}`);
        }
        const { rows } = await pool.query<{ opened: number; registered: number }>(
          `SELECT (SELECT count(*)::int FROM events WHERE event_type = 'CommissionOpened') AS opened,
                  (SELECT count(*)::int FROM reporting.contract_register) AS registered`,
        );
        const counts = rows[0];
        if (!counts || counts.opened !== counts.registered) throw new Error(`register has ${counts?.registered} rows for ${counts?.opened} opened contracts`);
      },
      { timeoutMs: 120_000, intervalMs: 500 },
    );
    return [];
  } catch (error) {
    return [(error as Error).message];
  }
};

/** No workflow failed, and every opened contract's workflow is still known: Temporal's state survived its restarts. */
const checkWorkflows = async ({ temporal }: Context): Promise<string[]> => {
  const client = await temporal();
  const failed: string[] = [];
  for await (const workflow of client.workflow.list({ query: 'ExecutionStatus="Failed"' })) failed.push(workflow.workflowId);
  const lost: string[] = [];
  for (const contractId of tally.opened) {
    await client.workflow
      .getHandle(contractWorkflowId(contractId))
      .describe()
      .catch(() => lost.push(contractId));
  }
  return [
    ...(failed.length === 0 ? [] : [`${failed.length} failed workflows: ${failed.slice(0, 5).join(', ')}`]),
    ...(lost.length === 0 ? [] : [`${lost.length} opened contracts have no workflow in Temporal: ${lost.slice(0, 5).join(', ')}`]),
  ];
};

/** The refusals grouped by what they said, so that a fault's hundred 500s read as one line. */
const summarise = (label: string, lines: string[]): string[] => {
  const groups = new Map<string, { count: number; example: string }>();
  for (const line of lines) {
    const shape = line.replace(/\/contracts\/[0-9a-f-]{36}/g, '/contracts/:id').replace(/"correlationId":"[^"]*("|$)/, '');
    const group = groups.get(shape) ?? { count: 0, example: line };
    group.count += 1;
    groups.set(shape, group);
  }
  return [...groups.values()].map(({ count, example }) => `${label} ×${count}, e.g. ${example}`);
};

const checkClients = (): string[] => [...summarise('5xx other than 503', tally.serverErrors), ...summarise('unexpected refusal', tally.unexpected)];

// ---------------------------------------------------------------------------------------------------------------

interface Scenario {
  name: string;
  /** Injects the fault; `during` waits until the load has made progress, for faults the deployment should ride. */
  inject(during: (label: string) => Promise<void>): Promise<void>;
}

/** The instance's own name where the deployment runs one, `kind n` where it runs several. */
const instanceName = (kind: AppKind, n: number): string => (instances === 1 ? kind : `${kind} ${n}`);

/** SIGKILL of one broker of the three, by the pid file the infra scripts keep for it. */
const killBroker = async (node: number): Promise<void> => {
  const runDir = path.join(process.env['CLS_DATA_DIR'] ?? path.join(repoRoot, '.data', 'faults'), 'run');
  const pid = Number((await readFile(path.join(runDir, `kafka-${node}.pid`), 'utf8')).trim());
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`no pid for kafka node ${node} in ${runDir}`);
  process.kill(pid, 'SIGKILL');
  await eventually(
    () => {
      try {
        process.kill(pid, 0);
      } catch {
        return;
      }
      throw new Error(`kafka node ${node} (pid ${pid}) still running`);
    },
    { timeoutMs: 30_000, intervalMs: 100 },
  );
};

/** Both reporting consumers share the group's partitions, so the one left takes over the other's, not a standby's. */
const groupHasMembers = async (brokers: string[], groupId: string, members: number): Promise<void> => {
  const admin = createKafka({ clientId: 'faults-group-check', brokers }).admin();
  await admin.connect();
  try {
    await eventually(
      async () => {
        const { groups } = await admin.describeGroups([groupId]);
        const found = groups[0]?.members.length ?? 0;
        if (found !== members) throw new Error(`consumer group ${groupId} has ${found} members, not ${members}`);
      },
      { timeoutMs: 120_000, intervalMs: 500 },
    );
  } finally {
    await admin.disconnect();
  }
};

const main = async (): Promise<number> => {
  const databaseUrl = process.env['DATABASE_URL'];
  const temporalAddress = process.env['TEMPORAL_ADDRESS'];
  const brokers = process.env['KAFKA_BROKERS']?.split(',');
  if (!databaseUrl || !temporalAddress || !brokers) throw new Error('DATABASE_URL, TEMPORAL_ADDRESS and KAFKA_BROKERS name the private servers (run scripts/faults.sh)');
  if (topology === 'scale-out' && brokers.length !== 3) throw new Error(`the scale-out deployment runs on three brokers, not ${brokers.join(',')}`);
  mkdirSync(logDir, { recursive: true });
  const started = Date.now();
  const auth: AuthSettings = { secret: randomBytes(32).toString('hex'), issuer: 'contract-lifecycle', audience: 'contract-lifecycle-api' };
  const topic = 'contracts.events.v1';
  const common = { DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporalAddress, KAFKA_BROKERS: brokers.join(','), KAFKA_TOPIC_CONTRACT_EVENTS: topic, LOG_LEVEL: 'warn' };
  const jwt = { JWT_SECRET: auth.secret, JWT_ISSUER: auth.issuer, JWT_AUDIENCE: auth.audience };
  const urls = new Map<string, string>();
  // Every listening port is free rather than the default: a developer's `npm run start` may hold those.
  const envOf = async (kind: AppKind, name: string): Promise<Record<string, string>> => {
    const port = String(await freePort());
    switch (kind) {
      case 'worker':
        return { ...common, WORKER_METRICS_PORT: port };
      case 'relay':
        return { ...common, RELAY_POLL_MS: '100', LOG_LEVEL: 'info', RELAY_METRICS_PORT: port };
      default:
        urls.set(name, `http://127.0.0.1:${port}`);
        return { ...common, ...jwt, PORT: port };
    }
  };
  const kinds = ['worker', 'relay', 'reporting', 'api'] as const;
  for (const kind of kinds) {
    for (let n = 1; n <= instances; n += 1) {
      const name = instanceName(kind, n);
      apps.set(name, { kind, name, env: await envOf(kind, name), output: '', unexpectedExits: 0, killing: false });
    }
  }
  const app = (name: string): App => {
    const found = apps.get(name);
    if (!found) throw new Error(`no app ${name}`);
    return found;
  };
  const ofKind = (kind: AppKind): App[] => [...apps.values()].filter((running) => running.kind === kind);
  const apiUrls = ofKind('api').map((api) => urls.get(api.name) as string);
  // The read models are asked through an instance that is up: in the scale-out deployment one may be down.
  const reportingUrl = () => urls.get(ofKind('reporting').find((reporting) => reporting.child?.exitCode === null)?.name ?? instanceName('reporting', 1)) as string;
  log(`starting the apps (${topology}: ${instances} of each on ${brokers.length} broker${brokers.length === 1 ? '' : 's'})`);
  // The worker migrates the event store; the others start once it polls, as they would on a deployed database.
  launch(app(instanceName('worker', 1)));
  await ready(app(instanceName('worker', 1)));
  // The first relay takes the lock before the second starts, so the scenarios know which one publishes.
  launch(app(instanceName('relay', 1)));
  await ready(app(instanceName('relay', 1)));
  for (const running of apps.values()) if (!running.child) launch(running);
  await Promise.all([...apps.values()].filter((running) => running.kind !== 'relay').map((running) => ready(running, urls.get(running.name))));
  log(`apps ready after ${Math.round((Date.now() - started) / 1000)} s`);

  // A restart of PostgreSQL ends the pool's idle connections: that is expected here, not a crash.
  const pool = createPool({ connectionString: databaseUrl, max: 2, applicationName: 'faults', onIdleError: () => undefined });
  let connection: Connection | undefined;
  const context: Context = {
    pool,
    temporal: async () => {
      connection ??= await Connection.connect({ address: temporalAddress });
      return new Client({ connection });
    },
    reportingUrl,
    staffToken: await mintToken({ id: 'watcher', role: 'commissioner', organisation: 'fault-council' }, auth),
    brokers,
    topic,
  };
  const actor: Actor = { id: 'erin', role: 'commissioner', organisation: 'fault-council' };
  const token = await mintToken(actor, auth, { expiresIn: '2h' });

  const restartApp = (name: string): Scenario => ({
    name: `kill -9 of the ${name}, then a restart`,
    inject: async () => {
      await kill(app(name), 'SIGKILL');
      await sleep(2_000);
      launch(app(name));
      await ready(app(name), urls.get(name));
    },
  });
  // The deployment rides the loss of one instance: the load must go on while it is down, before it is started again.
  const killOneOfTwo = (kind: AppKind, how: string): Scenario => ({
    name: `kill -9 of one ${kind} of two, ${how}`,
    inject: async (during) => {
      // The relay that publishes is the one worth killing: the other holds nothing until it takes the lock.
      const both = ofKind(kind);
      const victim = kind === 'relay' ? both.find((relay) => relay.output.includes('Relay publishing')) : both[0];
      const other = both.find((running) => running !== victim);
      if (!victim || !other) throw new Error(`two ${kind} instances expected, one of them publishing if relays`);
      if (kind === 'reporting') await groupHasMembers(brokers, 'reporting', 2);
      await kill(victim, 'SIGKILL');
      if (kind === 'relay') await ready(other);
      await during(`while ${victim.name} is down`);
      launch(victim);
      // A relay started again stands by: it says it publishes only once the other lets the lock go.
      if (kind !== 'relay') await ready(victim, urls.get(victim.name));
    },
  });
  // The load's requests may all be in flight when a server stops, waiting on it: a probe opens a contract while the
  // server is down, so that every run sees what a request that arrives during the outage is answered.
  const outage = (service: 'postgres' | 'temporal' | 'kafka', downS: number, label: string): Scenario => ({
    name: label,
    inject: async () => {
      await infra('down', service);
      const answers: number[] = [];
      const probe = post({ urls: apiUrls, current: 0 }, token, '/contracts', { title: `Opened while ${service} is down` }, answers).then(
        ({ contractId }) => contractId && tally.opened.add(contractId),
        (error: unknown) => log(`probe: ${(error as Error).message.slice(0, 300)}`),
      );
      await sleep(downS * 1_000);
      await infra('up', service);
      await probe;
      log(`a contract opened while ${service} was down was answered ${answers.join(' → ')}`);
    },
  });
  const brokerLost: Scenario = {
    name: 'kill -9 of one Kafka broker of three, then a restart',
    inject: async (during) => {
      await killBroker(2);
      await during('while a broker is down');
      await infra('up', 'kafka');
    },
  };
  const scenarios: Scenario[] =
    topology === 'single'
      ? [
          restartApp('worker'),
          restartApp('relay'),
          restartApp('reporting'),
          outage('kafka', kafkaOutageS, `Kafka stopped for ${kafkaOutageS} s, then started`),
          outage('postgres', 5, 'PostgreSQL stopped for 5 s, then started'),
          outage('temporal', 5, 'Temporal stopped for 5 s, then started (its sqlite file kept)'),
        ]
      : [
          killOneOfTwo('worker', 'the other carries the commands, then a restart'),
          killOneOfTwo('relay', 'the standby takes the lock and publishes, then a restart'),
          killOneOfTwo('api', 'the clients fail over to the other, then a restart'),
          killOneOfTwo('reporting', 'the other consumer in the group takes its partitions, then a restart'),
          brokerLost,
        ];

  const results: { name: string; failures: string[]; seconds: number }[] = [];
  for (const scenario of scenarios) {
    const scenarioStarted = Date.now();
    const [retryableBefore, networkBefore] = [tally.retryable, tally.network];
    const exitsBefore = new Map([...apps.values()].map((running) => [running.name, running.unexpectedExits]));
    log(`::: ${scenario.name}`);
    let loadOn = true;
    const load = Array.from({ length: clients }, (_, index) => client(apiUrls, token, index, () => loadOn));
    const failures: string[] = [];
    const progressed = async (label: string) => {
      const from = tally.ok;
      await eventually(
        () => {
          if (tally.ok < from + clients * 2) throw new Error(`the load made no progress ${label} (${tally.ok - from} commands)`);
        },
        { timeoutMs: 180_000, intervalMs: 250 },
      );
    };
    try {
      await progressed('before the fault');
      const before = tally.ok;
      await scenario.inject(progressed);
      log(`fault over; ${tally.ok - before} commands succeeded during it`);
      await progressed('after the fault');
    } catch (error) {
      failures.push((error as Error).message);
    }
    loadOn = false;
    await Promise.all(load);
    const opened = await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE event_type = 'CommissionOpened'");
    for (const check of [checkStore, checkTopic, checkReadModels, checkWorkflows]) failures.push(...(await check(context).catch((error: unknown) => [`${check.name}: ${(error as Error).message}`])));
    failures.push(...checkClients());
    // The processes ride out a fault of another part: one that exits by itself is a failure, even once restarted.
    for (const running of apps.values()) {
      const exits = running.unexpectedExits - (exitsBefore.get(running.name) ?? 0);
      if (exits > 0) failures.push(`${running.name} exited by itself ${exits} times (log: ${logOf(running)})`);
    }
    tally.serverErrors.length = 0;
    tally.unexpected.length = 0;
    const seconds = Math.round((Date.now() - scenarioStarted) / 1000);
    log(
      `${failures.length === 0 ? 'passed' : 'FAILED'}: ${scenario.name} in ${seconds} s ` +
        `(${tally.retryable - retryableBefore} retryable answers and ${tally.network - networkBefore} network errors, retried; ${opened.rows[0]?.n} contracts opened so far)`,
    );
    for (const failure of failures) log(`  - ${failure}`);
    results.push({ name: scenario.name, failures, seconds });
  }

  stopping = true;
  await Promise.all([...apps.values()].map((running) => kill(running, 'SIGTERM')));
  await pool.end();
  await connection?.close();
  const failed = results.filter((result) => result.failures.length > 0);
  const exits = [...apps.values()].filter((running) => running.unexpectedExits > 0).map((running) => `${running.name} ×${running.unexpectedExits}`);
  log(`unexpected app exits (restarted by the run): ${exits.length === 0 ? 'none' : exits.join(', ')}`);
  log(`${results.length - failed.length} passed, ${failed.length} failed, in ${Math.round((Date.now() - started) / 1000)} s`);
  return failed.length === 0 ? 0 : 1;
};

const interrupted = () => {
  stopping = true;
  for (const running of apps.values()) running.child?.kill('SIGKILL');
  process.exit(130);
};
process.once('SIGINT', interrupted).once('SIGTERM', interrupted);

main().then(
  (code) => {
    stopping = true;
    process.exit(code);
  },
  (error: unknown) => {
    console.error(error);
    for (const running of apps.values()) running.child?.kill('SIGKILL');
    process.exit(1);
  },
);

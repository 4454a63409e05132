import type { AuthSettings } from '@cls/auth';
import type { Actor, CommandResult } from '@cls/domain';
import { createTestDatabase, type TestDatabase } from '@cls/event-store/testing';
import { createKafka } from '@cls/kafka';
import { eventually, testKafkaBrokers, uniqueName } from '@cls/kafka/testing';
import { createTimeSkippingEnvironment } from '@cls/temporal/testing';
import { Client, Connection } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { randomBytes } from 'node:crypto';
import { callerFor, expectProblem, expectStatus, lastDayOfTerm, type Caller, type Problem } from './http';
import { freePort, startApp, stopApp, type RunningApp } from './processes';

/** The processes of one suite, each real, on their own database, task queue and topic. */
export interface Stack {
  apiUrl: string;
  /** Set when the suite asked for the read models (relay and reporting). */
  reportingUrl?: string;
  auth: AuthSettings;
  db: TestDatabase;
  temporal: Client;
  taskQueue: string;
  topic: string;
  /** Set on the time-skipping server: the test moves the clock every process's workflows run by. */
  clock?: TestWorkflowEnvironment;
  apps: RunningApp[];
  app(name: string): RunningApp;
  stop(): Promise<void>;
}

const waitForHealth = (url: string, app: RunningApp) =>
  eventually(
    async () => {
      if (app.child.exitCode !== null) throw new Error(`${app.name} exited:\n${app.output()}`);
      const response = await fetch(`${url}/health`);
      if (response.status !== 200) throw new Error(`${app.name} not healthy yet`);
    },
    { timeoutMs: 150_000, intervalMs: 250 },
  ).catch((error: unknown) => {
    throw new Error(`${app.name} did not become healthy: ${(error as Error).message}\n${app.output()}`);
  });

export interface StackOptions {
  readModels: boolean;
  timeSkipping?: boolean;
  /** Settings the API alone is started with, on top of the stack's own (a procurement policy, say). */
  apiEnv?: Record<string, string>;
  /** Settings every process is started with, on top of the stack's own (where traces go, say). */
  env?: Record<string, string>;
}

/**
 * Starts the worker and the API (and, for `readModels`, the relay and the reporting service) as `npm run start`
 * does, and waits until the API (and reporting) answer and the worker polls its queue. With `timeSkipping` every
 * process talks to the Java time-skipping test server, as it would to any Temporal, so that a test can move days
 * on; otherwise to the running dev server.
 */
export const startStack = async ({ readModels, timeSkipping = false, apiEnv = {}, env = {} }: StackOptions): Promise<Stack> => {
  const clock = timeSkipping ? await createTimeSkippingEnvironment() : undefined;
  const temporalAddress = clock?.address ?? process.env['TEMPORAL_ADDRESS'] ?? '127.0.0.1:7233';
  const topic = uniqueName('e2e.contracts.events.v1');
  const taskQueue = uniqueName('e2e-contracts');
  const auth = { secret: randomBytes(32).toString('hex'), issuer: 'contract-lifecycle', audience: 'contract-lifecycle-api' };
  const db = await createTestDatabase().catch(async (error: unknown) => {
    await clock?.teardown();
    throw error;
  });
  const [apiPort, reportingPort] = await Promise.all([freePort(), freePort()]);
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const reportingUrl = `http://127.0.0.1:${reportingPort}`;
  const common = {
    DATABASE_URL: db.url,
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_TASK_QUEUE: taskQueue,
    KAFKA_BROKERS: testKafkaBrokers().join(','),
    KAFKA_TOPIC_CONTRACT_EVENTS: topic,
    LOG_LEVEL: 'warn',
    ...env,
  };
  // The API and reporting take the same tokens: a person's token opens the register as it opens the API.
  const jwt = { JWT_SECRET: auth.secret, JWT_ISSUER: auth.issuer, JWT_AUDIENCE: auth.audience };
  const apps = [
    startApp('worker', common),
    startApp('api', { ...common, ...jwt, ...apiEnv, PORT: String(apiPort) }),
    ...(readModels
      ? [
          startApp('relay', { ...common, RELAY_POLL_MS: '100' }),
          startApp('reporting', { ...common, ...jwt, PORT: String(reportingPort), REPORTING_GROUP_ID: uniqueName('e2e-reporting') }),
        ]
      : []),
  ];
  const app = (name: string): RunningApp => {
    const found = apps.find((candidate) => candidate.name === name);
    if (!found) throw new Error(`${name} is not part of this stack`);
    return found;
  };
  const stop = async (): Promise<void> => {
    await Promise.all(apps.map((running) => stopApp(running)));
    await temporal?.connection.close();
    if (readModels) {
      const admin = createKafka({ clientId: 'e2e', brokers: testKafkaBrokers() }).admin();
      await admin.connect();
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
    }
    await db.drop();
    await clock?.teardown();
  };
  let temporal: Client | undefined;
  try {
    // The worker bundles the workflow code before it polls; until then a command would wait on an empty queue.
    const workerPolling = eventually(
      () => {
        const worker = app('worker');
        if (worker.child.exitCode !== null) throw new Error(`worker exited:\n${worker.output()}`);
        if (!worker.output().includes('worker polling task queue')) throw new Error(`worker not polling yet:\n${worker.output()}`);
      },
      { timeoutMs: 150_000, intervalMs: 250 },
    );
    // An app that exits while starting fails the run at once rather than after the waits' time-outs.
    const anyExit = Promise.race(
      apps.map((running) => new Promise<never>((_, reject) => running.child.once('exit', (code) => reject(new Error(`${running.name} exited (${code}):\n${running.output()}`))))),
    );
    anyExit.catch(() => undefined);
    const healthy = [waitForHealth(apiUrl, app('api')), workerPolling, ...(readModels ? [waitForHealth(reportingUrl, app('reporting'))] : [])];
    await Promise.race([Promise.all(healthy), anyExit]);
    temporal = new Client({ connection: await Connection.connect({ address: temporalAddress }) });
  } catch (error) {
    await stop();
    throw error;
  }
  return { apiUrl, ...(readModels ? { reportingUrl } : {}), ...(clock ? { clock } : {}), auth, db, temporal, taskQueue, topic, apps, app, stop };
};

/** A person reading the read models with their own token: reporting answers nobody else but /health. */
export const reportingCallerFor = (stack: Stack, actor: Actor): Promise<Caller> => {
  if (!stack.reportingUrl) throw new Error('the stack was started without its read models');
  return callerFor(stack.reportingUrl, actor, stack.auth);
};

/** The events of a contract's stream: a refusal must leave their number as it was. */
export const eventCount = async (db: TestDatabase, contractId: string): Promise<number> => {
  const { rows } = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE stream_id = $1', [`contract-${contractId}`]);
  return rows[0]?.n ?? 0;
};

/** Runs a request that must be refused and checks the refusal appended nothing to the contract. */
export const refusedWithoutTrace = async (
  db: TestDatabase,
  contractId: string,
  request: () => Promise<Response>,
  status: number,
  code: string,
): Promise<Problem> => {
  const before = await eventCount(db, contractId);
  const problem = await expectProblem(request(), status, code);
  expect(await eventCount(db, contractId)).toBe(before);
  return problem;
};

export const needsAssessment = {
  need: 'Adults with learning disabilities lack supported living near Taunton',
  clientGroup: 'Adults with learning disabilities',
  evidence: [{ kind: 'needs-assessment-data', description: 'JSNA 2026 chapter 6' }],
  unmetNeeds: ['No supported living places in Taunton Deane'],
  priority: 1,
  outcomes: [
    {
      level: 'individual',
      description: 'People live as independently as they can',
      indicator: 'Share living in their own tenancy',
      baseline: '40%',
      target: '60% by March 2029',
    },
  ],
  serviceUserInvolvement: 'Self-advocacy group reviewed the outcomes',
};

/** An open tender for sub-central services: £60,000 a year for 3 years, £180,000, within the budget holder's limit. */
export const openTenderRoute = {
  route: 'tender',
  procedure: 'open',
  contractType: 'services',
  authority: 'sub-central',
  annualValuePence: 6_000_000,
  years: 3,
  authorityCategory: 'B',
  authoriser: { id: 'bh-12', body: 'budget-holder', delegatedLimitPence: 25_000_000 },
  reason: 'Market engagement found several capable providers',
};

/**
 * A justified direct award of sub-central services: £6,000 a year for 3 years, £18,000, below the local threshold
 * of £20,000, within the budget holder's limit.
 */
export const directAwardRoute = {
  route: 'direct-award',
  contractType: 'services',
  authority: 'sub-central',
  justification: 'The only registered provider of overnight short breaks in West Somerset',
  annualValuePence: 600_000,
  years: 3,
  authorityCategory: 'B',
  authoriser: { id: 'bh-3', body: 'budget-holder', delegatedLimitPence: 2_500_000 },
};

export const kpiName = 'People in their own tenancy';

/** A specification with one quarterly KPI, quarterly returns and biannual and annual reviews. */
export const specification = (weights?: readonly [number, number, number]) => ({
  kpis: [
    {
      name: kpiName,
      kind: 'outcome',
      target: 60,
      unit: '%',
      measurementFrequency: 'quarterly',
      evidenceSource: 'Provider quarterly return',
      rag: { direction: 'higher-is-better', green: 60, amber: 50 },
    },
  ],
  monitoring: { returnsSchedule: 'quarterly', reviewCadence: ['biannual', 'annual'] },
  paymentPerformanceLink: { description: 'No payment at risk in the first year' },
  ...(weights
    ? {
        criteria: [
          { id: 'price', name: 'Price', kind: 'price', weight: weights[0] },
          { id: 'quality', name: 'Quality', kind: 'quality', weight: weights[1] },
          { id: 'social-value', name: 'Social value', kind: 'social-value', weight: weights[2] },
        ],
      }
    : {}),
});

/** The people of one authority and its awarded provider, each with their own token. */
export interface Cast {
  commissioner: Caller;
  manager: Caller;
  lead: Caller;
  budgetHolder: Caller;
  finance: Caller;
  supplier: Caller;
}

export const castFor = async (stack: Stack, organisation: string, supplierOrganisation: string): Promise<Cast> => {
  const person = (id: string, role: Actor['role'], of = organisation) => callerFor(stack.apiUrl, { id, role, organisation: of }, stack.auth);
  const [commissioner, manager, lead, budgetHolder, finance, supplier] = await Promise.all([
    person('erin', 'commissioner'),
    person('frank', 'contract-manager'),
    person('lena', 'lead-professional'),
    person('bh-3', 'budget-holder'),
    person('fay', 'finance'),
    person('sam', 'provider', supplierOrganisation),
  ]);
  return { commissioner, manager, lead, budgetHolder, finance, supplier };
};

export interface ActiveContract {
  contractId: string;
  /** The first day of the term: the day of the award, so that the contract goes live at once. */
  startDate: string;
  endDate: string;
  path(rest: string): string;
}

/**
 * The authority to purchase a direct award is decided under: category B, the budget holder within their limit, or
 * category C, the Resource Allocation Group, whose decision the budget holder records.
 */
const authorities = {
  'budget-holder': { route: { authorityCategory: 'B', authoriser: directAwardRoute.authoriser }, given: directAwardRoute.authoriser },
  'resource-allocation-group': {
    route: { authorityCategory: 'C', authoriser: { id: 'rag-2026-12', body: 'resource-allocation-group' } },
    given: { id: 'rag-2026-12', body: 'resource-allocation-group' },
  },
} as const;

/**
 * A below-threshold direct award taken to Active over HTTP: £6,000 a year for 3 years (£18,000), issued at £15,000
 * with a £3,000 extension option, the termination clause and KPI bands given (or none), starting the day of the
 * award, authorised by the budget holder (for themself, or for the Resource Allocation Group under category C). It
 * refuses nothing on the way, so it leaves a time-skipping server free to move its clock.
 */
export const activeDirectAward = async (
  cast: Cast,
  {
    title,
    terminationTerms,
    kpiBands,
    authority = 'budget-holder',
  }: { title: string; terminationTerms?: unknown; kpiBands?: unknown; authority?: keyof typeof authorities },
): Promise<ActiveContract> => {
  const { commissioner, manager, budgetHolder, supplier } = cast;
  const { contractId } = await expectStatus<CommandResult>(commissioner.post('/contracts', { title }), 201);
  const path = (rest: string) => `/contracts/${contractId}/${rest}`;
  await expectStatus(commissioner.post(path('needs-assessment'), needsAssessment), 200);
  await expectStatus(commissioner.post(path('route-decision'), { ...directAwardRoute, ...authorities[authority].route }), 200);
  await expectStatus(commissioner.post(path('specification'), specification()), 200);
  const supplierOrganisation = supplier.actor.organisation;
  const awarded = await expectStatus<CommandResult>(
    commissioner.post(path('award'), { supplier: { organisation: supplierOrganisation, name: 'Quantock Care Ltd' }, valuePence: 1_800_000 }),
    200,
  );
  const startDate = (awarded.lastEventAt ?? '').slice(0, 10);
  const endDate = lastDayOfTerm(startDate, 3);
  await expectStatus(
    manager.post(path('contract'), {
      terms: { reference: `SCC/SB/${contractId.slice(0, 8)}`, summary: 'Standard terms for care services' },
      startDate,
      endDate,
      valuePence: 1_500_000,
      extensionOptions: [{ description: 'A fourth year', valuePence: 300_000 }],
      ...(terminationTerms === undefined ? {} : { terminationTerms }),
      ...(kpiBands === undefined ? {} : { kpiBands }),
    }),
    200,
  );
  await expectStatus(budgetHolder.post(path('authorisation'), { authoriser: authorities[authority].given }), 200);
  await expectStatus(supplier.post(path('signatures'), { party: 'provider', signatory: { name: 'Sam Hill', position: 'Director' } }), 200);
  await expectStatus(commissioner.post(path('signatures'), { party: 'authority', signatory: { name: 'Erin Cole', position: 'Head of Commissioning' } }), 200);
  await expectStatus(manager.post(path('master-copy'), { reference: 'EDRMS/2026/031', distribution: [{ name: 'Sam Hill', organisation: supplierOrganisation }] }), 200);
  await expectStatus(manager.post(path('mobilisation'), { planSummary: 'Recruit staff and take first referrals' }), 200);
  await expectStatus(manager.post(path('activation'), { note: 'Mobilisation checklist signed off' }), 200);
  return { contractId, startDate, endDate, path };
};

import { mintToken } from '@cls/auth';
import { contractWorkflowId, type CommandResult, type ContractView } from '@cls/domain';
import { createTestDatabase, type TestDatabase } from '@cls/event-store/testing';
import { createKafka } from '@cls/kafka';
import { eventually, readTopic, testKafkaBrokers, uniqueName, type TopicReader } from '@cls/kafka/testing';
import { Client, Connection } from '@temporalio/client';
import { randomBytes, randomUUID } from 'node:crypto';
import { freePort, startApp, stopApp, type RunningApp } from './processes';

/**
 * One command across every part, each a real process: HTTP → API → Temporal (dev server) → worker → PostgreSQL
 * → relay → Kafka → reporting → read model.
 */
describe('a command crosses every part (all processes, real servers)', () => {
  const temporalAddress = process.env['TEMPORAL_ADDRESS'] ?? '127.0.0.1:7233';
  const topic = uniqueName('e2e.contracts.events.v1');
  const taskQueue = uniqueName('e2e-contracts');
  const auth = { secret: randomBytes(32).toString('hex'), issuer: 'contract-lifecycle', audience: 'contract-lifecycle-api' };
  const kafka = createKafka({ clientId: 'e2e', brokers: testKafkaBrokers() });
  let db: TestDatabase;
  let apps: RunningApp[] = [];
  let reader: TopicReader | undefined;
  let temporal: Client;
  let apiUrl: string;
  let reportingUrl: string;

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

  beforeAll(async () => {
    db = await createTestDatabase();
    const [apiPort, reportingPort] = await Promise.all([freePort(), freePort()]);
    apiUrl = `http://127.0.0.1:${apiPort}`;
    reportingUrl = `http://127.0.0.1:${reportingPort}`;
    const common = {
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_TASK_QUEUE: taskQueue,
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      KAFKA_TOPIC_CONTRACT_EVENTS: topic,
      LOG_LEVEL: 'warn',
    };
    apps = [
      startApp('worker', common),
      startApp('relay', { ...common, RELAY_POLL_MS: '100' }),
      startApp('reporting', { ...common, PORT: String(reportingPort), REPORTING_GROUP_ID: uniqueName('e2e-reporting') }),
      startApp('api', {
        ...common,
        PORT: String(apiPort),
        JWT_SECRET: auth.secret,
        JWT_ISSUER: auth.issuer,
        JWT_AUDIENCE: auth.audience,
      }),
    ];
    const byName = (name: string) => apps.find((app) => app.name === name)!;
    // The worker bundles the workflow code before it polls; until then a command would wait on an empty queue.
    const workerPolling = eventually(
      () => {
        const worker = byName('worker');
        if (worker.child.exitCode !== null) throw new Error(`worker exited:\n${worker.output()}`);
        if (!worker.output().includes('worker polling task queue')) throw new Error(`worker not polling yet:\n${worker.output()}`);
      },
      { timeoutMs: 150_000, intervalMs: 250 },
    );
    await Promise.all([waitForHealth(apiUrl, byName('api')), waitForHealth(reportingUrl, byName('reporting')), workerPolling]);
    temporal = new Client({ connection: await Connection.connect({ address: temporalAddress }) });
  }, 240_000);

  afterAll(async () => {
    await reader?.stop();
    await Promise.all(apps.map((app) => stopApp(app)));
    await temporal?.connection.close();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
    await db?.drop();
  }, 60_000);

  it('opens a commission over HTTP and sees it in PostgreSQL, Temporal, Kafka and the register', async () => {
    const token = await mintToken({ id: 'alice', role: 'commissioner', organisation: 'somerset-council' }, auth);
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-correlation-id': 'e2e-corr-1' };

    const created = await fetch(`${apiUrl}/contracts`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ title: 'Domiciliary care, West Somerset', reason: 'Current contract ends in March' }),
    });
    expect(created.status).toBe(201);
    const result = (await created.json()) as CommandResult;
    const contractId = result.contractId;
    expect(created.headers.get('location')).toBe(`/contracts/${contractId}`);
    expect(result.events.map((event) => event.type)).toEqual(['CommissionOpened']);

    const viewResponse = await fetch(`${apiUrl}/contracts/${contractId}`, { headers });
    const view = (await viewResponse.json()) as ContractView;
    if (viewResponse.status !== 200) throw new Error(`GET answered ${viewResponse.status}:\n${apps.map((app) => app.output()).join('\n')}`);
    expect(view.state).toMatchObject({ status: 'open', title: 'Domiciliary care, West Somerset', stage: 'needs-assessment' });

    const { rows } = await db.pool.query<{ metadata: { actor: { id: string }; correlationId: string; reason: string } }>(
      'SELECT metadata FROM events WHERE stream_id = $1',
      [`contract-${contractId}`],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.metadata).toMatchObject({ actor: { id: 'alice' }, correlationId: 'e2e-corr-1', reason: 'Current contract ends in March' });

    const description = await temporal.workflow.getHandle(contractWorkflowId(contractId)).describe();
    expect(description.status.name).toBe('RUNNING');
    expect(description.taskQueue).toBe(taskQueue);

    reader = await readTopic(kafka, topic);
    const message = await eventually(() => {
      const found = reader!.received.find((received) => received.message.key?.toString() === contractId);
      if (!found) throw new Error('not on the topic yet');
      return found.message;
    }, { timeoutMs: 30_000 });
    expect(message.headers?.['event-type']?.toString()).toBe('CommissionOpened');
    expect(message.headers?.['correlation-id']?.toString()).toBe('e2e-corr-1');

    const entry = await eventually(async () => {
      const response = await fetch(`${reportingUrl}/register/${contractId}`);
      if (response.status !== 200) throw new Error(`register answered ${response.status}`);
      return (await response.json()) as { stage: string; title: string };
    }, { timeoutMs: 30_000 });
    expect(entry).toMatchObject({ stage: 'needs-assessment', title: 'Domiciliary care, West Somerset' });
  });

  it('takes a contract from needs assessment through the route decision to an agreed specification', async () => {
    const token = await mintToken({ id: 'dana', role: 'commissioner', organisation: 'somerset-council' }, auth);
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-correlation-id': 'e2e-corr-2' };
    const post = (path: string, body: unknown) =>
      fetch(`${apiUrl}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    const expectOk = async (response: Response, status = 200): Promise<CommandResult> => {
      const body = await response.json();
      if (response.status !== status) throw new Error(`answered ${response.status}: ${JSON.stringify(body)}`);
      return body as CommandResult;
    };
    const stageOf = (result: CommandResult) => (result.state.status === 'open' ? result.state.stage : undefined);

    const opened = await expectOk(await post('/contracts', { title: 'Supported living, Taunton' }), 201);
    const contractId = opened.contractId;

    const assessed = await expectOk(
      await post(`/contracts/${contractId}/needs-assessment`, {
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
      }),
    );
    expect(stageOf(assessed)).toBe('route-decision');

    // An open tender for sub-central services: £60,000 a year for 3 years, £180,000, within the budget holder's limit.
    const routed = await expectOk(
      await post(`/contracts/${contractId}/route-decision`, {
        route: 'tender',
        procedure: 'open',
        contractType: 'services',
        authority: 'sub-central',
        annualValuePence: 6_000_000,
        years: 3,
        authorityCategory: 'B',
        authoriser: { id: 'bh-12', body: 'budget-holder', delegatedLimitPence: 25_000_000 },
        reason: 'Market engagement found several capable providers',
      }),
    );
    expect(stageOf(routed)).toBe('specification');
    expect(routed.events.map((event) => event.type)).toEqual(['RouteDecided']);

    const specification = (weights: readonly [number, number, number]) => ({
      kpis: [
        {
          name: 'People in their own tenancy',
          kind: 'outcome',
          target: 60,
          unit: '%',
          measurementFrequency: 'quarterly',
          evidenceSource: 'Provider quarterly return',
        },
      ],
      monitoring: { returnsSchedule: 'quarterly', reviewCadence: ['biannual', 'annual'] },
      paymentPerformanceLink: { description: 'No payment at risk in the first year' },
      criteria: [
        { id: 'price', name: 'Price', kind: 'price', weight: weights[0] },
        { id: 'quality', name: 'Quality', kind: 'quality', weight: weights[1] },
        { id: 'social-value', name: 'Social value', kind: 'social-value', weight: weights[2] },
      ],
    });

    const eventsBefore = await db.pool.query('SELECT count(*)::int AS n FROM events WHERE stream_id = $1', [`contract-${contractId}`]);
    const badWeights = await post(`/contracts/${contractId}/specification`, specification([40, 40, 10]));
    expect(badWeights.status).toBe(422);
    expect(badWeights.headers.get('content-type')).toContain('application/problem+json');
    expect(await badWeights.json()).toMatchObject({ code: 'criteria.weights-must-sum-to-100' });
    const eventsAfter = await db.pool.query('SELECT count(*)::int AS n FROM events WHERE stream_id = $1', [`contract-${contractId}`]);
    expect(eventsAfter.rows[0]).toEqual(eventsBefore.rows[0]);

    const agreed = await expectOk(await post(`/contracts/${contractId}/specification`, specification([40, 50, 10])));
    expect(stageOf(agreed)).toBe('procurement');
    expect(agreed.events.map((event) => event.type)).toEqual(['SpecificationAgreed']);
    expect(agreed.version).toBe(4);

    const entry = await eventually(async () => {
      const response = await fetch(`${reportingUrl}/register/${contractId}`);
      if (response.status !== 200) throw new Error(`register answered ${response.status}`);
      const body = (await response.json()) as { stage: string; route: string | null; version: number };
      if (body.stage !== 'procurement') throw new Error(`register at ${body.stage} yet`);
      return body;
    }, { timeoutMs: 30_000 });
    expect(entry).toMatchObject({ stage: 'procurement', route: 'tender', version: 4, lastEventType: 'SpecificationAgreed' });
  });

  it('refuses bad input with problem+json and appends nothing', async () => {
    const token = await mintToken({ id: 'bob', role: 'provider', organisation: 'acme-care' }, auth);
    const before = await db.pool.query('SELECT count(*)::int AS n FROM events');

    const forbidden = await fetch(`${apiUrl}/contracts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Not mine to open' }),
    });
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get('content-type')).toContain('application/problem+json');
    expect(await forbidden.json()).toMatchObject({ code: 'access.role-not-permitted' });

    const unauthenticated = await fetch(`${apiUrl}/contracts`, { method: 'POST', body: '{}' });
    expect(unauthenticated.status).toBe(401);

    const unknown = await fetch(`${apiUrl}/contracts/${randomUUID()}/needs-assessment`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        need: 'n',
        clientGroup: 'c',
        evidence: [{ kind: 'other', description: 'd' }],
        unmetNeeds: [],
        priority: 9,
        outcomes: [],
        serviceUserInvolvement: 's',
      }),
    });
    expect(unknown.status).toBe(400);
    const problem = (await unknown.json()) as { errors: { field: string }[] };
    expect(problem.errors.map((error) => error.field).sort()).toEqual(['outcomes', 'priority']);

    const commissioner = await mintToken({ id: 'carol', role: 'commissioner', organisation: 'somerset-council' }, auth);
    const contractId = randomUUID();
    const openTwice = () =>
      fetch(`${apiUrl}/contracts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${commissioner}`, 'content-type': 'application/json' },
        body: JSON.stringify({ contractId, title: 'Day opportunities' }),
      });
    expect((await openTwice()).status).toBe(201);
    const again = await openTwice();
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'contract.already-exists' });

    const after = await db.pool.query('SELECT count(*)::int AS n FROM events');
    expect(after.rows[0]).toEqual({ n: (before.rows[0] as { n: number }).n + 1 });
  });
});

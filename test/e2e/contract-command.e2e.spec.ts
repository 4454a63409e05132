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
      { timeoutMs: 90_000, intervalMs: 250 },
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
      { timeoutMs: 90_000, intervalMs: 250 },
    );
    await Promise.all([waitForHealth(apiUrl, byName('api')), waitForHealth(reportingUrl, byName('reporting')), workerPolling]);
    temporal = new Client({ connection: await Connection.connect({ address: temporalAddress }) });
  }, 180_000);

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

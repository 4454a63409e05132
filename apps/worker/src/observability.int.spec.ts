import { startTracing, workerObservabilityOptions, type Tracing } from '@cls/observability';
import { quietLogger } from '@cls/temporal/testing';
import { workflowInterceptorModules } from '@cls/workflows/bundler';
import { context, trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { Client, Connection } from '@temporalio/client';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry/lib/client';
import { bundleWorkflowCode, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { greet, traced } from './__fixtures__/traced.workflow';

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });

const waitFor = async <T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
};

/**
 * The wiring the worker and the API use (`workerObservabilityOptions`, the bundle's workflow interceptor module,
 * the client's tracing interceptor), on the real Temporal server: one trace from the caller's span to the activity,
 * and the worker's Prometheus endpoint with the SDK's metrics and the activity retry and failure counters.
 */
describe('worker observability (real Temporal)', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  let metricsUrl: string;
  let worker: Worker;
  let running: Promise<void>;
  let client: Client;
  const taskQueue = `observability-${randomUUID()}`;
  let attempts = 0;

  beforeAll(async () => {
    const port = await freePort();
    metricsUrl = `http://127.0.0.1:${port}/metrics`;
    Runtime.install({ logger: quietLogger, telemetryOptions: { metrics: { prometheus: { bindAddress: `127.0.0.1:${port}` } } } });
    tracing = startTracing({ serviceName: 'worker-test', exporter });
    const address = process.env['TEMPORAL_ADDRESS'] ?? '127.0.0.1:7233';
    const workflowBundle = await bundleWorkflowCode({
      workflowsPath: require.resolve('./__fixtures__/traced.workflow'),
      workflowInterceptorModules,
      logger: quietLogger,
    });
    worker = await Worker.create({
      connection: await NativeConnection.connect({ address }),
      taskQueue,
      workflowBundle,
      activities: {
        flaky: async (name: string) => {
          attempts += 1;
          if (attempts === 1) throw new Error('first attempt fails');
          return `hello ${name}`;
        },
      },
      ...workerObservabilityOptions(tracing),
    });
    running = worker.run();
    client = new Client({ connection: await Connection.connect({ address }), interceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor()] } });
  }, 120_000);

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await client?.connection.close();
    await tracing?.shutdown();
  }, 60_000);

  it('links the caller’s span, the start and update, the workflow run and the activity in one trace, and counts the retry', async () => {
    const root = trace.getTracer('test').startSpan('POST /test');
    const answer = await context.with(trace.setSpan(context.active(), root), async () => {
      const handle = await client.workflow.start(traced, { taskQueue, workflowId: `traced-${randomUUID()}` });
      const result = await handle.executeUpdate(greet, { args: ['world'] });
      await handle.result();
      return result;
    });
    root.end();
    expect(answer).toBe('hello world');

    const traceId = root.spanContext().traceId;
    const expected = ['POST /test', 'StartWorkflow:traced', 'StartWorkflowUpdate:greet', 'RunWorkflow:traced', 'HandleUpdate:greet', 'StartActivity:flaky', 'RunActivity:flaky'];
    const names = await waitFor(async () => {
      const inTrace = exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId).map((span) => span.name);
      return expected.every((name) => inTrace.includes(name)) ? inTrace : undefined;
    }, 'the spans of the request, the workflow and the activity');
    // Two activity runs: the failed first attempt and its retry, both in the same trace.
    expect(names.filter((name) => name === 'RunActivity:flaky')).toHaveLength(2);

    const scrape = await waitFor(async () => {
      const text = await (await fetch(metricsUrl)).text();
      return /^cls_activity_retries\{[^}]*activityType="flaky"[^}]*\} 1$/m.test(text) ? text : undefined;
    }, 'the retry counter at the worker’s metrics endpoint');
    expect(scrape).toMatch(/^cls_activity_failures\{[^}]*activityType="flaky"[^}]*\} 1$/m);
    expect(scrape).toMatch(/^temporal_workflow_completed\{[^}]*workflow_type="traced"[^}]*\} \d+$/m);
  });
});

import { contractProtocol, type Actor, type CommandRequest, type CommandResult } from '@cls/domain';
import { PostgresEventStore } from '@cls/event-store';
import { createTestDatabase, type TestDatabase } from '@cls/event-store/testing';
import { startTracing, workerObservabilityOptions, type Tracing } from '@cls/observability';
import { quietLogger } from '@cls/temporal/testing';
import { tracedWorkflowBundleOptions, workflowInterceptorModules } from '@cls/workflows/bundler';
import { context, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry/lib/client';
import { bundleWorkflowCode, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import pino from 'pino';
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { childIds, startChild } from './__fixtures__/child-ids.workflow';
import { createContractWorker } from './contract-worker';

const workflowTracingPatch = 'cls-workflow-tracing';

const waitFor = async <T>(probe: () => T | undefined, what: string, timeoutMs = 60_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
};

/**
 * With RECORD_HISTORIES set, a traced run's history is stored for workflows/src/observability/tracing.replay.spec.ts,
 * under a new name only (`wx`): a stored history is what a released version recorded, and must keep replaying.
 */
const tracedHistoryFile = path.resolve(__dirname, '..', '..', '..', 'workflows', 'src', 'observability', '__fixtures__', 'traced-open-commission.v1.json');

/** The ids of the patch markers a run recorded (core's `core_patch` markers carry their id in JSON). */
const patchesOf = async (handle: WorkflowHandle): Promise<string[]> =>
  ((await handle.fetchHistory()).events ?? []).flatMap((event) => {
    const data = event.markerRecordedEventAttributes?.details?.['patch-data']?.payloads?.[0]?.data;
    return data ? [(JSON.parse(Buffer.from(data).toString()) as { id: string }).id] : [];
  });

/**
 * The worker as main.ts wires it (createContractWorker, its traced bundle, workerObservabilityOptions), on the real
 * Temporal server and PostgreSQL: a new run records the tracing patch, its spans continue the caller's trace down
 * to the append, the stored events name that append's span, and the run's history replays.
 */
describe('workflow tracing (real Temporal and PostgreSQL)', () => {
  const exporter = new InMemorySpanExporter();
  const address = process.env['TEMPORAL_ADDRESS'] ?? '127.0.0.1:7233';
  const commissioner: Actor = { id: 'alice', role: 'commissioner', organisation: 'bristol-cc' };
  let tracing: Tracing;
  let db: TestDatabase;
  let connection: NativeConnection;
  let client: Client;

  beforeAll(async () => {
    Runtime.install({ logger: quietLogger });
    tracing = startTracing({ serviceName: 'worker-test', exporter });
    db = await createTestDatabase();
    connection = await NativeConnection.connect({ address });
    client = new Client({ connection: await Connection.connect({ address }), interceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor()] } });
  }, 120_000);

  afterAll(async () => {
    await client?.connection.close();
    await connection?.close();
    await db?.drop();
    await tracing?.shutdown();
  });

  const inTrace = (traceId: string): ReadableSpan[] => exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId);

  /** The replay worker is given the span sink too, though it never calls it: it would log each span as unregistered. */
  const replay = async (workflowBundle: { code: string }, handle: WorkflowHandle): Promise<void> =>
    Worker.runReplayHistory({ workflowBundle, sinks: workerObservabilityOptions(tracing).sinks }, await handle.fetchHistory());

  it('continues the caller’s trace through the contract workflow to the append, whose span its events carry', async () => {
    const store = new PostgresEventStore(db.pool);
    const taskQueue = `tracing-${randomUUID()}`;
    const worker = await createContractWorker({
      connection,
      namespace: 'default',
      taskQueue,
      store,
      notifications: { logger: pino({ level: 'silent' }) },
      observability: workerObservabilityOptions(tracing),
    });
    const contractId = randomUUID();
    const root = trace.getTracer('test').startSpan('POST /contracts');
    const handle = await context.with(trace.setSpan(context.active(), root), () =>
      worker.runUntil(async () => {
        const started = await client.workflow.start(contractProtocol.workflowType, { taskQueue, workflowId: `contract-${contractId}`, args: [{ contractId }] });
        const request: CommandRequest = {
          command: { type: 'OpenCommission', data: { contractId, title: 'Short breaks' } },
          context: { commandId: randomUUID(), correlationId: randomUUID(), actor: commissioner },
        };
        const result = await started.executeUpdate<CommandResult, [CommandRequest]>(contractProtocol.commandUpdate, { args: [request] });
        expect(result.events.map((event) => event.type)).toEqual(['CommissionOpened']);
        await started.terminate('test finished');
        return started;
      }),
    );
    root.end();

    // RunWorkflow ends only with the run, which a contract outlives: its span is not exported while the run is open.
    const expected = ['StartWorkflowUpdate:command', 'ValidateUpdate:command', 'HandleUpdate:command', 'StartActivity:appendEvents', 'RunActivity:appendEvents'];
    const spans = await waitFor(() => {
      const found = new Map(inTrace(root.spanContext().traceId).map((span) => [span.name, span]));
      return expected.every((name) => found.has(name)) ? found : undefined;
    }, 'the workflow’s and the activity’s spans in the caller’s trace');
    const parentOf = (name: string) => spans.get(name)?.parentSpanId;
    const idOf = (name: string) => spans.get(name)?.spanContext().spanId;
    expect(parentOf('StartWorkflowUpdate:command')).toBe(root.spanContext().spanId);
    expect(parentOf('HandleUpdate:command')).toBe(idOf('StartWorkflowUpdate:command'));
    expect(parentOf('StartActivity:appendEvents')).toBe(idOf('HandleUpdate:command'));
    expect(parentOf('RunActivity:appendEvents')).toBe(idOf('StartActivity:appendEvents'));

    const [stored] = await store.readStream(`contract-${contractId}`);
    expect(stored?.metadata.traceparent).toBe(`00-${root.spanContext().traceId}-${idOf('RunActivity:appendEvents')}-01`);

    // The run decides on tracing before any of its code runs, so its marker is the run's first.
    expect((await patchesOf(handle))[0]).toBe(workflowTracingPatch);
    const bundle = await bundleWorkflowCode({ ...tracedWorkflowBundleOptions(), logger: quietLogger });
    await expect(replay(bundle, handle)).resolves.toBeUndefined();
    if (process.env['RECORD_HISTORIES'] !== undefined) await writeFile(tracedHistoryFile, historyToJSON(await handle.fetchHistory()), { flag: 'wx' });
  });

  it('keeps the workflow’s uuid4() sequence: a run whose update validators made spans replays with the same child ids', async () => {
    const bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('./__fixtures__/child-ids.workflow'), workflowInterceptorModules, logger: quietLogger });
    const taskQueue = `tracing-${randomUUID()}`;
    const worker = await Worker.create({ connection, taskQueue, workflowBundle: bundle, ...workerObservabilityOptions(tracing) });
    const root = trace.getTracer('test').startSpan('POST /children');
    const handle = await context.with(trace.setSpan(context.active(), root), () =>
      worker.runUntil(async () => {
        const started = await client.workflow.start(childIds, { taskQueue, workflowId: `child-ids-${randomUUID()}` });
        const first = await started.executeUpdate(startChild, { args: ['first'] });
        const second = await started.executeUpdate(startChild, { args: ['second'] });
        expect(await started.result()).toEqual([first, second]);
        return started;
      }),
    );
    root.end();

    await waitFor(() => {
      const validated = inTrace(root.spanContext().traceId).filter((span) => span.name === 'ValidateUpdate:startChild');
      return validated.length === 2 ? validated : undefined;
    }, 'both validators’ spans');
    // A validator runs when its update arrives, never on replay: had its span drawn on the workflow's own random
    // sequence, the replay's child ids would differ and Temporal would refuse the history as nondeterministic.
    await expect(replay(bundle, handle)).resolves.toBeUndefined();
  });
});

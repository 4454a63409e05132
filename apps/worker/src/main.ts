import { loadConfig, LogEnv, NotifyEnv, PostgresEnv, TemporalEnv, temporalConnectionOf } from '@cls/config';
import { createPool, migrate, PostgresEventStore } from '@cls/event-store';
import { startTracing, TracingEnv, workerObservabilityOptions, WorkerMetricsEnv } from '@cls/observability';
import { NativeConnection, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import pino from 'pino';
import { z } from 'zod';
import { getHeapStatistics } from 'node:v8';
import { cachedWorkflowsFor, createContractWorker } from './contract-worker';
import { webhookSettingsFrom } from './notifications/notification.activities';

// NotifyEnv and the connection schemas are intersected, not spread: their rules span several variables.
const WorkerEnv = z
  .object({
    ...LogEnv.shape,
    ...WorkerMetricsEnv.shape,
    ...TracingEnv.shape,
    WORKFLOW_BUNDLE_PATH: z.string().min(1).optional(),
    /** Unset: as many as the heap holds (cachedWorkflowsFor). */
    WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(2).optional(),
  })
  .and(NotifyEnv)
  .and(PostgresEnv)
  .and(TemporalEnv);

const main = async (): Promise<void> => {
  const config = loadConfig(WorkerEnv);
  const metricsAddress = `${config.METRICS_HOST}:${config.WORKER_METRICS_PORT}`;
  Runtime.install({
    telemetryOptions: {
      logging: { filter: makeTelemetryFilterString({ core: 'WARN' }) },
      // The SDK's own exporter: task latencies, slots, sticky cache, activity outcomes, and the cls_activity_* counters.
      metrics: { prometheus: { bindAddress: metricsAddress } },
    },
  });
  const tracing = startTracing({ serviceName: 'worker', otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
  await migrate(config.DATABASE_URL);
  const pool = createPool({
    connectionString: config.DATABASE_URL,
    max: config.DATABASE_POOL_MAX,
    applicationName: 'cls-worker',
    onIdleError: (error) => process.stderr.write(`idle database session ended: ${error.message}\n`),
  });
  const connection = await NativeConnection.connect(temporalConnectionOf(config));
  const webhook = webhookSettingsFrom(config);
  const maxCachedWorkflows = config.WORKER_MAX_CACHED_WORKFLOWS ?? cachedWorkflowsFor(getHeapStatistics().heap_size_limit / 1024 / 1024);
  const worker = await createContractWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    store: new PostgresEventStore(pool),
    notifications: { webhook, logger: pino({ name: 'worker', level: config.LOG_LEVEL }) },
    ...(config.WORKFLOW_BUNDLE_PATH ? { workflowBundlePath: config.WORKFLOW_BUNDLE_PATH } : {}),
    tuning: { maxCachedWorkflows },
    observability: workerObservabilityOptions(tracing),
  });
  const notifying = webhook ? `a webhook at ${new URL(webhook.url).origin}` : 'the log only (CLS_WEBHOOK_URL unset)';
  process.stdout.write(`worker polling task queue ${config.TEMPORAL_TASK_QUEUE} on ${config.TEMPORAL_ADDRESS}\n`);
  process.stdout.write(`notifications go to ${notifying}\n`);
  process.stdout.write(`keeping up to ${maxCachedWorkflows} workflows cached\n`);
  process.stdout.write(`metrics at http://${metricsAddress}/metrics\n`);
  // The worker shuts down gracefully on SIGINT/SIGTERM by itself (Runtime's shutdownSignals).
  await worker.run();
  await connection.close();
  await pool.end();
  await tracing.shutdown();
};

main().catch((error: unknown) => {
  process.stderr.write(`worker failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

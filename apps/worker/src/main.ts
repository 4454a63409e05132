import { loadConfig, LogEnv, PostgresEnv, TemporalEnv } from '@cls/config';
import { createPool, migrate, PostgresEventStore } from '@cls/event-store';
import { NativeConnection, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { z } from 'zod';
import { createContractWorker } from './contract-worker';

const WorkerEnv = z.object({
  ...PostgresEnv.shape,
  ...TemporalEnv.shape,
  ...LogEnv.shape,
  WORKFLOW_BUNDLE_PATH: z.string().min(1).optional(),
});

const main = async (): Promise<void> => {
  const config = loadConfig(WorkerEnv);
  Runtime.install({ telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }) } } });
  await migrate(config.DATABASE_URL);
  const pool = createPool({
    connectionString: config.DATABASE_URL,
    max: config.DATABASE_POOL_MAX,
    applicationName: 'cls-worker',
    onIdleError: (error) => process.stderr.write(`idle database session ended: ${error.message}\n`),
  });
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const worker = await createContractWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    store: new PostgresEventStore(pool),
    ...(config.WORKFLOW_BUNDLE_PATH ? { workflowBundlePath: config.WORKFLOW_BUNDLE_PATH } : {}),
  });
  process.stdout.write(`worker polling task queue ${config.TEMPORAL_TASK_QUEUE} on ${config.TEMPORAL_ADDRESS}\n`);
  // The worker shuts down gracefully on SIGINT/SIGTERM by itself (Runtime's shutdownSignals).
  await worker.run();
  await connection.close();
  await pool.end();
};

main().catch((error: unknown) => {
  process.stderr.write(`worker failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

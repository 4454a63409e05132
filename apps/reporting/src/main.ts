import { loadConfig } from '@cls/config';
import { migrate } from '@cls/event-store';
import { startTracing, TracingEnv } from '@cls/observability';
import { ReportingConfig } from './config';
import { createReportingApp, reportingLogger } from './create-app';
import { reportingMigrations } from './database/reporting-migrations';

const bootstrap = async (): Promise<void> => {
  // Where spans go is the process's setting, started here; the app that createReportingApp builds never reads it.
  const config = loadConfig(ReportingConfig.and(TracingEnv));
  const logger = reportingLogger(config.LOG_LEVEL);
  // Requests and the consumer's projections continue the traces that reach them (see ContractEventsConsumer).
  const tracing = startTracing({ serviceName: 'reporting', otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
  process.once('beforeExit', () => void tracing.shutdown());
  await migrate(config.DATABASE_URL, reportingMigrations, (message) => logger.debug(message));
  const app = await createReportingApp(config, { logger });
  app.enableShutdownHooks();
  await app.listen(config.PORT, config.HOST);
  const url = await app.getUrl();
  logger.info({ url, metrics: `${url}/metrics` }, 'Reporting listening');
};

bootstrap().catch((error: unknown) => {
  console.error(error);
  // Whatever did start (the consumer, the pool) would keep a half-started process alive.
  process.exit(1);
});

import { loadConfig } from '@cls/config';
import { migrate } from '@cls/event-store';
import { ReportingConfig } from './config';
import { createReportingApp, reportingLogger } from './create-app';
import { reportingMigrations } from './database/reporting-migrations';

const bootstrap = async (): Promise<void> => {
  const config = loadConfig(ReportingConfig);
  const logger = reportingLogger(config.LOG_LEVEL);
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

import { loadConfig } from '@cls/config';
import { startTracing } from '@cls/observability';
import { ApiConfig } from './config';
import { apiLogger, createApiApp } from './create-app';

const bootstrap = async (): Promise<void> => {
  const config = loadConfig(ApiConfig);
  const logger = apiLogger(config.LOG_LEVEL);
  const tracing = startTracing({ serviceName: 'api', otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
  const app = await createApiApp(config, logger);
  app.enableShutdownHooks();
  process.once('beforeExit', () => void tracing.shutdown());
  await app.listen(config.PORT, config.HOST);
  const url = await app.getUrl();
  logger.info({ url, metrics: `${url}/metrics` }, 'API listening');
};

bootstrap().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

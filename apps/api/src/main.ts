import { loadConfig } from '@cls/config';
import { ApiConfig } from './config';
import { apiLogger, createApiApp } from './create-app';

const bootstrap = async (): Promise<void> => {
  const config = loadConfig(ApiConfig);
  const logger = apiLogger(config.LOG_LEVEL);
  const app = await createApiApp(config, logger);
  app.enableShutdownHooks();
  await app.listen(config.PORT, config.HOST);
  logger.info({ url: await app.getUrl() }, 'API listening');
};

bootstrap().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

import { loadConfig } from '@cls/config';
import { WebConfig } from './config';
import { createWebApp, webLogger } from './create-app';

const bootstrap = async (): Promise<void> => {
  const config = loadConfig(WebConfig);
  const logger = webLogger(config.LOG_LEVEL);
  const app = await createWebApp(config, logger);
  app.enableShutdownHooks();
  await app.listen(config.PORT, config.HOST);
  logger.info({ url: config.WEB_PUBLIC_URL, listening: await app.getUrl(), issuer: config.AUTH_OIDC_ISSUER }, 'Console listening');
};

bootstrap().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

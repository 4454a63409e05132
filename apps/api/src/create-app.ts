import { applyHttpEdge, serveOpenApiDocument } from '@cls/http';
import { createMetricsRegistry, httpObservability, metricsHandler } from '@cls/observability';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import pino from 'pino';
import { AppModule } from './app.module';
import type { ApiConfig } from './config';

/** Request logs include headers: credentials must never reach the log. */
export const apiLogger = (level: ApiConfig['LOG_LEVEL']): pino.Logger =>
  pino({ name: 'api', level, redact: ['req.headers.authorization', 'req.headers.cookie'] });

/** The API, initialised but not listening: main listens, tests drive it with supertest. */
export const createApiApp = async (config: ApiConfig, logger = apiLogger(config.LOG_LEVEL)): Promise<INestApplication> => {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config, logger), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  // Nest flushes what it buffered only on listen; flushed here, a Nest Logger writes to pino at once, in tests too.
  app.flushLogs();
  // First, so every request is timed and traced, including those the edge rejects; /metrics is plain Express,
  // outside Nest, so the auth guard does not apply and the OpenAPI document does not list it (a scrape is text).
  const metrics = createMetricsRegistry('api');
  app.use(httpObservability(metrics, 'api'));
  app.getHttpAdapter().getInstance().get('/metrics', metricsHandler(metrics));
  applyHttpEdge(app);
  serveOpenApiDocument(app, {
    title: 'Contract Lifecycle Service',
    description: 'Commissioning, procurement and management of public-service contracts',
  });
  await app.init();
  return app;
};

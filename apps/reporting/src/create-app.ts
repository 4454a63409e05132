import { applyHttpEdge, serveOpenApiDocument } from '@cls/http';
import { loggingDeadLetterSink, type DeadLetterSink } from '@cls/kafka';
import { createMetricsRegistry, httpObservability, metricsHandler } from '@cls/observability';
import type { INestApplication } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import pino from 'pino';
import { AppModule } from './app.module';
import type { ReportingConfig } from './config';
import { registerProjectionLag } from './metrics';

export interface ReportingAppOptions {
  logger?: pino.Logger;
  /** Where malformed or unprojectable messages are reported; the log by default. */
  deadLetters?: DeadLetterSink;
  /** The Kafka client to use; one made from the config by default. */
  kafka?: Kafka;
}

/** Request logs include headers: credentials and cookies must never reach the log. */
export const reportingLogger = (level: ReportingConfig['LOG_LEVEL']): pino.Logger =>
  pino({ name: 'reporting', level, redact: ['req.headers.authorization', 'req.headers.cookie'] });

/** The reporting app, initialised (its consumer running) but not yet listening: main listens, tests use supertest. */
export const createReportingApp = async (config: ReportingConfig, options: ReportingAppOptions = {}): Promise<INestApplication> => {
  const logger = options.logger ?? reportingLogger(config.LOG_LEVEL);
  const deadLetters = options.deadLetters ?? loggingDeadLetterSink(logger);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config, { logger, deadLetters, ...(options.kafka ? { kafka: options.kafka } : {}) }), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  // Nest flushes what it buffered only on listen; flushed here, a Nest Logger writes to pino at once, in tests too.
  app.flushLogs();
  // First, so every request is timed and traced; /metrics is plain Express, outside Nest, so neither the auth guard
  // nor the OpenAPI document sees it (a scrape is text, for Prometheus).
  const metrics = createMetricsRegistry('reporting');
  registerProjectionLag(metrics, app, config);
  app.use(httpObservability(metrics, 'reporting'));
  app.getHttpAdapter().getInstance().get('/metrics', metricsHandler(metrics));
  // Each parameter is typed by a zod DTO: the edge's pipe validates it with the schema the document describes it from.
  applyHttpEdge(app);
  try {
    serveOpenApiDocument(app, {
      title: 'Contract Lifecycle Service: reporting',
      description: 'Read models of the contract lifecycle: register, scorecards, due items, plans, governance log and projection lag',
    });
    await app.init();
  } catch (error) {
    await app.close();
    throw error;
  }
  return app;
};

import { correlationIdMiddleware, problemContentType, ProblemDetailsFilter } from '@cls/http';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { cleanupOpenApiDoc, ZodValidationPipe } from 'nestjs-zod';
import { Logger } from 'nestjs-pino';
import pino from 'pino';
import { AppModule } from './app.module';
import type { ApiConfig } from './config';

/** Request logs include headers: credentials must never reach the log. */
export const apiLogger = (level: ApiConfig['LOG_LEVEL']): pino.Logger =>
  pino({ name: 'api', level, redact: ['req.headers.authorization', 'req.headers.cookie'] });

type Schema = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string];

/** RFC 9457 problem details as every refusal and error of the API answers them (libs/http ProblemDetailsFilter). */
const problemSchema: Schema = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'instance', 'code', 'correlationId'],
  properties: {
    type: { type: 'string', description: 'urn:contract-lifecycle:problem:<code>' },
    title: { type: 'string' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string' },
    instance: { type: 'string', description: 'The request path' },
    code: { type: 'string', description: 'The stable rule code, e.g. tender.closed or evaluation.score-out-of-scale' },
    correlationId: { type: 'string', description: 'The request’s correlation id (x-correlation-id), to quote when reporting it' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'rule', 'message'],
        properties: { field: { type: 'string' }, rule: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
};

/** Every operation answers refusals (4XX) and failures (5XX) the same way, so the document says so once for all. */
const withProblems = (document: OpenAPIObject): OpenAPIObject => {
  const problem = { description: 'Problem details (RFC 9457)', content: { [problemContentType]: { schema: { $ref: '#/components/schemas/Problem' } } } };
  for (const item of Object.values(document.paths)) {
    for (const operation of [item.get, item.post, item.put, item.patch, item.delete]) {
      if (operation) operation.responses = { ...operation.responses, '4XX': problem, '5XX': problem };
    }
  }
  return { ...document, components: { ...document.components, schemas: { ...document.components?.schemas, Problem: problemSchema } } };
};

/** The API, initialised but not listening: main listens, tests drive it with supertest. */
export const createApiApp = async (config: ApiConfig, logger = apiLogger(config.LOG_LEVEL)): Promise<INestApplication> => {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config, logger), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  app.use(correlationIdMiddleware);
  app.useGlobalPipes(new ZodValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Contract Lifecycle Service')
      .setDescription('Commissioning, procurement and management of public-service contracts')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, withProblems(cleanupOpenApiDoc(document)), { jsonDocumentUrl: 'openapi.json' });
  await app.init();
  return app;
};

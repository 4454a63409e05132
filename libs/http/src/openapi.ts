import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { cleanupOpenApiDoc } from 'nestjs-zod';
import { problemContentType } from './problem-details';

type Schema = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string];

/** RFC 9457 problem details as every refusal and error of every app answers them (ProblemDetailsFilter). */
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
        properties: {
          field: { type: 'string', description: 'A dotted path into the body (kpis.0.comment), or the parameter’s name' },
          rule: { type: 'string', description: 'The rule broken, e.g. too_small, unrecognized_keys or text.unstorable' },
          message: { type: 'string' },
        },
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

/** The rules of the HTTP edge (applyHttpEdge), which hold for every operation and so are stated once. */
const edgeRules = [
  'Every request body is JSON (`application/json`); any other type is refused with 415 `request.unsupported-media-type`.',
  'Text must be storable: a NUL character (U+0000) or a UTF-16 surrogate without its pair, in any string or field name of the body, in a query parameter or in a path parameter, is refused with 400 `request.invalid`, each such field named in `errors[]` with the rule `text.unstorable`.',
  'Every refusal, those of the HTTP layer itself included (404 unknown route, 400 malformed JSON, 413 body too large, 431 header fields too large), is RFC 9457 `application/problem+json` with a stable `code` and the request’s `correlationId`.',
];

export interface OpenApiInfo {
  title: string;
  description: string;
}

/**
 * Builds the app's OpenAPI document from the zod DTOs its controllers declare and serves it at /docs (JSON at
 * /openapi.json). Swagger mounts both on the HTTP adapter itself, outside Nest's router, so no guard ever asks
 * them for a token. Call it before `init`: init appends the router's not-found handler, which would answer for any
 * route mounted after it.
 */
export const serveOpenApiDocument = (app: INestApplication, { title, description }: OpenApiInfo): void => {
  const document = SwaggerModule.createDocument(app, new DocumentBuilder().setTitle(title).setDescription([description, ...edgeRules].join('\n\n')).setVersion('1').addBearerAuth().build());
  SwaggerModule.setup('docs', app, withProblems(cleanupOpenApiDoc(document)), { jsonDocumentUrl: 'openapi.json' });
};

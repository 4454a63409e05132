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

/** Who signs the bearer tokens: the deployment's OpenID Connect issuer, or in development the shared key. */
const bearerScheme = {
  type: 'http',
  scheme: 'bearer',
  bearerFormat: 'JWT',
  description:
    'An access token from the deployment’s OpenID Connect issuer (RS256 or ES256, its keys found through its discovery document), naming the person (`sub`), their one role and their organisation; or, where JWT_SECRET is set (development and tests), an HS256 token with `sub`, `role` and `org`',
} as const;

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']>;
type Responses = Operation['responses'];

/** What each refusal and failure means wherever the operation itself does not say more. */
const generalMeaning: Readonly<Record<number, string>> = {
  400: 'The request is malformed or invalid (`request.malformed`, `request.invalid`): each field and the rule it breaks in `errors[]`',
  401: 'No bearer token, or one that is expired, not signed by the issuer (or the development key), not for this audience, or naming none of the service’s roles',
  403: 'The caller’s role may not do this (`access.role-not-permitted`)',
  404: 'Nothing at this path, or nothing the caller may see (another organisation’s is answered the same)',
  413: 'The body is larger than the edge takes (`request.too-large`)',
  415: 'The body is not `application/json` (`request.unsupported-media-type`)',
  431: 'The request line and header fields together are larger than the server takes (`request.headers-too-large`): a very long query string too',
  500: 'An unexpected failure, logged with the correlation id to quote',
  503: 'The token could not be checked: the token issuer’s keys cannot be fetched (`auth.issuer-unavailable`); retry after `Retry-After` seconds',
};

/**
 * The refusals the HTTP edge and the guards give any operation of their kind: malformed input and a failure for
 * all, authentication and authorisation where a token is asked for (and an unreachable token issuer), not-found
 * where the path names something, the body's size and type where there is one, and the size of the request line and
 * header fields, which Node's parser bounds before any route is known.
 */
const edgeStatuses = (operation: Operation): number[] => {
  const secured = operation.security?.some((requirement) => 'bearer' in requirement) ?? false;
  const named = operation.parameters?.some((parameter) => 'in' in parameter && parameter.in === 'path') ?? false;
  return [400, ...(secured ? [401, 403] : []), ...(named ? [404] : []), ...(operation.requestBody ? [413, 415] : []), 431, 500, ...(secured ? [503] : [])];
};

/**
 * Every refusal and failure is problem+json: the edge's statuses are added to each operation, and each status of
 * 400 and above that a controller declares (a 409, a 422, a 503) without a body of its own gets the Problem schema.
 */
const withProblems = (document: OpenAPIObject): OpenAPIObject => {
  const content = { [problemContentType]: { schema: { $ref: '#/components/schemas/Problem' } } };
  for (const item of Object.values(document.paths)) {
    for (const operation of [item.get, item.post, item.put, item.patch, item.delete]) {
      if (!operation) continue;
      const responses: Responses = { ...operation.responses };
      for (const status of edgeStatuses(operation)) {
        responses[String(status)] ??= { description: generalMeaning[status] ?? 'Problem details (RFC 9457)' };
      }
      for (const [status, response] of Object.entries(responses)) {
        if (Number(status) >= 400 && response && !('$ref' in response) && !response.content) responses[status] = { description: response.description, content };
      }
      operation.responses = responses;
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
  const document = SwaggerModule.createDocument(app, new DocumentBuilder().setTitle(title).setDescription([description, ...edgeRules].join('\n\n')).setVersion('1').addBearerAuth(bearerScheme).build());
  SwaggerModule.setup('docs', app, withProblems(cleanupOpenApiDoc(document)), { jsonDocumentUrl: 'openapi.json' });
};

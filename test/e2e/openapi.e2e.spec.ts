import { eventually } from '@cls/kafka/testing';
import { randomBytes } from 'node:crypto';
import { expectStatus } from './http';
import { freePort, startApp, stopApp, type RunningApp } from './processes';

interface Schema {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean;
  items?: Schema;
}
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

/**
 * The API's OpenAPI document against the routes its Nest router maps, both read from the running API: the
 * routes from the router's own log of what it mapped, the document from /openapi.json.
 */
describe('the OpenAPI document of the running API', () => {
  let api: RunningApp;
  let document: OpenApi;
  let routes: { method: string; path: string }[];

  beforeAll(async () => {
    const port = await freePort();
    // Info level: the router logs each route it maps.
    api = startApp('api', { PORT: String(port), JWT_SECRET: randomBytes(32).toString('hex'), LOG_LEVEL: 'info' });
    document = await eventually(() => expectStatus<OpenApi>(fetch(`http://127.0.0.1:${port}/openapi.json`), 200), { timeoutMs: 120_000, intervalMs: 250 }).catch(
      (error: unknown) => {
        throw new Error(`the API did not serve its document: ${(error as Error).message}\n${api.output()}`);
      },
    );
    // The log reaches this process through a pipe, possibly after the document: the line Nest writes once every
    // route is mapped says the whole list has arrived.
    await eventually(
      () => {
        if (!api.output().includes('Nest application successfully started')) throw new Error('routes not all logged yet');
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    routes = [...api.output().matchAll(/Mapped \{(\S+), (GET|POST|PUT|PATCH|DELETE)\} route/g)].map(([, path = '', method = '']) => ({
      method: method.toLowerCase(),
      path,
    }));
  }, 150_000);

  afterAll(async () => {
    if (api) await stopApp(api);
  });

  const documentedPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');
  const operationOf = (route: { method: string; path: string }): Operation | undefined => document.paths[documentedPath(route.path)]?.[route.method];
  const resolve = (schema: Schema | undefined): Schema | undefined =>
    schema?.$ref ? document.components.schemas[schema.$ref.replace('#/components/schemas/', '')] : schema;
  const name = (route: { method: string; path: string }) => `${route.method.toUpperCase()} ${route.path}`;

  it('documents every route the router maps, and no route it does not', () => {
    expect(routes.length).toBeGreaterThan(50);
    expect(routes.filter((route) => !operationOf(route)).map(name)).toEqual([]);
    const documented = Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));
    expect(documented.sort()).toEqual(routes.map((route) => `${route.method.toUpperCase()} ${documentedPath(route.path)}`).sort());
  });

  it('documents every path parameter as required, with its schema', () => {
    const missing = routes.flatMap((route) =>
      [...route.path.matchAll(/:(\w+)/g)]
        .map(([, parameter]) => parameter)
        .filter((parameter) => {
          const documented = operationOf(route)?.parameters?.find((entry) => entry.in === 'path' && entry.name === parameter);
          return !(documented?.required && documented.schema?.type);
        })
        .map((parameter) => `${name(route)} :${parameter}`),
    );
    expect(missing).toEqual([]);
  });

  it('documents every command’s body as a closed JSON schema; only taking a checkpoint has no body', () => {
    const posts = routes.filter((route) => route.method === 'post');
    expect(posts.filter((route) => !operationOf(route)?.requestBody).map(name)).toEqual(['POST /audit/checkpoints']);
    const open = posts.flatMap((route) => {
      const body = operationOf(route)?.requestBody;
      if (!body) return [];
      const schema = resolve(body.content['application/json']?.schema);
      return schema?.type === 'object' && schema.properties && schema.additionalProperties === false ? [] : [name(route)];
    });
    expect(open).toEqual([]);
    const score = resolve(operationOf({ method: 'post', path: '/tenders/:tenderId/scores' })?.requestBody?.content['application/json']?.schema);
    expect(score).toMatchObject({ required: expect.arrayContaining(['bidId', 'criterionId', 'score']), properties: { score: { type: 'number' } } });
  });

  it('documents the audit queries’ parameters, with the governance views’ status', () => {
    const queryOf = (path: string) => (operationOf({ method: 'get', path })?.parameters ?? []).filter((entry) => entry.in === 'query').map((entry) => entry.name);
    expect(queryOf('/contracts/:contractId/timeline')).toEqual(expect.arrayContaining(['order', 'limit', 'cursor', 'format', 'type', 'actor', 'provider', 'from', 'to']));
    expect(queryOf('/audit/views/:view')).toEqual(expect.arrayContaining(['status', 'cursor', 'from', 'to']));
    expect(operationOf({ method: 'get', path: '/contracts/:contractId/as-of' })?.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'at', in: 'query', required: true })]),
    );
  });

  it('documents the responses: problem details on every operation, and the audit pages and tender results', () => {
    expect(document.components.schemas['Problem']).toMatchObject({ required: expect.arrayContaining(['code', 'correlationId', 'status']) });
    const withoutProblems = routes.filter((route) => operationOf(route)?.responses['4XX']?.content?.['application/problem+json']?.schema.$ref !== '#/components/schemas/Problem');
    expect(withoutProblems.map(name)).toEqual([]);

    const success = (method: string, path: string, status: string) => resolve(operationOf({ method, path })?.responses[status]?.content?.['application/json']?.schema);
    for (const path of ['/contracts/:contractId/timeline', '/audit/events', '/audit/views/:view']) {
      const page = success('get', path, '200');
      expect(page?.properties).toMatchObject({ events: { type: 'array' }, order: expect.any(Object), limit: expect.any(Object), nextCursor: expect.any(Object) });
      expect(page?.properties?.['events']?.items?.properties).toMatchObject({ eventId: expect.any(Object), processId: expect.any(Object), hash: expect.any(Object) });
    }
    expect(success('get', '/tenders/:tenderId', '200')?.properties).toMatchObject({ tenderId: expect.any(Object), state: expect.any(Object) });
    expect(success('post', '/tenders/:tenderId/bids', '201')?.properties).toMatchObject({ events: { type: 'array' } });
    expect(success('post', '/tenders/:tenderId/award', '200')?.properties).toMatchObject({ events: { type: 'array' } });
  });
});

import type { AuthSettings } from '@cls/auth';
import { createTestDatabase } from '@cls/event-store/testing';
import { createKafka } from '@cls/kafka';
import { eventually, testKafkaBrokers, uniqueName } from '@cls/kafka/testing';
import { randomBytes } from 'node:crypto';
import { callerFor, expectProblem, expectStatus } from './http';
import { freePort, startApp, stopApp, type RunningApp } from './processes';

interface Schema {
  $ref?: string;
  type?: string;
  enum?: string[];
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
  summary?: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { description?: string; content?: Record<string, { schema: Schema }>; headers?: Record<string, unknown> }>;
  security?: Record<string, string[]>[];
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; securitySchemes?: Record<string, { type: string; scheme?: string; bearerFormat?: string; description?: string }> };
}
interface Route {
  method: string;
  path: string;
}

/** What one running app says of itself: the document it serves and the routes its router logged mapping. */
interface Served {
  url: string;
  document: OpenApi;
  routes: Route[];
  operationOf: (route: Route) => Operation | undefined;
  resolve: (schema: Schema | undefined) => Schema | undefined;
}

/** The app under test, started by its suite; `stop` also removes whatever the suite made for it. */
interface Started {
  app: RunningApp;
  url: string;
  stop: () => Promise<void>;
}

const documentedPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');
const name = (route: Route) => `${route.method.toUpperCase()} ${route.path}`;

/** Reads the document from /openapi.json, without a token, and the routes from the router's own log. */
const readServed = async ({ app, url }: Started): Promise<Served> => {
  const document = await eventually(() => expectStatus<OpenApi>(fetch(`${url}/openapi.json`), 200), { timeoutMs: 120_000, intervalMs: 250 }).catch(
    (error: unknown) => {
      throw new Error(`${app.name} did not serve its document: ${(error as Error).message}\n${app.output()}`);
    },
  );
  // The log reaches this process through a pipe, possibly after the document: the line Nest writes once every
  // route is mapped says the whole list has arrived.
  await eventually(
    () => {
      if (!app.output().includes('Nest application successfully started')) throw new Error('routes not all logged yet');
    },
    { timeoutMs: 30_000, intervalMs: 100 },
  );
  const routes = [...app.output().matchAll(/Mapped \{(\S+), (GET|POST|PUT|PATCH|DELETE)\} route/g)].map(([, path = '', method = '']) => ({
    method: method.toLowerCase(),
    path,
  }));
  return {
    url,
    document,
    routes,
    operationOf: (route) => document.paths[documentedPath(route.path)]?.[route.method],
    resolve: (schema) => (schema?.$ref ? document.components.schemas[schema.$ref.replace('#/components/schemas/', '')] : schema),
  };
};

/**
 * An app's OpenAPI document against the routes its Nest router maps, both read from the running app. The checks
 * every app's document must pass are here; `specifics` adds the app's own.
 */
const describeDocument = (title: string, start: () => Promise<Started>, specifics: (served: () => Served) => void) =>
  describe(title, () => {
    let started: Started | undefined;
    let served: Served;

    beforeAll(async () => {
      started = await start();
      served = await readServed(started);
    }, 150_000);

    afterAll(async () => {
      await started?.stop();
    });

    it('documents every route the router maps, and no route it does not', () => {
      const { document, routes, operationOf } = served;
      expect(routes.filter((route) => !operationOf(route)).map(name)).toEqual([]);
      const documented = Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));
      expect(documented.sort()).toEqual(routes.map((route) => `${route.method.toUpperCase()} ${documentedPath(route.path)}`).sort());
    });

    it('documents every path parameter as required, with its schema', () => {
      const { routes, operationOf } = served;
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

    it('documents problem details for every refusal and failure: 400 and 500 of every operation, 401 and 403 where a token is asked for', () => {
      const { document, routes, operationOf } = served;
      expect(document.components.schemas['Problem']).toMatchObject({ required: expect.arrayContaining(['code', 'correlationId', 'status']) });
      const responsesOf = (route: Route) => Object.entries(operationOf(route)?.responses ?? {});
      const withoutProblem = routes.flatMap((route) =>
        responsesOf(route)
          // The Problem schema, or one of its own that adds to it (the reporting readiness's 503 with the relay's lag).
          .filter(([status, response]) => Number(status) >= 400 && !response.content?.['application/problem+json']?.schema)
          .map(([status]) => `${name(route)} ${status}`),
      );
      expect(withoutProblem).toEqual([]);
      const secured = (route: Route) => operationOf(route)?.security?.some((requirement) => 'bearer' in requirement) ?? false;
      const missing = routes.flatMap((route) =>
        ['400', '500', ...(secured(route) ? ['401', '403'] : [])].filter((status) => !(status in (operationOf(route)?.responses ?? {}))).map((status) => `${name(route)} ${status}`),
      );
      expect(missing).toEqual([]);
      // No wildcard: a status the document does not name is one the fuzz suite reports.
      expect(routes.filter((route) => responsesOf(route).some(([status]) => /X/.test(status))).map(name)).toEqual([]);
    });

    it('gives every operation a summary, and every success a JSON schema with properties', () => {
      const { routes, operationOf, resolve } = served;
      expect(routes.filter((route) => !operationOf(route)?.summary).map(name)).toEqual([]);
      const undocumented = routes.flatMap((route) =>
        Object.entries(operationOf(route)?.responses ?? {})
          .filter(([status]) => status.startsWith('2'))
          .filter(([, response]) => !resolve(response.content?.['application/json']?.schema)?.properties)
          .map(([status]) => `${name(route)} ${status}`),
      );
      expect(undocumented).toEqual([]);
      expect(routes.filter((route) => !Object.keys(operationOf(route)?.responses ?? {}).some((status) => status.startsWith('2'))).map(name)).toEqual([]);
    });

    it('declares the bearer token on every operation but the health check, and serves its documentation without one', async () => {
      const { url, document, routes, operationOf } = served;
      expect(document.components.securitySchemes?.['bearer']).toMatchObject({
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: expect.stringContaining('OpenID Connect issuer'),
      });
      const undeclared = routes.filter((route) => !operationOf(route)?.security?.some((requirement) => 'bearer' in requirement));
      expect(undeclared.map(name)).toEqual(['GET /health']);
      const page = await fetch(`${url}/docs`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
    });

    specifics(() => served);
  });

describeDocument(
  'the OpenAPI document of the running API',
  async () => {
    const port = await freePort();
    // Info level: the router logs each route it maps.
    const app = startApp('api', { PORT: String(port), JWT_SECRET: randomBytes(32).toString('hex'), LOG_LEVEL: 'info' });
    return { app, url: `http://127.0.0.1:${port}`, stop: () => stopApp(app) };
  },
  (served) => {
    it('maps the API’s routes', () => {
      expect(served().routes.length).toBeGreaterThan(50);
    });

    it('documents every command’s body as a closed JSON schema; only taking a checkpoint has no body', () => {
      const { routes, operationOf, resolve } = served();
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
      const { operationOf } = served();
      const queryOf = (path: string) => (operationOf({ method: 'get', path })?.parameters ?? []).filter((entry) => entry.in === 'query').map((entry) => entry.name);
      expect(queryOf('/contracts/:contractId/timeline')).toEqual(expect.arrayContaining(['order', 'limit', 'cursor', 'format', 'type', 'actor', 'provider', 'from', 'to']));
      expect(queryOf('/audit/views/:view')).toEqual(expect.arrayContaining(['status', 'cursor', 'from', 'to']));
      expect(operationOf({ method: 'get', path: '/contracts/:contractId/as-of' })?.parameters).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ name: 'at', in: 'query', required: true }),
          // Which time `at` is: recorded (the default) or occurred, the business time.
          expect.objectContaining({ name: 'time', in: 'query', required: false, schema: expect.objectContaining({ enum: ['recorded', 'occurred'] }) }),
        ]),
      );
      expect(operationOf({ method: 'get', path: '/contracts/:contractId/monitoring' })?.parameters).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: 'now', in: 'query', required: false })]),
      );
    });

    it('documents the responses of the audit pages and tender results', () => {
      const { operationOf, resolve } = served();
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

    it('says which roles may give each command, and where a created contract or tender is', () => {
      const { operationOf } = served();
      const responses = (path: string) => operationOf({ method: 'post', path })?.responses ?? {};
      expect(responses('/contracts/:contractId/returns')['403']?.description).toContain('provider');
      expect(responses('/tenders/:tenderId/scores')['403']?.description).toContain('evaluator');
      expect(responses('/contracts/:contractId/suspension')['403']?.description).toMatch(/commissioner, contract-manager/);
      expect(responses('/contracts/:contractId/suspension')['403']?.description).not.toContain('system');
      expect(responses('/contracts')['201']?.headers).toHaveProperty('Location');
      expect(responses('/contracts/:contractId/tender')['201']?.headers).toHaveProperty('Location');
      for (const status of ['404', '409', '422', '503']) expect(responses('/contracts/:contractId/variations')).toHaveProperty(status);
      // What a command creates on a contract or a tender, it answers 201 with the new id at the top level.
      const created = { '/contracts/:contractId/concerns': 'concernId', '/contracts/:contractId/corrective-plans': 'planId', '/contracts/:contractId/placements': 'placementId', '/tenders/:tenderId/clarifications': 'clarificationId', '/tenders/:tenderId/bids': 'bidId' };
      for (const [path, id] of Object.entries(created)) {
        expect(served().resolve(responses(path)['201']?.content?.['application/json']?.schema)).toMatchObject({ properties: { [id]: { type: 'string' } }, required: expect.arrayContaining([id]) });
      }
      expect(responses('/contracts/:contractId/corrective-plans')['201']?.headers).toHaveProperty('Location');
      // The header's form as the interceptor checks it, so that a generated key is one the API takes.
      const key = operationOf({ method: 'post', path: '/contracts/:contractId/suspension' })?.parameters?.find((parameter) => parameter.name === 'Idempotency-Key');
      expect(key).toMatchObject({ in: 'header', required: false, schema: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{8,128}$' } });
    });
  },
);

const reportingAuth: AuthSettings = { secret: randomBytes(32).toString('hex'), issuer: 'contract-lifecycle', audience: 'contract-lifecycle-api' };

describeDocument(
  'the OpenAPI document of the running reporting service',
  async () => {
    const db = await createTestDatabase();
    const topic = uniqueName('e2e-openapi.contracts.events.v1');
    const port = await freePort();
    // Info level: the router logs each route it maps.
    const app = startApp('reporting', {
      PORT: String(port),
      DATABASE_URL: db.url,
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      KAFKA_TOPIC_CONTRACT_EVENTS: topic,
      REPORTING_GROUP_ID: uniqueName('e2e-openapi-reporting'),
      JWT_SECRET: reportingAuth.secret,
      JWT_ISSUER: reportingAuth.issuer,
      JWT_AUDIENCE: reportingAuth.audience,
      LOG_LEVEL: 'info',
    });
    const stop = async () => {
      await stopApp(app);
      const admin = createKafka({ clientId: 'e2e', brokers: testKafkaBrokers() }).admin();
      await admin.connect();
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
      await db.drop();
    };
    return { app, url: `http://127.0.0.1:${port}`, stop };
  },
  (served) => {
    it('maps every read endpoint', () => {
      expect(served().routes.map(name).sort()).toEqual(
        [
          'GET /due-items',
          'GET /governance-log',
          'GET /health',
          'GET /payments-compliance',
          'GET /plans',
          'GET /plans/:planId',
          'GET /projections',
          'GET /register',
          'GET /register/:contractId',
          'GET /scorecards',
          'GET /scorecards/contracts/:contractId',
          'GET /scorecards/providers/:provider',
        ].sort(),
      );
    });

    it('documents the lists’ query parameters from their schemas, each optional', () => {
      const { operationOf } = served();
      const queryOf = (path: string) => (operationOf({ method: 'get', path })?.parameters ?? []).filter((entry) => entry.in === 'query');
      const namesOf = (path: string) => queryOf(path).map((entry) => entry.name).sort();
      expect(namesOf('/register')).toEqual(['limit', 'offset', 'stage']);
      expect(namesOf('/scorecards')).toEqual(['cursor', 'limit', 'provider', 'riskRating']);
      expect(namesOf('/due-items')).toEqual(['contractId', 'cursor', 'kind', 'limit', 'now', 'window']);
      expect(namesOf('/plans')).toEqual(['contractId', 'cursor', 'limit', 'slipping', 'status']);
      expect(namesOf('/governance-log')).toEqual(['actor', 'contractId', 'cursor', 'from', 'kind', 'limit', 'to']);
      const lists = ['/register', '/scorecards', '/due-items', '/plans', '/governance-log'];
      expect(lists.flatMap((path) => queryOf(path).filter((entry) => entry.required).map((entry) => `${path}?${entry.name}`))).toEqual([]);
      expect(queryOf('/due-items').find((entry) => entry.name === 'window')?.schema).toMatchObject({ enum: ['next-7-days', 'next-30-days', 'overdue'] });
    });

    // Resolved before it is judged, so a $ref that names no component counts as no schema.
    it('documents the 200 response of every GET as an object schema with properties', () => {
      const { routes, operationOf, resolve } = served();
      const undocumented = routes.filter((route) => {
        const schema = resolve(operationOf(route)?.responses['200']?.content?.['application/json']?.schema);
        return route.method === 'get' && !(schema?.type === 'object' && schema.properties && Object.keys(schema.properties).length > 0);
      });
      expect(undocumented.map(name)).toEqual([]);
    });

    it('documents what each read answers', () => {
      const { operationOf, resolve } = served();
      const ok = (path: string) => resolve(operationOf({ method: 'get', path })?.responses['200']?.content?.['application/json']?.schema);
      const entry = { contractId: expect.any(Object), stage: { type: 'string', enum: expect.arrayContaining(['needs-assessment', 'active']) }, lastEventAt: expect.any(Object) };
      expect(ok('/register')?.properties).toMatchObject({ items: { type: 'array' }, total: expect.any(Object), limit: expect.any(Object), offset: expect.any(Object) });
      expect(ok('/register')?.properties?.['items']?.items?.properties).toMatchObject(entry);
      expect(ok('/register/:contractId')?.properties).toMatchObject(entry);
      // The keyset pages: a cursor only when more rows follow.
      for (const path of ['/scorecards', '/due-items', '/plans', '/governance-log']) {
        const page = ok(path);
        expect(page?.properties).toMatchObject({ items: { type: 'array' }, limit: expect.any(Object), nextCursor: expect.any(Object) });
        expect(page?.required).toEqual(expect.arrayContaining(['items', 'limit']));
        expect(page?.required).not.toContain('nextCursor');
      }
      expect(ok('/scorecards')?.properties?.['items']?.items?.properties).toMatchObject({ contractId: expect.any(Object), riskRating: expect.any(Object), kpiRatings: { type: 'array' } });
      expect(ok('/scorecards/contracts/:contractId')?.properties).toMatchObject({ provider: { type: 'object' }, concerns: { type: 'array' }, plans: { type: 'array' } });
      expect(ok('/scorecards/providers/:provider')?.properties?.['riskRatings']).toMatchObject({ type: 'object', required: ['green', 'amber', 'red'] });
      expect(ok('/due-items')?.properties).toMatchObject({ asOf: expect.any(Object), window: { enum: expect.arrayContaining(['next-7-days', 'overdue']) } });
      expect(ok('/due-items')?.properties?.['items']?.items?.properties).toMatchObject({ itemId: expect.any(Object), dueOn: expect.any(Object), overdue: { type: 'boolean' } });
      expect(ok('/plans/:planId')?.properties).toMatchObject({ planId: expect.any(Object), contractId: expect.any(Object), actions: { type: 'array' }, missedMilestones: { type: 'integer' } });
      expect(ok('/governance-log')?.properties?.['items']?.items?.properties).toMatchObject({ kind: expect.any(Object), actor: { type: 'object' }, globalPosition: expect.any(Object) });
      expect(ok('/projections')?.properties?.['projections']?.items?.properties).toMatchObject({ projection: expect.any(Object), lagEvents: { type: 'integer' } });
      expect(ok('/health')?.properties).toMatchObject({ status: { enum: ['ok'] }, checks: { type: 'object' } });
    });

    it('still refuses a bad parameter with a 400 naming it', async () => {
      const reader = await callerFor(served().url, { id: 'gail', role: 'governance', organisation: 'somerset-council' }, reportingAuth);
      const refusals = [
        ['/due-items?window=next-week', 'window'],
        ['/due-items?colour=red', 'colour'],
        ['/register?limit=0', 'limit'],
        ['/register/not-a-uuid', 'contractId'],
      ] as const;
      for (const [path, field] of refusals) {
        const problem = await expectProblem(reader.get(path), 400, 'request.invalid');
        expect(problem.errors).toEqual([expect.objectContaining({ field })]);
      }
    });
  },
);

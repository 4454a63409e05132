import { expectHeadersTooLarge, expectProblem, fieldsOf } from '@cls/http/testing';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { startReportingTestApp, type ReportingTestApp } from '../testing/reporting-test-app';

/**
 * The reporting service's HTTP edge, on the real app (PostgreSQL, Kafka): the same one as the API's, so text that
 * could not be stored, or compared with what is, never reaches a query, and every refusal is problem+json.
 */
describe('the reporting service’s HTTP edge (real PostgreSQL and Kafka)', () => {
  let reporting: ReportingTestApp;
  let bearer: string;
  const server = () => reporting.app.getHttpServer() as Server;
  const get = (path: string) => request(server()).get(path).set('authorization', bearer);

  beforeAll(async () => {
    reporting = await startReportingTestApp();
    bearer = `Bearer ${await reporting.token({ id: 'g-1', role: 'governance', organisation: 'gloucestershire-cc' })}`;
  }, 120_000);
  afterAll(async () => {
    await reporting?.close();
  }, 60_000);

  it('refuses a NUL in a query parameter, naming it, where the read would have failed in PostgreSQL (a 500 before)', async () => {
    const nul = await get('/governance-log?actor=al%00ice');
    expectProblem(nul, 400, 'request.invalid');
    expect(fieldsOf(nul)).toEqual([{ field: 'actor', rule: 'text.unstorable' }]);
    expect((await get('/governance-log?actor=alice')).status).toBe(200);
  });

  it('refuses one in a path parameter, naming it (a 500 before, too)', async () => {
    const response = await get('/scorecards/providers/acme%00care');
    expectProblem(response, 400, 'request.invalid');
    expect(fieldsOf(response)).toEqual([{ field: 'provider', rule: 'text.unstorable' }]);
  });

  it('refuses one anywhere in a JSON body, field names included, though no endpoint here reads one', async () => {
    const response = await get('/register').set('content-type', 'application/json').send('{"filter":{"title":["ok","x\\ud800"],"a\\u0000":1}}');
    expectProblem(response, 400, 'request.invalid');
    expect(fieldsOf(response)).toEqual([
      { field: 'filter.title.1', rule: 'text.unstorable' },
      { field: 'filter.a\uFFFD', rule: 'text.unstorable' },
    ]);
  });

  it('answers an unknown route, malformed JSON, a body too large, one that is not JSON and an undecodable path as problems', async () => {
    expectProblem(await get('/no-such-route'), 404, 'route.not-found');
    expectProblem(await get('/register').set('content-type', 'application/json').send('{"a":'), 400, 'request.malformed');
    expectProblem(await get('/register').set('content-type', 'application/json').send(JSON.stringify({ a: 'x'.repeat(200_000) })), 413, 'request.too-large');
    expectProblem(await get('/register').set('content-type', 'text/plain').send('a'), 415, 'request.unsupported-media-type');
    expectProblem(await get('/scorecards/providers/%FF'), 400, 'request.malformed');
  });

  it('refuses a token naming the system role with a 401', async () => {
    const system = await reporting.token({ id: 'system', role: 'system', organisation: 'gloucestershire-cc' });
    const response = await request(server()).get('/register').set('authorization', `Bearer ${system}`);
    expectProblem(response, 401, 'auth.invalid-token');
  });

  it('answers header fields beyond Node’s limit with a 431 problem, on a listening server', async () => {
    await reporting.app.listen(0, '127.0.0.1');
    const { port } = server().address() as AddressInfo;
    await expectHeadersTooLarge(`http://127.0.0.1:${port}`, '/register');
  });
});

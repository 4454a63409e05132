import { mintToken, type AuthSettings } from '@cls/auth';
import type { Actor } from '@cls/domain';
import { createTestDatabase, type TestDatabase } from '@cls/event-store/testing';
import { expectHeadersTooLarge, expectProblem, fieldsOf, problemOf } from '@cls/http/testing';
import type { INestApplication } from '@nestjs/common';
import { SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { createApiTestApp } from './testing/api-test-app';

const auth: AuthSettings = { secret: 'http-edge-test-secret-at-least-32-characters', issuer: 'cls-test', audience: 'cls-test-api' };
const manager: Actor = { id: 'ccm-1', role: 'contract-manager', organisation: 'gloucestershire-cc' };

/**
 * The API's HTTP edge, on the real app (PostgreSQL, Temporal): what it refuses before any rule, workflow or store
 * sees the request, and that everything it refuses is problem+json.
 */
describe('the API’s HTTP edge (real PostgreSQL and Temporal)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let bearer: string;
  const server = () => app.getHttpServer() as Server;
  const postJson = (path: string, json: string) => request(server()).post(path).set('authorization', bearer).set('content-type', 'application/json').send(json);
  const eventsOf = async (contractId: string) =>
    (await db.pool.query<{ count: string }>('SELECT count(*) FROM events WHERE stream_id LIKE $1', [`%${contractId}%`])).rows[0]?.count;
  /** A token with exactly these claims (besides who, issuer and audience), as an issuer other than ours might sign it. */
  const signed = (claims: Record<string, unknown>) =>
    new SignJWT({ sub: manager.id, role: manager.role, org: manager.organisation, iss: auth.issuer, aud: auth.audience, ...claims })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(new TextEncoder().encode(auth.secret));

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createApiTestApp({ db, auth, env: { AUTH_MAX_TOKEN_LIFETIME: '1h' } });
    bearer = `Bearer ${await mintToken(manager, auth, { expiresIn: '1h' })}`;
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  }, 60_000);

  describe('unstorable text', () => {
    it('refuses a NUL in a concern’s summary with a 400 naming it, before the contract is looked up or anything recorded', async () => {
      const contractId = randomUUID();
      const concern = {
        receivedOn: '2026-11-02',
        source: 'family',
        category: 'missed-visits',
        severity: 'medium',
        summary: 'bad\u0000byte',
        handling: 'resolved-informally',
      };
      const response = await postJson(`/contracts/${contractId}/concerns`, JSON.stringify(concern));
      expectProblem(response, 400, 'request.invalid');
      expect(fieldsOf(response)).toEqual([{ field: 'summary', rule: 'text.unstorable' }]);
      expect(problemOf(response).detail).toContain('summary (text.unstorable)');
      expect(await eventsOf(contractId)).toBe('0');
    });

    it('names a lone surrogate nested in the body, and a field name holding a NUL', async () => {
      const report = '{"kind":"quarterly","from":"2026-07-01","to":"2026-09-30","summary":"ok","findings":["fine","x\\ud800y"],"evidence":[],"a\\u0000b":1}';
      const response = await postJson(`/contracts/${randomUUID()}/monitoring-reports`, report);
      expectProblem(response, 400, 'request.invalid');
      expect(fieldsOf(response)).toEqual([
        { field: 'findings.1', rule: 'text.unstorable' },
        { field: 'a\uFFFDb', rule: 'text.unstorable' },
      ]);
    });

    it('names a query parameter and a path parameter that hold one', async () => {
      const query = await request(server()).get(`/contracts/${randomUUID()}/timeline?actor=al%00ice`).set('authorization', bearer);
      expectProblem(query, 400, 'request.invalid');
      expect(fieldsOf(query)).toEqual([{ field: 'actor', rule: 'text.unstorable' }]);
      const path = await postJson('/contracts/abc%00/concerns', '{}');
      expectProblem(path, 400, 'request.invalid');
      expect(fieldsOf(path)).toEqual([{ field: 'contractId', rule: 'text.unstorable' }]);
    });
  });

  it('states the rule in the OpenAPI document, and every field problem’s rule', async () => {
    const document = (await request(server()).get('/openapi.json')).body as { info: { description: string }; components: { schemas: { Problem: unknown } } };
    expect(document.info.description).toContain('`text.unstorable`');
    expect(JSON.stringify(document.components.schemas.Problem)).toContain('text.unstorable');
  });

  describe('the HTTP layer’s own refusals', () => {
    it('answers an unknown route, malformed JSON, a body too large, a body that is not JSON and an undecodable path as problems', async () => {
      expectProblem(await request(server()).get('/no-such-route').set('authorization', bearer), 404, 'route.not-found');
      expectProblem(await postJson('/contracts', '{"title":'), 400, 'request.malformed');
      expectProblem(await postJson('/contracts', JSON.stringify({ title: 'x'.repeat(200_000) })), 413, 'request.too-large');
      expectProblem(
        await request(server()).post('/contracts').set('authorization', bearer).set('content-type', 'text/plain').send('title'),
        415,
        'request.unsupported-media-type',
      );
      expectProblem(await postJson(`/contracts/%ED%A0%80/concerns`, '{}'), 400, 'request.malformed');
    });

    it('asks who is calling before what they sent: no token and a non-JSON body is a 401', async () => {
      expectProblem(await request(server()).post('/contracts').set('content-type', 'text/plain').send('{}'), 401, 'auth.missing-token');
    });

    it('answers header fields beyond Node’s limit with a 431 problem, on a listening server', async () => {
      await app.listen(0, '127.0.0.1');
      const { port } = server().address() as AddressInfo;
      await expectHeadersTooLarge(`http://127.0.0.1:${port}`, '/contracts');
      // A query string past the limit is refused alike (found by the fuzz phase), and the document says so everywhere.
      const longQuery = await fetch(`http://127.0.0.1:${port}/audit/views/accepted-abnormally-low-bids?provider=${'p'.repeat(20_000)}`, {
        headers: { authorization: bearer },
      });
      expect(longQuery.status).toBe(431);
      expect(longQuery.headers.get('content-type')).toBe('application/problem+json');
      const document = (await request(server()).get('/openapi.json')).body as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
      const operations = Object.values(document.paths).flatMap((item) => Object.values(item));
      expect(operations.length).toBeGreaterThan(50);
      expect(operations.filter((operation) => !('431' in operation.responses))).toEqual([]);
    });
  });

  describe('bearer tokens', () => {
    const timeline = (token: string) => request(server()).get(`/contracts/${randomUUID()}/timeline`).set('authorization', `Bearer ${token}`);
    const now = () => Math.floor(Date.now() / 1000);

    it('refuses a token naming the system role, which only the workflows act as', async () => {
      const response = await timeline(await mintToken({ id: 'system', role: 'system', organisation: manager.organisation }, auth));
      expectProblem(response, 401, 'auth.invalid-token');
      expect(problemOf(response).detail).toContain('role');
    });

    it('refuses a token without exp or iat, and one whose life exceeds AUTH_MAX_TOKEN_LIFETIME', async () => {
      expectProblem(await timeline(await signed({ iat: now() })), 401, 'auth.invalid-token');
      expectProblem(await timeline(await signed({ exp: now() + 600 })), 401, 'auth.invalid-token');
      expectProblem(await timeline(await signed({ iat: now(), exp: now() + 3601 })), 401, 'auth.invalid-token');
      // Within the configured hour the token is accepted: the contract then simply does not exist.
      expectProblem(await timeline(await signed({ iat: now(), exp: now() + 3600 })), 404, 'contract.not-found');
    });
  });
});

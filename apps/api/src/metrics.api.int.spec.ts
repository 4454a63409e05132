import { mintToken, type AuthSettings } from '@cls/auth';
import type { Actor } from '@cls/domain';
import { createTestDatabase, type TestDatabase } from '@cls/event-store/testing';
import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import request from 'supertest';
import { createApiTestApp } from './testing/api-test-app';

const auth: AuthSettings = { secret: 'metrics-test-secret-at-least-32-characters', issuer: 'cls-test', audience: 'cls-test-api' };
const manager: Actor = { id: 'ccm-1', role: 'contract-manager', organisation: 'gloucestershire-cc' };

/** The value of the sample of this metric whose labels include these, in any order; undefined if there is none. */
const sampleOf = (text: string, name: string, labels: Record<string, string>): number | undefined => {
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)\{(.*)\} (\S+)$/.exec(line);
    if (match?.[1] !== name) continue;
    const present = new Set(match[2]?.split(/,(?=[a-z_]+=")/));
    if (Object.entries(labels).every(([key, value]) => present.has(`${key}="${value}"`))) return Number(match[3]);
  }
  return undefined;
};

describe('the API’s Prometheus metrics (real PostgreSQL and Temporal)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const server = () => app.getHttpServer() as Server;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createApiTestApp({ db, auth });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  }, 60_000);

  it('times a request under its route template and status, served without a token at GET /metrics', async () => {
    const contractId = randomUUID();
    const bearer = `Bearer ${await mintToken(manager, auth, { expiresIn: '1h' })}`;
    const read = await request(server()).get(`/contracts/${contractId}`).set('authorization', bearer);

    const scrape = await request(server()).get('/metrics');

    expect(scrape.status).toBe(200);
    expect(scrape.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
    const labels = { method: 'GET', route: '/contracts/:contractId', status: String(read.status), service: 'api' };
    expect(sampleOf(scrape.text, 'http_request_duration_seconds_bucket', { ...labels, le: '+Inf' })).toBe(1);
    expect(sampleOf(scrape.text, 'http_request_duration_seconds_count', labels)).toBe(1);
    expect(sampleOf(scrape.text, 'http_requests_total', labels)).toBe(1);
    expect(scrape.text).not.toContain(contractId);
    expect(scrape.text).toMatch(/^process_cpu_seconds_total\{service="api"\} /m);
  });

  it('counts paths no route matches under Nest’s one catch-all template, and leaves /metrics out of the OpenAPI document', async () => {
    const path = `/no-such-path/${randomUUID()}`;
    await Promise.all([request(server()).get(path), request(server()).get(`/no-such-path/${randomUUID()}`)]);

    const [scrape, document] = await Promise.all([request(server()).get('/metrics'), request(server()).get('/openapi.json')]);

    expect(sampleOf(scrape.text, 'http_requests_total', { method: 'GET', route: '/{*path}', status: '404' })).toBeGreaterThanOrEqual(2);
    expect(scrape.text).not.toContain(path);
    expect(Object.keys((document.body as { paths: Record<string, unknown> }).paths)).not.toContain('/metrics');
  });
});

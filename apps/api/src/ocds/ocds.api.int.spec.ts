import { mintToken, type AuthSettings } from '@cls/auth';
import { loadConfig } from '@cls/config';
import type { Actor } from '@cls/domain';
import { contractFixtures } from '@cls/domain/testing';
import { PostgresEventStore } from '@cls/event-store';
import { createTestDatabase, type TestDatabase } from '@cls/event-store/testing';
import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import pino from 'pino';
import request from 'supertest';
import { ApiConfig } from '../config';
import { createApiApp } from '../create-app';
import { recordPackageErrors, releasePackageErrors } from './__fixtures__/ocds-schemas';
import { alpha, openTenderToActive, ProcessScript } from './__fixtures__/processes';
import type { RecordPackage, ReleasePackage } from './ocds.types';

const auth: AuthSettings = { secret: 'ocds-api-test-secret-at-least-32-characters', issuer: 'cls-test', audience: 'cls-test-api' };

const { contractId, commissioner, organisation, outsider } = contractFixtures;
const governance: Actor = { id: 'g-1', role: 'governance', organisation };
const evaluator: Actor = { id: 'ev-1', role: 'evaluator', organisation };
const ocid = `ocds-abc123-${contractId}`;

/**
 * Starts the API with the OCDS settings given. The modules read their settings from the environment when they
 * start, and the test's admin database URL is one of those variables, so the environment is put back at once.
 */
const startApi = async (env: Record<string, string>, logLines: string[] = []): Promise<INestApplication> => {
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  try {
    const config = loadConfig(ApiConfig, { JWT_SECRET: auth.secret, JWT_ISSUER: auth.issuer, JWT_AUDIENCE: auth.audience, LOG_LEVEL: 'warn' });
    return await createApiApp(config, pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) }));
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
};

describe('OCDS export through the API (real PostgreSQL, via the Nest app)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let publicApp: INestApplication;
  const logLines: string[] = [];
  const otherCouncils = randomUUID();

  const get = async (path: string, actor?: Actor, on: INestApplication = app) => {
    const call = request(on.getHttpServer() as Server).get(path);
    return actor ? call.set('Authorization', `Bearer ${await mintToken(actor, auth)}`) : call;
  };
  const countEvents = async () => Number((await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0]?.n);

  beforeAll(async () => {
    db = await createTestDatabase();
    const store = new PostgresEventStore(db.pool);
    const elsewhere = new ProcessScript(otherCouncils);
    elsewhere.contract({ type: 'OpenCommission', data: { contractId: otherCouncils, title: 'Day care' } }, outsider);
    for (const script of [openTenderToActive(), elsewhere]) {
      const versions = new Map<string, number>();
      for (const { streamId, event } of script.pending()) {
        const version = versions.get(streamId) ?? 0;
        await store.append(streamId, version, [{ ...event, eventId: randomUUID() }]);
        versions.set(streamId, version + 1);
      }
    }
    const settings = { DATABASE_URL: db.url, CLS_OCDS_OCID_PREFIX: 'ocds-abc123', CLS_OCDS_BASE_URL: 'https://contracts.example.gov.uk/' };
    app = await startApi(settings, logLines);
    publicApp = await startApi({ ...settings, CLS_OCDS_PUBLIC: 'true' });
  });

  afterAll(async () => {
    await app.close();
    await publicApp.close();
    await db.drop();
  });

  it('given the buyer’s commissioner, then the release package is served and validates, one release per published change', async () => {
    const response = await get(`/contracts/${contractId}/ocds/releases`, commissioner);
    expect(response.status).toBe(200);
    expect(response.type).toBe('application/json');
    const body = response.body as ReleasePackage;
    expect(releasePackageErrors(body)).toEqual([]);
    expect(body.uri).toBe(`https://contracts.example.gov.uk/contracts/${contractId}/ocds/releases`);
    expect(body.releases.every((release) => release.ocid === ocid)).toBe(true);
    expect(body.releases.map((release) => release.tag[0])).toEqual([
      'planning',
      'planningUpdate',
      'planningUpdate',
      'planningUpdate',
      'tender',
      'tenderUpdate',
      'tenderUpdate',
      'tenderUpdate',
      'award',
      'awardUpdate',
      'awardUpdate',
      'awardUpdate',
      'contract',
      'contractUpdate',
      'contractUpdate',
      'implementation',
    ]);
  });

  it('given governance of the buyer, then the record package is served with the compiled release, and validates', async () => {
    const response = await get(`/contracts/${contractId}/ocds/record`, governance);
    expect(response.status).toBe(200);
    const body = response.body as RecordPackage;
    expect(recordPackageErrors(body)).toEqual([]);
    const [record] = body.records;
    expect(record.ocid).toBe(ocid);
    expect(record.compiledRelease).toMatchObject({
      tag: ['compiled'],
      tender: { id: `${contractId}.1`, status: 'complete', numberOfTenderers: 2 },
      awards: [{ id: `${contractId}.1-award-1`, status: 'active', suppliers: [{ id: alpha.organisation }] }],
      contracts: [{ id: contractId, awardID: `${contractId}.1-award-1`, status: 'active' }],
    });
  });

  it('given anyone else, then exactly the 404 of a contract that does not exist, and the refusal is logged with the actor', async () => {
    const missing = await get(`/contracts/${randomUUID()}/ocds/record`, commissioner);
    expect(missing.status).toBe(404);
    expect(missing.type).toBe('application/problem+json');
    const { instance: _instance, correlationId: _correlationId, ...answer } = missing.body as Record<string, unknown>;
    expect(answer).toMatchObject({ status: 404, code: 'contract.not-found' });

    const before = await countEvents();
    for (const [actor, path] of [
      [alpha, `/contracts/${contractId}/ocds/record`],
      [evaluator, `/contracts/${contractId}/ocds/releases`],
      [outsider, `/contracts/${contractId}/ocds/releases`],
      [commissioner, `/contracts/${otherCouncils}/ocds/record`],
    ] as const) {
      const refused = await get(path, actor);
      expect(refused.status).toBe(404);
      const { instance: _i, correlationId: _c, ...same } = refused.body as Record<string, unknown>;
      expect(same).toEqual(answer);
    }
    expect(await countEvents()).toBe(before);
    const refusals = logLines.filter((line) => line.includes('OCDS export refused')).map((line) => JSON.parse(line) as { actor: Actor; contractId: string });
    expect(refusals).toEqual(expect.arrayContaining([expect.objectContaining({ actor: alpha, contractId })]));
  });

  it('refuses a request without a token (401) and a malformed contract id (400 naming it)', async () => {
    const anonymous = await get(`/contracts/${contractId}/ocds/releases`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ code: 'auth.missing-token' });
    const malformed = await get('/contracts/not-a-uuid/ocds/releases', commissioner);
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ code: 'request.invalid', errors: [expect.objectContaining({ field: 'contractId' })] });
  });

  it('given CLS_OCDS_PUBLIC, then anyone reads any process’s packages without a token', async () => {
    const releases = await get(`/contracts/${contractId}/ocds/releases`, undefined, publicApp);
    expect(releases.status).toBe(200);
    expect(releasePackageErrors(releases.body)).toEqual([]);
    const record = await get(`/contracts/${otherCouncils}/ocds/record`, undefined, publicApp);
    expect(record.status).toBe(200);
    expect(recordPackageErrors(record.body)).toEqual([]);
    expect((record.body as RecordPackage).records[0].compiledRelease).toMatchObject({ buyer: { id: outsider.organisation }, tender: { status: 'planning' } });
    expect((await get(`/contracts/${randomUUID()}/ocds/releases`, undefined, publicApp)).status).toBe(404);
  });
});

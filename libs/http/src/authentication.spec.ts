import { mintToken, TokenVerifier } from '@cls/auth';
import type { Actor } from '@cls/domain';
import { Controller, Get, Module } from '@nestjs/common';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createServer } from 'node:net';
import request from 'supertest';
import { AuthGuard, CurrentActor, Public, TOKEN_VERIFIER } from './authentication';
import { applyHttpEdge } from './http-edge';
import { expectProblem } from './testing';

@Controller()
class WhoController {
  @Get('me')
  me(@CurrentActor() actor: Actor): Actor {
    return actor;
  }

  @Public()
  @Get('open')
  open(): { open: true } {
    return { open: true };
  }
}

/** A loopback port that nothing listens on: an issuer that is down. */
const closedPort = (): Promise<number> =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const hs256 = { secret: 's'.repeat(32), issuer: 'dev', audience: 'contract-lifecycle-api' };

/** The guard as every app installs it, on an app of its own, with the development key and an issuer that is down. */
describe('the authentication guard', () => {
  let app: NestExpressApplication;
  const server = () => app.getHttpServer();

  beforeAll(async () => {
    const issuer = `http://127.0.0.1:${await closedPort()}/realms/cls`;
    const verifier = new TokenVerifier({
      hs256,
      oidc: { issuer, audience: 'contract-lifecycle-api', rolesClaim: 'roles', organisationClaim: 'org', algorithms: ['RS256', 'ES256'], timeoutMs: 2000 },
    });
    @Module({ controllers: [WhoController], providers: [{ provide: TOKEN_VERIFIER, useValue: verifier }, { provide: APP_GUARD, useClass: AuthGuard }] })
    class WhoModule {}
    app = await NestFactory.create<NestExpressApplication>(WhoModule, { logger: false });
    applyHttpEdge(app);
    await app.init();
  });
  afterAll(async () => {
    await app.close();
  });

  it('puts the verified actor on the request', async () => {
    const actor = { id: 'u-1', role: 'finance', organisation: 'somerset-council' } as const;
    const response = await request(server()).get('/me').set('authorization', `Bearer ${await mintToken(actor, hs256)}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual(actor);
  });

  it('answers a missing or bad token 401 problem+json, and lets a public route through', async () => {
    expectProblem(await request(server()).get('/me'), 401, 'auth.missing-token');
    expectProblem(await request(server()).get('/me').set('authorization', 'Bearer not.a.token'), 401, 'auth.invalid-token');
    expect((await request(server()).get('/open')).body).toEqual({ open: true });
  });

  it("answers 503 with Retry-After while the issuer's keys cannot be fetched, since the token may be good", async () => {
    // Any RS256 token sends the guard to the issuer, which is down; its signature is never reached.
    const header = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: 'k-1' })).toString('base64url');
    const response = await request(server()).get('/me').set('authorization', `Bearer ${header}.e30.c2ln`);
    expectProblem(response, 503, 'auth.issuer-unavailable');
    expect(response.headers['retry-after']).toBe('5');
  });
});

import { TokenVerifier } from '@cls/auth';
import { createTestDatabase, type TestDatabase } from '@cls/event-store/testing';
import { createKafka } from '@cls/kafka';
import { eventually, testKafkaBrokers, uniqueName } from '@cls/kafka/testing';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { expectProblem, expectStatus } from './http';
import { freePort, startApp, stopApp, type RunningApp } from './processes';

/** The development Keycloak that `npm test` starts (infra/scripts/up.sh keycloak), unless the environment names another. */
const issuer = process.env['KEYCLOAK_ISSUER'] ?? 'http://127.0.0.1:18080/realms/cls';

/** The committed realm file: its users, their one role and organisation, and their development password. */
const RealmFile = z.object({
  users: z.array(
    z.object({
      username: z.string(),
      realmRoles: z.array(z.string()),
      attributes: z.object({ org: z.tuple([z.string()]) }),
      credentials: z.tuple([z.object({ value: z.string() })]),
    }),
  ),
});
const realm = RealmFile.parse(JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', 'infra', 'keycloak', 'cls-realm.json'), 'utf8')));
const userNamed = (username: string) => {
  const user = realm.users.find((candidate) => candidate.username === username);
  if (!user) throw new Error(`the realm file has no user ${username}`);
  return user;
};

/** An access token for the user by the direct grant, the way a test (never the console) signs in. */
const tokenFor = async (username: string, clientId = 'cls-tests'): Promise<string> => {
  const response = await fetch(`${issuer}/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', client_id: clientId, username, password: userNamed(username).credentials[0].value }),
  });
  const body: unknown = await response.json();
  if (!response.ok) throw new Error(`Keycloak refused ${username}'s sign-in (${response.status}): ${JSON.stringify(body)}`);
  return z.object({ access_token: z.string() }).parse(body).access_token;
};

/** The console's sign-in, as a browser does it: the authorisation request, the login form, the redirect back. */
const consoleSignIn = async (username: string, { redirectUri, challenge }: { redirectUri: string; challenge: string }): Promise<URL> => {
  const cookies = new Map<string, string>();
  const keep = (response: Response) => {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const at = pair.indexOf('=');
      cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
  };
  const cookieHeader = () => [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  const authorise = new URL(`${issuer}/protocol/openid-connect/auth`);
  authorise.search = new URLSearchParams({
    client_id: 'cls-console',
    response_type: 'code',
    scope: 'openid',
    redirect_uri: redirectUri,
    state: 'state-1',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  const page = await fetch(authorise, { redirect: 'manual' });
  keep(page);
  const html = await page.text();
  const action = /<form[^>]*id="kc-form-login"[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`Keycloak's login page has no login form (${page.status}): ${html.slice(0, 500)}`);
  const login = await fetch(action.replaceAll('&amp;', '&'), {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: cookieHeader() },
    body: new URLSearchParams({ username, password: userNamed(username).credentials[0].value }),
  });
  const location = login.headers.get('location');
  if (login.status !== 302 || !location) throw new Error(`Keycloak did not redirect back after the login form (${login.status}): ${(await login.text()).slice(0, 500)}`);
  return new URL(location);
};

const get = (url: string, token?: string) => fetch(url, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } });

const waitForHealth = (url: string, app: RunningApp) =>
  eventually(
    async () => {
      if (app.child.exitCode !== null) throw new Error(`${app.name} exited:\n${app.output()}`);
      if ((await fetch(`${url}/health`)).status !== 200) throw new Error(`${app.name} not healthy yet`);
    },
    { timeoutMs: 150_000, intervalMs: 250 },
  ).catch((error: unknown) => {
    throw new Error(`${app.name} did not become healthy: ${(error as Error).message}\n${app.output()}`);
  });

/**
 * Single sign-on on the real Keycloak: people of a council, an NHS body and two providers sign in with their
 * passwords, and the API and the reporting service, configured with the issuer alone (no development key), let each
 * do what the permission tables give their role.
 */
describe('single sign-on with the development Keycloak', () => {
  let db: TestDatabase;
  let apps: RunningApp[] = [];
  let apiUrl: string;
  let reportingUrl: string;
  const topic = uniqueName('sso.contracts.events.v1');

  beforeAll(async () => {
    // A Keycloak still starting (it takes minutes on a busy machine) listens only once it is ready.
    await eventually(
      async () => {
        if (!(await fetch(`${issuer}/.well-known/openid-configuration`)).ok) throw new Error('realm not served yet');
      },
      { timeoutMs: 180_000, intervalMs: 1000 },
    ).catch((error: unknown) => {
      throw new Error(`No Keycloak realm at ${issuer} (${(error as Error).message}): start it with \`bash infra/scripts/up.sh keycloak\` (npm test does)`);
    });
    db = await createTestDatabase();
    const [apiPort, reportingPort] = await Promise.all([freePort(), freePort()]);
    apiUrl = `http://127.0.0.1:${apiPort}`;
    reportingUrl = `http://127.0.0.1:${reportingPort}`;
    // JWT_SECRET empty is unset: only the issuer's tokens are accepted.
    const auth = { AUTH_OIDC_ISSUER: issuer, JWT_SECRET: '', LOG_LEVEL: 'warn', DATABASE_URL: db.url };
    apps = [
      startApp('api', { ...auth, PORT: String(apiPort), AUDIT_CURSOR_SECRET: randomBytes(32).toString('hex') }),
      startApp('reporting', {
        ...auth,
        PORT: String(reportingPort),
        KAFKA_BROKERS: testKafkaBrokers().join(','),
        KAFKA_TOPIC_CONTRACT_EVENTS: topic,
        REPORTING_GROUP_ID: uniqueName('sso-reporting'),
      }),
    ];
    await Promise.all([waitForHealth(apiUrl, apps[0] as RunningApp), waitForHealth(reportingUrl, apps[1] as RunningApp)]);
  }, 360_000);

  afterAll(async () => {
    await Promise.all(apps.map((app) => stopApp(app)));
    const admin = createKafka({ clientId: 'sso-e2e', brokers: testKafkaBrokers() }).admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
    await db?.drop();
  }, 60_000);

  it("maps every development user's token to the actor the realm file describes: username, one role, organisation", async () => {
    const verifier = new TokenVerifier({
      oidc: { issuer, audience: 'contract-lifecycle-api', rolesClaim: 'roles', organisationClaim: 'org', algorithms: ['RS256', 'ES256'], timeoutMs: 10_000 },
    });
    const withOneRole = realm.users.filter((user) => user.realmRoles.length === 1);
    expect(new Set(withOneRole.map((user) => user.realmRoles[0]))).toEqual(
      new Set(['commissioner', 'contract-manager', 'lead-professional', 'evaluator', 'budget-holder', 'provider', 'finance', 'governance']),
    );
    expect(new Set(withOneRole.map((user) => user.attributes.org[0])).size).toBe(4);
    for (const user of withOneRole) {
      await expect(verifier.verify(`Bearer ${await tokenFor(user.username)}`)).resolves.toEqual({
        id: user.username,
        role: user.realmRoles[0],
        organisation: user.attributes.org[0],
      });
    }
  });

  it('lets each role read the API views its table gives it, and refuses the others 403', async () => {
    for (const username of ['somerset-commissioner', 'icb-contract-manager', 'somerset-governance']) {
      await expectStatus(get(`${apiUrl}/audit/views/escalations`, await tokenFor(username)), 200);
    }
    for (const username of ['somerset-finance', 'brightcare-provider', 'icb-evaluator']) {
      await expectProblem(get(`${apiUrl}/audit/views/escalations`, await tokenFor(username)), 403, 'access.view-not-permitted');
    }
    await expectStatus(get(`${apiUrl}/audit/verify`, await tokenFor('icb-governance')), 200);
    await expectProblem(get(`${apiUrl}/audit/verify`, await tokenFor('somerset-commissioner')), 403, 'access.view-not-permitted');
  });

  it('lets each role read the read models its table gives it, a provider included, and refuses the others 403', async () => {
    await expectStatus(get(`${reportingUrl}/register`, await tokenFor('somerset-contract-manager')), 200);
    await expectStatus(get(`${reportingUrl}/register`, await tokenFor('meadowview-provider')), 200);
    await expectProblem(get(`${reportingUrl}/register`, await tokenFor('somerset-evaluator')), 403, 'reporting.view-forbidden');
    await expectStatus(get(`${reportingUrl}/governance-log`, await tokenFor('somerset-governance')), 200);
    await expectProblem(get(`${reportingUrl}/governance-log`, await tokenFor('brightcare-provider')), 403, 'reporting.view-forbidden');
  });

  it('accepts tokens Keycloak signs with ES256 as well as RS256', async () => {
    const es256 = await tokenFor('icb-commissioner', 'cls-tests-es256');
    expect(JSON.parse(Buffer.from(es256.split('.')[0] as string, 'base64url').toString())).toMatchObject({ alg: 'ES256' });
    await expectStatus(get(`${apiUrl}/audit/views/escalations`, es256), 200);
    await expectStatus(get(`${reportingUrl}/register`, es256), 200);
  });

  it("signs a person in through the console's client by Authorization Code with PKCE, and no code is redeemed without the verifier", async () => {
    const redirectUri = 'http://127.0.0.1:3001/auth/callback';
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const redeem = (code: string, extra: Record<string, string>) =>
      fetch(`${issuer}/protocol/openid-connect/token`, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'authorization_code', client_id: 'cls-console', code, redirect_uri: redirectUri, ...extra }),
      });

    const back = await consoleSignIn('icb-contract-manager', { redirectUri, challenge });
    expect(`${back.origin}${back.pathname}`).toBe(redirectUri);
    expect(back.searchParams.get('state')).toBe('state-1');
    const code = back.searchParams.get('code') ?? '';
    expect((await redeem(code, {})).status).toBe(400);

    const again = (await consoleSignIn('icb-contract-manager', { redirectUri, challenge })).searchParams.get('code') ?? '';
    const tokens = z.object({ access_token: z.string(), id_token: z.string() }).parse(await expectStatus(redeem(again, { code_verifier: verifier }), 200));
    await expectStatus(get(`${apiUrl}/audit/views/escalations`, tokens.access_token), 200);
    // The ID token is for the console, not a key to the services: it does not name their audience.
    await expectProblem(get(`${apiUrl}/audit/views/escalations`, tokens.id_token), 401, 'auth.invalid-token');
  });

  it('refuses 401 a signed-in user with none of the service roles, and a request without a token', async () => {
    const visitor = await tokenFor('somerset-visitor');
    for (const url of [`${apiUrl}/audit/views/escalations`, `${reportingUrl}/register`]) {
      const problem = await expectProblem(get(url, visitor), 401, 'auth.invalid-token');
      expect(problem.detail).toContain('none of the service');
      await expectProblem(get(url), 401, 'auth.missing-token');
    }
  });

  it("refuses 401 a token signed by another key in the issuer's name, and one from another issuer", async () => {
    const own = await generateKeyPair('RS256');
    const claims = { sub: 'mallory', roles: ['governance'], org: 'somerset-council', aud: 'contract-lifecycle-api' };
    const forged = await new SignJWT({ ...claims, iss: issuer }).setProtectedHeader({ alg: 'RS256', kid: 'forged' }).setIssuedAt().setExpirationTime('5m').sign(own.privateKey);
    // Another issuer, itself a working OpenID Provider on loopback, whose keys vouch for its own tokens only.
    const other: Server = createServer((request, response) => {
      const base = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
      void exportJWK(own.publicKey).then((jwk) => {
        const body = request.url?.endsWith('openid-configuration') ? { issuer: base, jwks_uri: `${base}/jwks` } : { keys: [{ ...jwk, kid: 'other-1', alg: 'RS256' }] };
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const otherIssuer = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
      const foreign = await new SignJWT({ ...claims, iss: otherIssuer }).setProtectedHeader({ alg: 'RS256', kid: 'other-1' }).setIssuedAt().setExpirationTime('5m').sign(own.privateKey);
      for (const url of [`${apiUrl}/audit/verify`, `${reportingUrl}/governance-log`]) {
        await expectProblem(get(url, forged), 401, 'auth.invalid-token');
        await expectProblem(get(url, foreign), 401, 'auth.invalid-token');
      }
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });
});

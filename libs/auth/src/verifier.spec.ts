import { DomainError } from '@cls/domain';
import { exportJWK, generateKeyPair, type JWK, type KeyLike, SignJWT } from 'jose';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OidcSettings } from './auth';
import { claimAt, IssuerUnavailableError, TokenVerifier } from './verifier';

/**
 * A real OpenID Provider in miniature, on loopback: the discovery document and a JWKS over HTTP, as Keycloak or a
 * council's provider serves them. Its answers can be changed to stage an outage or a misleading document.
 */
interface TestIssuer {
  url: string;
  sign(claims: Record<string, unknown>, options?: { alg?: 'RS256' | 'ES256'; key?: KeyLike; kid?: string }): Promise<string>;
  /** What the discovery document names as the issuer (a liar names another). */
  namedIssuer?: string;
  /** Answers every request with this status instead. */
  failWith?: number;
  requests: string[];
  close(): Promise<void>;
}

const defaultClaims = (iss: string) => {
  const now = Math.floor(Date.now() / 1000);
  return { iss, aud: 'contract-lifecycle-api', sub: 'user-1', roles: ['contract-manager'], org: 'somerset-council', iat: now, exp: now + 300 };
};

const startIssuer = async (): Promise<TestIssuer> => {
  const rsa = await generateKeyPair('RS256');
  const ec = await generateKeyPair('ES256');
  const jwks: JWK[] = [
    { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
    { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
  ];
  const state: Pick<TestIssuer, 'namedIssuer' | 'failWith' | 'requests'> = { requests: [] };
  const server: Server = createServer((request, response) => {
    state.requests.push(request.url ?? '');
    if (state.failWith) return void response.writeHead(state.failWith).end();
    const body =
      request.url === '/realms/test/.well-known/openid-configuration'
        ? { issuer: state.namedIssuer ?? url, jwks_uri: `${url}/protocol/openid-connect/certs` }
        : request.url === '/realms/test/protocol/openid-connect/certs'
          ? { keys: jwks }
          : undefined;
    if (!body) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/realms/test`;
  const issuer: TestIssuer = Object.assign(state, {
    url,
    sign: (claims: Record<string, unknown>, { alg = 'RS256', key, kid }: { alg?: 'RS256' | 'ES256'; key?: KeyLike; kid?: string } = {}) =>
      // A claim given as undefined is left out of the token (JSON has no undefined).
      new SignJWT({ ...defaultClaims(url), ...claims })
        .setProtectedHeader({ alg, typ: 'JWT', kid: kid ?? (alg === 'RS256' ? 'rsa-1' : 'ec-1') })
        .sign(key ?? (alg === 'RS256' ? rsa.privateKey : ec.privateKey)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
  return issuer;
};

const oidcSettings = (issuer: TestIssuer, overrides: Partial<OidcSettings> = {}): OidcSettings => ({
  issuer: issuer.url,
  audience: 'contract-lifecycle-api',
  rolesClaim: 'roles',
  organisationClaim: 'org',
  algorithms: ['RS256', 'ES256'],
  timeoutMs: 5000,
  ...overrides,
});

/** `kind:code` of a refusal, the message of an unavailable issuer, or `accepted`. */
const verdict = async (verifier: TokenVerifier, token: string): Promise<string> => {
  try {
    await verifier.verify(`Bearer ${token}`);
    return 'accepted';
  } catch (error) {
    if (error instanceof DomainError) return `${error.kind}:${error.code}`;
    if (error instanceof IssuerUnavailableError) return 'issuer-unavailable';
    throw error;
  }
};

describe('tokens from an OpenID Connect issuer', () => {
  let issuer: TestIssuer;
  let verifier: TokenVerifier;

  beforeEach(async () => {
    issuer = await startIssuer();
    verifier = new TokenVerifier({ oidc: oidcSettings(issuer) });
  });
  afterEach(() => issuer.close());

  it('accepts RS256 and ES256 tokens signed by the keys its discovery document names, and maps the claims to the actor', async () => {
    await expect(verifier.verify(`Bearer ${await issuer.sign({})}`)).resolves.toEqual({ id: 'user-1', role: 'contract-manager', organisation: 'somerset-council' });
    const provider = await issuer.sign({ sub: 'p-1', roles: ['provider'], org: 'brightcare-homecare' }, { alg: 'ES256' });
    await expect(verifier.verify(`Bearer ${provider}`)).resolves.toEqual({ id: 'p-1', role: 'provider', organisation: 'brightcare-homecare' });
    expect(issuer.requests.filter((path) => path.endsWith('openid-configuration'))).toHaveLength(1);
  });

  it("takes the one service role among an issuer's roles, passing over roles of other applications", async () => {
    expect(await verdict(verifier, await issuer.sign({ roles: ['offline_access', 'governance', 'uma_authorization'] }))).toBe('accepted');
    expect(await verdict(verifier, await issuer.sign({ roles: 'governance' }))).toBe('accepted');
  });

  it('refuses a token naming no service role, two of them, the system role, or roles that are not names', async () => {
    for (const roles of [[], ['offline_access'], ['commissioner', 'finance'], ['governance', 'system'], [7], undefined]) {
      expect(await verdict(verifier, await issuer.sign({ roles }))).toBe('unauthorised:auth.invalid-token');
    }
  });

  it('refuses a token without an organisation, or with one an event could not record', async () => {
    for (const org of [undefined, '', ['a', 'b'], 'council\u0000']) {
      expect(await verdict(verifier, await issuer.sign({ org }))).toBe('unauthorised:auth.invalid-token');
    }
  });

  it('reads roles and organisation wherever the issuer puts them, nested ones by a dotted path', async () => {
    const keycloakStyle = new TokenVerifier({ oidc: oidcSettings(issuer, { rolesClaim: 'realm_access.roles', organisationClaim: 'https://cls.example/org' }) });
    const token = await issuer.sign({ roles: undefined, org: undefined, realm_access: { roles: ['finance'] }, 'https://cls.example/org': 'nhs-somerset-icb' });
    await expect(keycloakStyle.verify(`Bearer ${token}`)).resolves.toEqual({ id: 'user-1', role: 'finance', organisation: 'nhs-somerset-icb' });
    expect(claimAt({ a: { b: { c: 1 } } }, 'a.b.c')).toBe(1);
    expect(claimAt({ a: 1 }, 'a.b')).toBeUndefined();
    expect(claimAt({ 'a.b': 2, a: { b: 3 } }, 'a.b')).toBe(2);
    expect([claimAt({}, 'constructor'), claimAt({ a: {} }, 'a.__proto__')]).toEqual([undefined, undefined]);
  });

  it('refuses a token of another issuer, for another audience, signed by another key, or by a key the issuer does not publish', async () => {
    const stranger = await generateKeyPair('RS256');
    expect(await verdict(verifier, await issuer.sign({ iss: 'https://elsewhere.example/realms/test' }))).toBe('unauthorised:auth.invalid-token');
    expect(await verdict(verifier, await issuer.sign({ aud: 'cls-console' }))).toBe('unauthorised:auth.invalid-token');
    expect(await verdict(verifier, await issuer.sign({}, { key: stranger.privateKey }))).toBe('unauthorised:auth.invalid-token');
    expect(await verdict(verifier, await issuer.sign({}, { key: stranger.privateKey, kid: 'rsa-unknown' }))).toBe('unauthorised:auth.invalid-token');
  });

  it('keeps every rule of the development tokens: exp and iat required, the maximum lifetime, no iat in the future', async () => {
    const hourly = new TokenVerifier({ oidc: oidcSettings(issuer), maxLifetimeSeconds: 3600 });
    const now = Math.floor(Date.now() / 1000);
    expect(await verdict(hourly, await issuer.sign({ iat: now, exp: now + 3601 }))).toBe('unauthorised:auth.invalid-token');
    expect(await verdict(hourly, await issuer.sign({ iat: now + 3600, exp: now + 3700 }))).toBe('unauthorised:auth.invalid-token');
    expect(await verdict(hourly, await issuer.sign({ exp: undefined }))).toBe('unauthorised:auth.invalid-token');
    expect(await verdict(hourly, await issuer.sign({ iat: now - 60, exp: now + 600 }))).toBe('accepted');
  });

  it('refuses a signing algorithm that is not configured, and HS256 when no development key is', async () => {
    const ecOnly = new TokenVerifier({ oidc: oidcSettings(issuer, { algorithms: ['ES256'] }) });
    expect(await verdict(ecOnly, await issuer.sign({}))).toBe('unauthorised:auth.invalid-token');
    const hs256 = await new SignJWT({ roles: ['commissioner'], org: 'o' }).setProtectedHeader({ alg: 'HS256' }).setIssuer(issuer.url).setAudience('contract-lifecycle-api').setIssuedAt().setExpirationTime('5m').sign(new TextEncoder().encode('k'.repeat(32)));
    expect(await verdict(verifier, hs256)).toBe('unauthorised:auth.invalid-token');
  });

  it('accepts both the development key and the issuer when both are configured', async () => {
    const both = new TokenVerifier({ oidc: oidcSettings(issuer), hs256: { secret: 'k'.repeat(32), issuer: 'dev', audience: 'contract-lifecycle-api' } });
    const hs256 = await new SignJWT({ role: 'finance', org: 'o' }).setProtectedHeader({ alg: 'HS256' }).setSubject('dev-user').setIssuer('dev').setAudience('contract-lifecycle-api').setIssuedAt().setExpirationTime('5m').sign(new TextEncoder().encode('k'.repeat(32)));
    await expect(both.verify(`Bearer ${hs256}`)).resolves.toEqual({ id: 'dev-user', role: 'finance', organisation: 'o' });
    expect(await verdict(both, await issuer.sign({}))).toBe('accepted');
  });

  it('says the issuer is unavailable, not that the token is bad, while it cannot be reached, and recovers once it can', async () => {
    issuer.failWith = 503;
    const token = await issuer.sign({});
    expect(await verdict(verifier, token)).toBe('issuer-unavailable');
    issuer.failWith = undefined;
    expect(await verdict(verifier, token)).toBe('accepted');
  });

  it('says the issuer is unavailable when nothing listens at its address', async () => {
    const token = await issuer.sign({});
    const gone = new TokenVerifier({ oidc: oidcSettings(issuer) });
    await issuer.close();
    expect(await verdict(gone, token)).toBe('issuer-unavailable');
    issuer = await startIssuer();
  });

  it('will not use a discovery document that names another issuer (OpenID Connect Discovery, section 4.3)', async () => {
    issuer.namedIssuer = 'https://impostor.example/realms/test';
    await expect(verifier.verify(`Bearer ${await issuer.sign({})}`)).rejects.toThrow(/names the issuer https:\/\/impostor\.example\/realms\/test/);
  });
});

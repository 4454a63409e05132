import { AuthEnv, loadConfig } from '@cls/config';
import { DomainError, Role } from '@cls/domain';
import { SignJWT } from 'jose';
import { type AuthSettings, defaultMaxTokenLifetimeSeconds, hs256SettingsOf, mintToken, TokenRole, verifierSettingsOf } from './auth';
import { TokenVerifier } from './verifier';

const settings: AuthSettings = { secret: 'x'.repeat(32), issuer: 'cls', audience: 'cls-api' };
const actor = { id: 'u-7', role: 'contract-manager' as const, organisation: 'bristol-cc' };
const now = () => Math.floor(Date.now() / 1000);

/** A verifier that accepts only the development key's tokens, as one configured with JWT_SECRET alone. */
const verifyBearer = (authorization: string | undefined, given: AuthSettings) =>
  new TokenVerifier({ hs256: given, ...(given.maxLifetimeSeconds === undefined ? {} : { maxLifetimeSeconds: given.maxLifetimeSeconds }) }).verify(authorization);

const codeOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return `${error.kind}:${error.code}`;
    throw error;
  }
  return 'accepted';
};

/** A token with exactly the claims given, signed with the settings' key: what a careless or hostile issuer sends. */
const signed = (claims: Record<string, unknown>, key = settings.secret) =>
  new SignJWT({ role: actor.role, org: actor.organisation, sub: actor.id, iss: settings.issuer, aud: settings.audience, ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(key));

const verdictOn = async (claims: Record<string, unknown>, given = settings) => codeOf(verifyBearer(`Bearer ${await signed(claims)}`, given));

describe('bearer tokens', () => {
  it('round-trips an actor through a minted token', async () => {
    const token = await mintToken(actor, settings);
    await expect(verifyBearer(`Bearer ${token}`, settings)).resolves.toEqual(actor);
  });

  it('refuses a missing header, a malformed header, a wrong key, a wrong audience and an expired token', async () => {
    const token = await mintToken(actor, settings);
    expect(await codeOf(verifyBearer(undefined, settings))).toBe('unauthorised:auth.missing-token');
    expect(await codeOf(verifyBearer(token, settings))).toBe('unauthorised:auth.invalid-token');
    expect(await codeOf(verifyBearer(`Bearer ${token}`, { ...settings, secret: 'y'.repeat(32) }))).toBe(
      'unauthorised:auth.invalid-token',
    );
    expect(await codeOf(verifyBearer(`Bearer ${token}`, { ...settings, audience: 'other' }))).toBe(
      'unauthorised:auth.invalid-token',
    );
    const expired = await mintToken(actor, settings, { expiresIn: '-1m' });
    expect(await codeOf(verifyBearer(`Bearer ${expired}`, settings))).toBe('unauthorised:auth.invalid-token');
  });

  it('refuses a token whose role is not one of the service roles', async () => {
    const token = await mintToken({ ...actor, role: 'superuser' as never }, settings);
    expect(await codeOf(verifyBearer(`Bearer ${token}`, settings))).toBe('unauthorised:auth.invalid-token');
  });

  it('accepts every documented role and refuses the system role, which only the workflows act as', async () => {
    expect(TokenRole.options).toEqual(['commissioner', 'contract-manager', 'lead-professional', 'evaluator', 'budget-holder', 'provider', 'finance', 'governance']);
    expect(Role.options).toContain('system');
    for (const role of TokenRole.options) {
      await expect(verifyBearer(`Bearer ${await mintToken({ ...actor, role }, settings)}`, settings)).resolves.toEqual({ ...actor, role });
    }
    const system = verifyBearer(`Bearer ${await mintToken({ id: 'system', role: 'system', organisation: 'bristol-cc' }, settings)}`, settings);
    await expect(system).rejects.toMatchObject({ kind: 'unauthorised', code: 'auth.invalid-token', message: expect.stringContaining('role') });
  });

  it('requires exp and iat', async () => {
    expect(await verdictOn({ iat: now() })).toBe('unauthorised:auth.invalid-token');
    expect(await verdictOn({ exp: now() + 600 })).toBe('unauthorised:auth.invalid-token');
    expect(await verdictOn({ iat: now(), exp: now() + 600 })).toBe('accepted');
    expect(await verdictOn({ iat: String(now()), exp: now() + 600 })).toBe('unauthorised:auth.invalid-token');
  });

  it('refuses a token that claims a life longer than the maximum, 12 hours unless configured', async () => {
    const issued = now();
    expect(defaultMaxTokenLifetimeSeconds).toBe(12 * 3600);
    expect(await verdictOn({ iat: issued, exp: issued + 12 * 3600 })).toBe('accepted');
    expect(await verdictOn({ iat: issued, exp: issued + 12 * 3600 + 1 })).toBe('unauthorised:auth.invalid-token');
    const hourly = { ...settings, maxLifetimeSeconds: 3600 };
    expect(await verdictOn({ iat: issued, exp: issued + 3600 }, hourly)).toBe('accepted');
    expect(await verdictOn({ iat: issued, exp: issued + 3601 }, hourly)).toBe('unauthorised:auth.invalid-token');
  });

  it('refuses an iat in the future, which would stretch a token past the maximum from now, beyond clock skew', async () => {
    const later = now() + 3600;
    expect(await verdictOn({ iat: later, exp: later + 600 })).toBe('unauthorised:auth.invalid-token');
    const skewed = now() + 5;
    expect(await verdictOn({ iat: skewed, exp: skewed + 600 })).toBe('accepted');
  });

  it('refuses a token issued longer ago than the maximum lifetime, even if its exp is later', async () => {
    const issued = now() - 2 * 3600;
    expect(await verdictOn({ iat: issued, exp: now() + 600 }, { ...settings, maxLifetimeSeconds: 3600 })).toBe('unauthorised:auth.invalid-token');
  });

  it('refuses a subject or organisation that could not be stored in an event’s metadata', async () => {
    const times = { iat: now(), exp: now() + 600 };
    expect(await verdictOn({ ...times, sub: 'al\u0000ice' })).toBe('unauthorised:auth.invalid-token');
    expect(await verdictOn({ ...times, org: 'council\ud800' })).toBe('unauthorised:auth.invalid-token');
    expect(await verdictOn({ ...times, sub: 'x'.repeat(201) })).toBe('unauthorised:auth.invalid-token');
    expect(await verdictOn({ ...times, sub: 'Ælfgifu Ó Briain', org: 'conseil-général-😀' })).toBe('accepted');
  });

  it('will not mint a token the services would refuse for its lifetime', async () => {
    const limited = { ...settings, maxLifetimeSeconds: 3600 };
    await expect(mintToken(actor, limited, { expiresIn: '2h' })).rejects.toThrow('the maximum lifetime is 3600 seconds');
    await expect(verifyBearer(`Bearer ${await mintToken(actor, limited, { expiresIn: '1h' })}`, limited)).resolves.toEqual(actor);
  });

  it('takes its settings from the validated configuration, AUTH_MAX_TOKEN_LIFETIME included', () => {
    const env = { JWT_SECRET: 's'.repeat(32), JWT_ISSUER: 'iss', JWT_AUDIENCE: 'aud' };
    expect(hs256SettingsOf(loadConfig(AuthEnv, env))).toEqual({ secret: 's'.repeat(32), issuer: 'iss', audience: 'aud', maxLifetimeSeconds: 12 * 3600 });
    expect(hs256SettingsOf(loadConfig(AuthEnv, { ...env, AUTH_MAX_TOKEN_LIFETIME: '90m' }))?.maxLifetimeSeconds).toBe(5400);
    expect(verifierSettingsOf(loadConfig(AuthEnv, env))).toEqual({ hs256: hs256SettingsOf(loadConfig(AuthEnv, env)), maxLifetimeSeconds: 12 * 3600 });
  });

  it('takes an OpenID Connect issuer from the configuration, with or without the development key', () => {
    const issuer = 'https://login.example.org/realms/council';
    const oidcOnly = verifierSettingsOf(loadConfig(AuthEnv, { AUTH_OIDC_ISSUER: issuer }));
    expect(oidcOnly).toEqual({
      oidc: { issuer, audience: 'contract-lifecycle-api', rolesClaim: 'roles', organisationClaim: 'org', algorithms: ['RS256', 'ES256'], timeoutMs: 5000 },
      maxLifetimeSeconds: 12 * 3600,
    });
    const both = verifierSettingsOf(
      loadConfig(AuthEnv, {
        JWT_SECRET: 's'.repeat(32),
        AUTH_OIDC_ISSUER: issuer,
        AUTH_OIDC_AUDIENCE: 'cls',
        AUTH_OIDC_ROLES_CLAIM: 'realm_access.roles',
        AUTH_OIDC_ORGANISATION_CLAIM: 'organisation',
        AUTH_OIDC_ALGORITHMS: 'ES256',
      }),
    );
    expect(both.hs256?.secret).toBe('s'.repeat(32));
    expect(both.oidc).toMatchObject({ audience: 'cls', rolesClaim: 'realm_access.roles', organisationClaim: 'organisation', algorithms: ['ES256'] });
  });
});

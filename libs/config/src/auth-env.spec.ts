import { AuthEnv } from './common.schema';
import { loadConfig } from './load-config';
import { problemsOf } from './testing';

const issuer = 'https://login.example.org/realms/council';

describe('AuthEnv: who may sign the tokens the services accept', () => {
  it('accepts an OpenID Connect issuer alone, with the claims and algorithms it is read by defaulted', () => {
    const config = loadConfig(AuthEnv, { AUTH_OIDC_ISSUER: issuer });
    expect(config.JWT_SECRET).toBeUndefined();
    expect(config).toMatchObject({
      AUTH_OIDC_ISSUER: issuer,
      AUTH_OIDC_AUDIENCE: 'contract-lifecycle-api',
      AUTH_OIDC_ROLES_CLAIM: 'roles',
      AUTH_OIDC_ORGANISATION_CLAIM: 'org',
      AUTH_OIDC_ALGORITHMS: ['RS256', 'ES256'],
      AUTH_OIDC_TIMEOUT_MS: 5000,
    });
  });

  it('accepts the development key alone, as before, and both together', () => {
    expect(loadConfig(AuthEnv, { JWT_SECRET: 'x'.repeat(32) }).AUTH_OIDC_ISSUER).toBeUndefined();
    const both = loadConfig(AuthEnv, { JWT_SECRET: 'x'.repeat(32), AUTH_OIDC_ISSUER: 'http://127.0.0.1:18080/realms/cls' });
    expect([both.JWT_SECRET, both.AUTH_OIDC_ISSUER]).toEqual(['x'.repeat(32), 'http://127.0.0.1:18080/realms/cls']);
  });

  it('refuses an environment with neither, naming the issuer variable and the key that would also do', () => {
    expect(problemsOf(AuthEnv, {})).toContain('AUTH_OIDC_ISSUER: is required unless JWT_SECRET is set');
    expect(problemsOf(AuthEnv, { JWT_SECRET: '', AUTH_OIDC_ISSUER: '' })).toContain('AUTH_OIDC_ISSUER: is required unless JWT_SECRET is set');
  });

  it.each([
    [{ AUTH_OIDC_ISSUER: 'http://login.example.org/realms/council' }, 'AUTH_OIDC_ISSUER: must be an https URL (http only on loopback)'],
    [{ AUTH_OIDC_ISSUER: 'login.example.org' }, 'AUTH_OIDC_ISSUER'],
    [{ AUTH_OIDC_ISSUER: issuer, AUTH_OIDC_ALGORITHMS: 'RS256,HS256' }, 'AUTH_OIDC_ALGORITHMS.1'],
    [{ AUTH_OIDC_ISSUER: issuer, AUTH_OIDC_ALGORITHMS: ' , ' }, 'AUTH_OIDC_ALGORITHMS'],
    [{ AUTH_OIDC_ISSUER: issuer, AUTH_OIDC_TIMEOUT_MS: '10' }, 'AUTH_OIDC_TIMEOUT_MS'],
    [{ AUTH_OIDC_ISSUER: issuer, AUTH_OIDC_ROLES_CLAIM: '' }, 'AUTH_OIDC_ROLES_CLAIM'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET: must be at least 32 characters'],
  ])('refuses %j, naming the variable', (env, problem) => {
    expect(problemsOf(AuthEnv, env)).toContain(problem);
  });

  it('takes http on loopback, where the development Keycloak runs', () => {
    for (const local of ['http://127.0.0.1:18080/realms/cls', 'http://localhost:18080/realms/cls', 'http://[::1]:18080/realms/cls']) {
      expect(loadConfig(AuthEnv, { AUTH_OIDC_ISSUER: local }).AUTH_OIDC_ISSUER).toBe(local);
    }
  });
});

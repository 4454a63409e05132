import { randomBytes } from 'node:crypto';
import { PostgresEnv } from './connections.schema';
import { loadConfig } from './load-config';
import { NotifyEnv } from './notify.schema';
import { problemsOf } from './testing';

const secretOf = (bytes: number): string => `whsec_${randomBytes(bytes).toString('base64')}`;


describe('NotifyEnv', () => {
  it('leaves the webhook unconfigured when no URL is given, an empty one included', () => {
    for (const env of [{}, { CLS_WEBHOOK_URL: '', CLS_WEBHOOK_SECRET: '' }]) {
      const config = loadConfig(NotifyEnv, env);
      expect(config.CLS_WEBHOOK_URL).toBeUndefined();
      expect(config.CLS_WEBHOOK_SECRET).toBeUndefined();
      expect(config.CLS_WEBHOOK_TIMEOUT_MS).toBe(15_000);
    }
  });

  it('accepts an http(s) URL with a whsec_ secret of 24 to 64 bytes, and a timeout', () => {
    for (const bytes of [24, 32, 64]) {
      const secret = secretOf(bytes);
      const config = loadConfig(NotifyEnv, {
        CLS_WEBHOOK_URL: 'https://hooks.example.org/cls',
        CLS_WEBHOOK_SECRET: secret,
        CLS_WEBHOOK_TIMEOUT_MS: '5000',
      });
      expect(config).toEqual({
        CLS_WEBHOOK_URL: 'https://hooks.example.org/cls',
        CLS_WEBHOOK_SECRET: secret,
        CLS_WEBHOOK_TIMEOUT_MS: 5000,
      });
    }
  });

  it('refuses a URL without a secret, because the receiver could not tell a forged webhook', () => {
    expect(problemsOf(NotifyEnv, { CLS_WEBHOOK_URL: 'https://hooks.example.org/cls' })).toContain(
      'CLS_WEBHOOK_SECRET: is required when CLS_WEBHOOK_URL is set',
    );
  });

  it.each([
    ['not whsec_-prefixed', 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0', 'must be whsec_ followed by base64'],
    ['not base64', 'whsec_not base64!', 'must be whsec_ followed by base64'],
    ['too short', secretOf(16), 'must encode 24 to 64 random bytes'],
    ['too long', secretOf(65), 'must encode 24 to 64 random bytes'],
  ])('refuses a secret that is %s, without echoing it', (_case, secret, rule) => {
    const problems = problemsOf(NotifyEnv, { CLS_WEBHOOK_URL: 'https://hooks.example.org/cls', CLS_WEBHOOK_SECRET: secret });
    expect(problems).toContain(`CLS_WEBHOOK_SECRET: ${rule}`);
    expect(problems).not.toContain(secret);
  });

  it.each([
    ['CLS_WEBHOOK_URL', { CLS_WEBHOOK_URL: 'ftp://hooks.example.org/cls', CLS_WEBHOOK_SECRET: secretOf(32) }],
    ['CLS_WEBHOOK_URL', { CLS_WEBHOOK_URL: 'not a url', CLS_WEBHOOK_SECRET: secretOf(32) }],
    ['CLS_WEBHOOK_TIMEOUT_MS', { CLS_WEBHOOK_TIMEOUT_MS: '0' }],
    ['CLS_WEBHOOK_TIMEOUT_MS', { CLS_WEBHOOK_TIMEOUT_MS: '120000' }],
  ])('refuses an invalid %s', (variable, env) => {
    expect(problemsOf(NotifyEnv, env)).toContain(`${variable}:`);
  });

  it('composes with an app schema and reports its problems alongside the others', () => {
    const schema = PostgresEnv.and(NotifyEnv);
    const problems = problemsOf(schema, { DATABASE_POOL_MAX: '0', CLS_WEBHOOK_URL: 'https://hooks.example.org/cls' });
    expect(problems).toContain('DATABASE_POOL_MAX');
    expect(problems).toContain('CLS_WEBHOOK_SECRET: is required when CLS_WEBHOOK_URL is set');
  });
});

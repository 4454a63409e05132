import { AuthEnv } from './common.schema';
import { KafkaEnv, PostgresEnv } from './connections.schema';
import { ConfigError, loadConfig } from './load-config';

describe('loadConfig', () => {
  it('applies defaults and coerces values', () => {
    const config = loadConfig(PostgresEnv.and(KafkaEnv), { DATABASE_POOL_MAX: '4', KAFKA_BROKERS: 'a:1, b:2' });
    expect(config.DATABASE_POOL_MAX).toBe(4);
    expect(config.KAFKA_BROKERS).toEqual(['a:1', 'b:2']);
    expect(config.DATABASE_URL).toMatch(/^postgres:/);
  });

  it('lists every invalid variable by name', () => {
    const schema = AuthEnv.and(PostgresEnv);
    expect(() => loadConfig(schema, { JWT_SECRET: 'short', DATABASE_POOL_MAX: '0' })).toThrow(ConfigError);
    try {
      loadConfig(schema, { JWT_SECRET: 'short', DATABASE_POOL_MAX: '0' });
    } catch (error) {
      expect((error as Error).message).toContain('JWT_SECRET: must be at least 32 characters');
      expect((error as Error).message).toContain('DATABASE_POOL_MAX');
    }
  });

  it('reads the maximum token lifetime as a duration in seconds, 12 hours by default, between a minute and a week', () => {
    const base = { JWT_SECRET: 'x'.repeat(32) };
    expect(loadConfig(AuthEnv, base).AUTH_MAX_TOKEN_LIFETIME).toBe(43_200);
    expect(loadConfig(AuthEnv, { ...base, AUTH_MAX_TOKEN_LIFETIME: '90m' }).AUTH_MAX_TOKEN_LIFETIME).toBe(5400);
    expect(loadConfig(AuthEnv, { ...base, AUTH_MAX_TOKEN_LIFETIME: '7d' }).AUTH_MAX_TOKEN_LIFETIME).toBe(604_800);
    expect(() => loadConfig(AuthEnv, { ...base, AUTH_MAX_TOKEN_LIFETIME: '12' })).toThrow('AUTH_MAX_TOKEN_LIFETIME: must be a whole number followed by s, m, h or d');
    expect(() => loadConfig(AuthEnv, { ...base, AUTH_MAX_TOKEN_LIFETIME: '30s' })).toThrow('AUTH_MAX_TOKEN_LIFETIME: must be at least 1m');
    expect(() => loadConfig(AuthEnv, { ...base, AUTH_MAX_TOKEN_LIFETIME: '8d' })).toThrow('AUTH_MAX_TOKEN_LIFETIME: must be at most 7d');
  });
});

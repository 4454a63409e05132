import { z } from 'zod';
import { AuthEnv, KafkaEnv, PostgresEnv } from './common.schema';
import { ConfigError, loadConfig } from './load-config';

describe('loadConfig', () => {
  it('applies defaults and coerces values', () => {
    const config = loadConfig(PostgresEnv.extend(KafkaEnv.shape), { DATABASE_POOL_MAX: '4', KAFKA_BROKERS: 'a:1, b:2' });
    expect(config.DATABASE_POOL_MAX).toBe(4);
    expect(config.KAFKA_BROKERS).toEqual(['a:1', 'b:2']);
    expect(config.DATABASE_URL).toMatch(/^postgres:/);
  });

  it('lists every invalid variable by name', () => {
    const schema = z.object({ ...AuthEnv.shape, ...PostgresEnv.shape });
    expect(() => loadConfig(schema, { JWT_SECRET: 'short', DATABASE_POOL_MAX: '0' })).toThrow(ConfigError);
    try {
      loadConfig(schema, { JWT_SECRET: 'short', DATABASE_POOL_MAX: '0' });
    } catch (error) {
      expect((error as Error).message).toContain('JWT_SECRET: must be at least 32 characters');
      expect((error as Error).message).toContain('DATABASE_POOL_MAX');
    }
  });
});

import { loadConfig } from '@cls/config';
import { IdempotencyConfig } from './idempotency.config';

describe('Idempotency-Key configuration', () => {
  it('given nothing, then keys are kept 24 h and the expired ones deleted hourly', () => {
    const config = loadConfig(IdempotencyConfig, {});
    expect([config.IDEMPOTENCY_KEY_TTL_HOURS, config.IDEMPOTENCY_PURGE_INTERVAL_MINUTES]).toEqual([24, 60]);
  });

  it.each([
    ['IDEMPOTENCY_KEY_TTL_HOURS', '0'],
    ['IDEMPOTENCY_KEY_TTL_HOURS', 'a day'],
    ['IDEMPOTENCY_PURGE_INTERVAL_MINUTES', '0'],
  ])('refuses %s=%s at start, naming the variable', (variable, value) => {
    expect(() => loadConfig(IdempotencyConfig, { [variable]: value })).toThrow(variable);
  });
});

import { PostgresEnv } from '@cls/config';
import { z } from 'zod';

/**
 * What Idempotency-Keys need beyond the API's own configuration: the database they are kept in and how long. Parsed
 * once, when the module starts, with every problem named (see loadConfig).
 */
export const IdempotencyConfig = z.object({
  /** How long a key is remembered from its first use; a retry must come within it. The draft suggests 24 h. */
  IDEMPOTENCY_KEY_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(24),
  /** How often expired keys are deleted. */
  IDEMPOTENCY_PURGE_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(1440).default(60),
})
  .and(PostgresEnv);
export type IdempotencyConfig = z.infer<typeof IdempotencyConfig>;

export const IDEMPOTENCY_CONFIG = Symbol('IdempotencyConfig');
export const IDEMPOTENCY_POOL = Symbol('IdempotencyPool');

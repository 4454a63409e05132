import { KafkaEnv, LogEnv, PostgresEnv } from '@cls/config';
import { RelayMetricsEnv, TracingEnv } from '@cls/observability';
import { z } from 'zod';

// The connection schemas are intersected, not spread: their rules span several variables (see @cls/config).
export const RelayConfig = z.object({
  ...LogEnv.shape,
  ...RelayMetricsEnv.shape,
  ...TracingEnv.shape,
  /** Used only when the relay creates the topic; an existing topic keeps its partitions. */
  KAFKA_TOPIC_PARTITIONS: z.coerce.number().int().min(1).max(1000).default(3),
  /** Names the checkpoint and the advisory lock: relays with different names publish independently. */
  RELAY_NAME: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, 'lower-case letters, digits, dots, dashes, underscores')
    .default('contract-events'),
  /** Notifications wake the relay at once; the poll catches events a notification cannot announce (see Relay). */
  RELAY_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(250),
  /** Bounded so one producer request stays well under the broker's message.max.bytes (1 MiB by default). */
  RELAY_BATCH_SIZE: z.coerce.number().int().min(1).max(5_000).default(100),
  /** How often the relay takes an audit checkpoint of every stream's hash chain (skipped when nothing is new). */
  AUDIT_CHECKPOINT_INTERVAL_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(300_000),
})
  .and(PostgresEnv)
  .and(KafkaEnv);
export type RelayConfig = z.infer<typeof RelayConfig>;

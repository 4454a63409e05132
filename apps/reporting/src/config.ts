import { AuthEnv, HttpEnv, JsonEnv, KafkaEnv, LogEnv, PostgresEnv } from '@cls/config';
import { defaultMonitoringPolicy, MonitoringPolicy, type MonitoringPolicyInput } from '@cls/domain';
import { z } from 'zod';

/**
 * The deployment's monitoring policy, the same JSON the API hands the workflows (CLS_MONITORING_POLICY): due items
 * schedule returns and reviews by it, as the workflows' timers do. The policy's defaults when unset.
 */
const MonitoringPolicyJson = JsonEnv<MonitoringPolicyInput>(MonitoringPolicy)
  .optional()
  .transform((given) => (given === undefined ? defaultMonitoringPolicy : MonitoringPolicy.parse(given)));

const ReportingGroupId = z.string().min(1).max(200).default('reporting');

// The connection schemas are intersected, not spread: their rules span several variables (see @cls/config).
export const ReportingConfig = z.object({
  ...LogEnv.shape,
  ...HttpEnv.shape,
  PORT: HttpEnv.shape.PORT.default(3002),
  REPORTING_GROUP_ID: ReportingGroupId,
  CLS_MONITORING_POLICY: MonitoringPolicyJson,
  /** Used only if reporting starts before the relay ever created the topic; must match the relay's. */
  KAFKA_TOPIC_PARTITIONS: z.coerce.number().int().min(1).max(1000).default(3),
  /** The relay whose checkpoint says how much of the store is on the topic; must match the relay's RELAY_NAME. */
  RELAY_NAME: z.string().min(1).max(100).default('contract-events'),
  /** An event left unpublished longer than this makes the service unready: the read models are going stale. */
  RELAY_STALL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
})
  .and(PostgresEnv)
  .and(KafkaEnv)
  // The API's issuer and audience (or its development key): readers present the tokens the API accepts.
  .and(AuthEnv);
export type ReportingConfig = z.infer<typeof ReportingConfig>;

/** What the rebuild command needs: the database, the topic, and the group name its fresh groups derive from. */
export const RebuildConfig = z.object({
  ...LogEnv.shape,
  REPORTING_GROUP_ID: ReportingGroupId,
  CLS_MONITORING_POLICY: MonitoringPolicyJson,
})
  .and(PostgresEnv)
  .and(KafkaEnv);
export type RebuildConfig = z.infer<typeof RebuildConfig>;

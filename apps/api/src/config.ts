import { AuditEnv, AuthEnv, HttpEnv, JsonEnv, LogEnv, TemporalEnv } from '@cls/config';
import { MonitoringPolicy, ProcurementPolicy, type MonitoringPolicyInput, type ProcurementPolicyInput } from '@cls/domain';
import { TracingEnv } from '@cls/observability';
import type { CommandWaitSettings } from '@cls/temporal';
import { z } from 'zod';

// The connection schemas are intersected, not spread: their rules span several variables (see @cls/config).
export const ApiConfig = z.object({
  ...LogEnv.shape,
  ...HttpEnv.shape,
  ...TracingEnv.shape,
  PORT: HttpEnv.shape.PORT.default(3000),
  /** Kept as given: each new contract's workflow records it and decides under it. Thresholds, periods, standstill, bank holidays … (`libs/domain/src/policy/procurement-policy.schema.ts`). */
  CLS_PROCUREMENT_POLICY: JsonEnv<ProcurementPolicyInput>(ProcurementPolicy).optional(),
  /** Returns schedule, KPI ratings, risk rating, escalation ladder, variation limits … (`monitoring-policy.schema.ts`). */
  CLS_MONITORING_POLICY: JsonEnv<MonitoringPolicyInput>(MonitoringPolicy).optional(),
  /**
   * How long a request waits for Temporal to finish its command before it is answered 503 with Retry-After. The
   * command runs on; a retry with the same Idempotency-Key attaches to it and answers its outcome.
   */
  CLS_COMMAND_WAIT_SECONDS: z.coerce.number().int().min(1).max(300).default(20),
  /** The Retry-After of such a 503: long enough for a command that is merely slow to have finished. */
  CLS_COMMAND_RETRY_AFTER_SECONDS: z.coerce.number().int().min(1).max(3600).default(5),
})
  .and(TemporalEnv)
  .and(AuthEnv)
  .and(AuditEnv)
  .superRefine((env, context) => {
    if (env.AUDIT_CURSOR_SECRET === undefined && env.JWT_SECRET === undefined) {
      context.addIssue({ code: 'custom', path: ['AUDIT_CURSOR_SECRET'], message: 'is required when JWT_SECRET is unset: it keys the audit trail\'s page cursors' });
    }
  });
export type ApiConfig = z.infer<typeof ApiConfig>;

/** The Temporal clients' bounded wait, from the configuration. */
export const commandWaitOf = (config: ApiConfig): CommandWaitSettings => ({ waitMs: config.CLS_COMMAND_WAIT_SECONDS * 1000 });

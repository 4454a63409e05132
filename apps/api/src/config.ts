import { AuthEnv, HttpEnv, LogEnv, TemporalEnv } from '@cls/config';
import { MonitoringPolicy, ProcurementPolicy, type MonitoringPolicyInput, type ProcurementPolicyInput } from '@cls/domain';
import { z } from 'zod';

/**
 * A deployment policy as JSON, checked whole at start against its schema; kept as given, before defaults, because
 * that is what each contract's workflow records and decides under.
 */
const PolicyJson = <Input>(schema: z.ZodType<unknown, Input>) =>
  z
    .string()
    .transform((text, context): unknown => {
      try {
        return JSON.parse(text);
      } catch {
        context.addIssue({ code: 'custom', message: 'must be JSON' });
        return z.NEVER;
      }
    })
    .superRefine((value, context) => {
      for (const issue of schema.safeParse(value).error?.issues ?? []) {
        context.addIssue({ code: 'custom', message: `${issue.path.join('.') || '(root)'}: ${issue.message}` });
      }
    })
    .transform((value) => value as Input);

export const ApiConfig = z.object({
  ...TemporalEnv.shape,
  ...AuthEnv.shape,
  ...LogEnv.shape,
  ...HttpEnv.shape,
  PORT: HttpEnv.shape.PORT.default(3000),
  /** Thresholds, periods, standstill, bank holidays … (`libs/domain/src/policy/procurement-policy.schema.ts`). */
  CLS_PROCUREMENT_POLICY: PolicyJson<ProcurementPolicyInput>(ProcurementPolicy).optional(),
  /** Returns schedule, KPI ratings, risk rating, escalation ladder, variation limits … (`monitoring-policy.schema.ts`). */
  CLS_MONITORING_POLICY: PolicyJson<MonitoringPolicyInput>(MonitoringPolicy).optional(),
});
export type ApiConfig = z.infer<typeof ApiConfig>;

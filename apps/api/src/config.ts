import { AuthEnv, HttpEnv, JsonEnv, LogEnv, TemporalEnv } from '@cls/config';
import { MonitoringPolicy, ProcurementPolicy, type MonitoringPolicyInput, type ProcurementPolicyInput } from '@cls/domain';
import { z } from 'zod';

export const ApiConfig = z.object({
  ...TemporalEnv.shape,
  ...AuthEnv.shape,
  ...LogEnv.shape,
  ...HttpEnv.shape,
  PORT: HttpEnv.shape.PORT.default(3000),
  /** Kept as given: each new contract's workflow records it and decides under it. Thresholds, periods, standstill, bank holidays … (`libs/domain/src/policy/procurement-policy.schema.ts`). */
  CLS_PROCUREMENT_POLICY: JsonEnv<ProcurementPolicyInput>(ProcurementPolicy).optional(),
  /** Returns schedule, KPI ratings, risk rating, escalation ladder, variation limits … (`monitoring-policy.schema.ts`). */
  CLS_MONITORING_POLICY: JsonEnv<MonitoringPolicyInput>(MonitoringPolicy).optional(),
});
export type ApiConfig = z.infer<typeof ApiConfig>;

import { AuthEnv, HttpEnv, LogEnv, TemporalEnv } from '@cls/config';
import { ProcurementPolicy, type ProcurementPolicyInput } from '@cls/domain';
import { z } from 'zod';

/**
 * The deployment's procurement policy as JSON (thresholds, periods, standstill, bank holidays …). Checked whole at
 * start; kept as given, before defaults, because that is what each contract's workflow records and decides under.
 */
const ProcurementPolicyJson = z
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
    for (const issue of ProcurementPolicy.safeParse(value).error?.issues ?? []) {
      context.addIssue({ code: 'custom', message: `${issue.path.join('.') || '(root)'}: ${issue.message}` });
    }
  })
  .transform((value) => value as ProcurementPolicyInput);

export const ApiConfig = z.object({
  ...TemporalEnv.shape,
  ...AuthEnv.shape,
  ...LogEnv.shape,
  ...HttpEnv.shape,
  PORT: HttpEnv.shape.PORT.default(3000),
  CLS_PROCUREMENT_POLICY: ProcurementPolicyJson.optional(),
});
export type ApiConfig = z.infer<typeof ApiConfig>;

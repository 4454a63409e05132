import { z } from 'zod';

/** Environment pieces shared by several apps; each app composes its own schema from these. */

const port = z.coerce.number().int().min(1).max(65535);
export const HttpEnv = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port,
});

const secondsPer = { s: 1, m: 60, h: 3600, d: 86_400 } as const;

/** A duration such as `90m`, `12h` or `1d`, as a whole number of seconds. */
export const DurationEnv = z
  .string()
  .regex(/^\d{1,7}[smhd]$/, 'must be a whole number followed by s, m, h or d, e.g. 12h')
  .transform((text) => Number(text.slice(0, -1)) * secondsPer[text.slice(-1) as keyof typeof secondsPer]);

/**
 * HS256 keys must be long enough to resist brute force; RFC 7518 asks for at least the hash size. A bearer token
 * cannot be revoked, so the longest life one may claim (`exp` − `iat`) is bounded: a minute at least, a week at most.
 */
export const AuthEnv = z.object({
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters'),
  JWT_ISSUER: z.string().min(1).default('contract-lifecycle'),
  JWT_AUDIENCE: z.string().min(1).default('contract-lifecycle-api'),
  AUTH_MAX_TOKEN_LIFETIME: DurationEnv.pipe(z.number().min(60, 'must be at least 1m').max(604_800, 'must be at most 7d')).default(12 * 3600),
});

export const LogEnv = z.object({
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/**
 * Signs the audit trail's page cursors so a client cannot forge or alter one. Optional: without it the API derives
 * a key of its own from JWT_SECRET, so a deployment gains no new secret to manage unless it wants one.
 */
export const AuditEnv = z.object({
  AUDIT_CURSOR_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
});

/**
 * A variable holding JSON, checked whole at start against `schema`, each problem named by its path in the JSON.
 * The value is kept as given, before the schema's defaults: a deployment policy is recorded by each workflow as
 * the deployment stated it, and whoever needs the defaults parses it.
 */
export const JsonEnv = <Input>(schema: z.ZodType<unknown, Input>) =>
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

import { z } from 'zod';

/** `CLS_WEBHOOK_URL=` in an env file means "not configured", not "an invalid URL". */
const unsetIfEmpty = (value: unknown): unknown => (value === '' ? undefined : value);

const secretPrefix = 'whsec_';

/**
 * Standard Webhooks symmetric secret: `whsec_` then base64 of 24 to 64 random bytes (192 to 512 bits; the spec's
 * bounds). The signing library would accept a shorter key, so the length is checked here.
 */
const WebhookSecret = z
  .string()
  .regex(/^whsec_(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/, {
    message: 'must be whsec_ followed by base64',
    abort: true,
  })
  .refine(
    (secret) => {
      const bytes = Buffer.from(secret.slice(secretPrefix.length), 'base64').length;
      return bytes >= 24 && bytes <= 64;
    },
    'must encode 24 to 64 random bytes',
  );

/**
 * Where the worker delivers notifications. Without a URL it only logs them; a URL without a secret is refused,
 * because an unsigned webhook lets anyone who can reach the receiver forge a deadline.
 */
export const NotifyEnv = z
  .object({
    CLS_WEBHOOK_URL: z.preprocess(unsetIfEmpty, z.url({ protocol: /^https?$/ }).optional()),
    CLS_WEBHOOK_SECRET: z.preprocess(unsetIfEmpty, WebhookSecret.optional()),
    /** The spec recommends giving receivers 15 to 30 s; the activity's start-to-close timeout must exceed it. */
    CLS_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(15_000),
  })
  .superRefine((env, ctx) => {
    if (env.CLS_WEBHOOK_URL !== undefined && env.CLS_WEBHOOK_SECRET === undefined) {
      ctx.addIssue({ code: 'custom', path: ['CLS_WEBHOOK_SECRET'], message: 'is required when CLS_WEBHOOK_URL is set' });
    }
  });
export type NotifyEnv = z.infer<typeof NotifyEnv>;

import { z } from 'zod';
import { unsetIfEmpty } from './connections.schema';

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

/** The asymmetric algorithms an OpenID Connect issuer may sign with; HS256 is the development key's alone. */
export const OidcAlgorithm = z.enum(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA']);

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * An issuer's keys are trusted because of where they are fetched from, so the issuer is reached over TLS; plain http
 * only on loopback, where the development Keycloak runs.
 */
const IssuerUrl = z.url().refine((text) => {
  // Zod runs this check even after the URL check failed; that one has named the problem already.
  if (!URL.canParse(text)) return true;
  const url = new URL(text);
  return url.protocol === 'https:' || (url.protocol === 'http:' && loopbackHosts.has(url.hostname));
}, 'must be an https URL (http only on loopback)');

const algorithmList = z
  .string()
  .transform((value) => value.split(',').map((part) => part.trim()).filter(Boolean))
  .pipe(z.array(OidcAlgorithm).min(1));

/**
 * Who may sign the bearer tokens the services accept, at least one of:
 * - an OpenID Connect issuer (AUTH_OIDC_ISSUER): its discovery document names the JWKS whose keys sign RS256/ES256
 *   tokens; roles and organisation are claims of the tokens it issues for AUTH_OIDC_AUDIENCE;
 * - a shared HS256 key (JWT_SECRET), for development and tests. HS256 keys must be long enough to resist brute
 *   force; RFC 7518 asks for at least the hash size.
 * A bearer token cannot be revoked, so the longest life one may claim (`exp` − `iat`) is bounded: a minute at least,
 * a week at most. Apps intersect it (`.and(AuthEnv)`): spreading its shape would drop the rule that one of the two
 * is set.
 */
export const AuthEnv = z
  .object({
    JWT_SECRET: unsetIfEmpty(z.string().min(32, 'must be at least 32 characters')),
    JWT_ISSUER: z.string().min(1).default('contract-lifecycle'),
    JWT_AUDIENCE: z.string().min(1).default('contract-lifecycle-api'),
    AUTH_MAX_TOKEN_LIFETIME: DurationEnv.pipe(z.number().min(60, 'must be at least 1m').max(604_800, 'must be at most 7d')).default(12 * 3600),
    AUTH_OIDC_ISSUER: unsetIfEmpty(IssuerUrl),
    AUTH_OIDC_AUDIENCE: z.string().min(1).default('contract-lifecycle-api'),
    /** A claim's name, or a dotted path to a nested one (Keycloak's own `realm_access.roles`); a string or a list. */
    AUTH_OIDC_ROLES_CLAIM: z.string().min(1).default('roles'),
    AUTH_OIDC_ORGANISATION_CLAIM: z.string().min(1).default('org'),
    AUTH_OIDC_ALGORITHMS: algorithmList.default(['RS256', 'ES256']),
    /** How long fetching the discovery document or the keys may take before a request is answered 503. */
    AUTH_OIDC_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  })
  .superRefine((env, context) => {
    if (env.JWT_SECRET === undefined && env.AUTH_OIDC_ISSUER === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['AUTH_OIDC_ISSUER'],
        message: 'is required unless JWT_SECRET is set: without either, no token could be verified',
      });
    }
  });
export type AuthEnv = z.infer<typeof AuthEnv>;

export const LogEnv = z.object({
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/**
 * Signs the audit trail's page cursors so a client cannot forge or alter one. Optional where JWT_SECRET is set: the
 * API then derives a key of its own from it, so a development deployment gains no new secret to manage. A
 * deployment that accepts only its OpenID Connect issuer's tokens has no JWT_SECRET, and sets this.
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

import type { AuthEnv } from '@cls/config';
import { type Actor, DomainError, Role } from '@cls/domain';
import { decodeJwt, SignJWT } from 'jose';
import type { z } from 'zod';

/** A shared HS256 key and the issuer and audience its tokens name: development and tests (JWT_SECRET). */
export interface AuthSettings {
  secret: string;
  issuer: string;
  audience: string;
  /** The longest life a token may claim, `exp` − `iat`, in seconds (AUTH_MAX_TOKEN_LIFETIME); 12 hours if unset. */
  maxLifetimeSeconds?: number;
}

/** An OpenID Connect issuer whose discovery document and JWKS sign the tokens (AUTH_OIDC_*). */
export interface OidcSettings {
  /** Exactly as the tokens' `iss` and the discovery document's `issuer` say it. */
  issuer: string;
  audience: string;
  /** A claim's name, or a dotted path to a nested claim; it holds a role name or a list of them. */
  rolesClaim: string;
  organisationClaim: string;
  algorithms: readonly string[];
  /** How long fetching the discovery document or the keys may take. */
  timeoutMs: number;
}

/** Whose tokens the services accept: the issuer's, the development key's, or both; within one maximum lifetime. */
export interface VerifierSettings {
  hs256?: AuthSettings;
  oidc?: OidcSettings;
  maxLifetimeSeconds?: number;
}

export const defaultMaxTokenLifetimeSeconds = 12 * 3600;

/** The HS256 settings from an app's validated configuration, the same way in every app and in `npm run token`. */
export const hs256SettingsOf = (config: AuthEnv): Required<AuthSettings> | undefined =>
  config.JWT_SECRET === undefined
    ? undefined
    : { secret: config.JWT_SECRET, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE, maxLifetimeSeconds: config.AUTH_MAX_TOKEN_LIFETIME };

/** Every way the configuration lets a token in. */
export const verifierSettingsOf = (config: AuthEnv): VerifierSettings => {
  const hs256 = hs256SettingsOf(config);
  return {
    ...(hs256 ? { hs256 } : {}),
    ...(config.AUTH_OIDC_ISSUER === undefined
      ? {}
      : {
          oidc: {
            issuer: config.AUTH_OIDC_ISSUER,
            audience: config.AUTH_OIDC_AUDIENCE,
            rolesClaim: config.AUTH_OIDC_ROLES_CLAIM,
            organisationClaim: config.AUTH_OIDC_ORGANISATION_CLAIM,
            algorithms: config.AUTH_OIDC_ALGORITHMS,
            timeoutMs: config.AUTH_OIDC_TIMEOUT_MS,
          },
        }),
    maxLifetimeSeconds: config.AUTH_MAX_TOKEN_LIFETIME,
  };
};

/**
 * The roles a bearer token may carry: a person's. `system` is the workflows' own actor, recorded on the facts their
 * timers find; a token claiming it would let a caller give the commands only the workflows may give.
 */
export const TokenRole = Role.exclude(['system']);
export type TokenRole = z.infer<typeof TokenRole>;

/**
 * Who and for which organisation end up in every event's metadata, so they must be text PostgreSQL can store: no
 * control character (NUL included) and no surrogate without its pair.
 */
export const storableName = (schema: z.ZodString) =>
  schema.regex(/^[^\p{Cc}\p{Cs}]*$/u, 'must not contain control characters or unpaired surrogates');

export const unauthorised = (message: string) => new DomainError('unauthorised', 'auth.invalid-token', message);

/** The issues of a refused set of claims, each named by its claim. */
export const namedIssues = (error: z.ZodError): string =>
  error.issues.map((issue) => `${issue.path.join('.')} (${issue.message})`).join(', ');

/**
 * Signs an HS256 token for the actor, valid for `expiresIn` (jose's form: `8h`, `90m`, `-1m`). With a maximum lifetime
 * in the settings it refuses to sign a token the services would refuse.
 */
export const mintToken = async (
  actor: Actor,
  settings: AuthSettings,
  options: { expiresIn?: string; name?: string } = {},
): Promise<string> => {
  const token = await new SignJWT({ role: actor.role, org: actor.organisation, ...(options.name ? { name: options.name } : {}) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(actor.id)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '8h')
    .sign(new TextEncoder().encode(settings.secret));
  const { iat = 0, exp = 0 } = decodeJwt(token);
  if (settings.maxLifetimeSeconds !== undefined && exp - iat > settings.maxLifetimeSeconds) {
    throw new Error(`A token valid for ${exp - iat} seconds would be refused: the maximum lifetime is ${settings.maxLifetimeSeconds} seconds`);
  }
  return token;
};

import type { AuthEnv } from '@cls/config';
import { Actor, DomainError, Role } from '@cls/domain';
import { decodeJwt, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';

export interface AuthSettings {
  secret: string;
  issuer: string;
  audience: string;
  /** The longest life a token may claim, `exp` − `iat`, in seconds (AUTH_MAX_TOKEN_LIFETIME); 12 hours if unset. */
  maxLifetimeSeconds?: number;
}

export const defaultMaxTokenLifetimeSeconds = 12 * 3600;

/** The settings from an app's validated configuration, the same way in every app and in `npm run token`. */
export const authSettingsOf = (config: z.infer<typeof AuthEnv>): Required<AuthSettings> => ({
  secret: config.JWT_SECRET,
  issuer: config.JWT_ISSUER,
  audience: config.JWT_AUDIENCE,
  maxLifetimeSeconds: config.AUTH_MAX_TOKEN_LIFETIME,
});

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
const storableName = (schema: z.ZodString) => schema.regex(/^[^\p{Cc}\p{Cs}]*$/u, 'must not contain control characters or unpaired surrogates');

/** The claims that make an actor: who (sub), in which role, for which organisation; and when it was issued and ends. */
const Claims = z.object({
  sub: storableName(Actor.shape.id),
  role: TokenRole,
  org: storableName(Actor.shape.organisation),
  iat: z.number().int(),
  exp: z.number().int(),
});

/** The issuer's clock and ours may differ by a few seconds; a token issued "now" there must not be in our future. */
const clockToleranceSeconds = 30;

const keyOf = (secret: string): Uint8Array => new TextEncoder().encode(secret);

const unauthorised = (message: string) => new DomainError('unauthorised', 'auth.invalid-token', message);

/**
 * Verifies an HS256 bearer token and returns the actor it names; any defect is a 401, never a 500. A token must say
 * when it was issued and when it ends, within the maximum lifetime, and may not name the system as its actor.
 */
export const verifyBearer = async (authorization: string | undefined, settings: AuthSettings): Promise<Actor> => {
  if (!authorization) throw new DomainError('unauthorised', 'auth.missing-token', 'A bearer token is required');
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (!match?.[1]) throw unauthorised('The Authorization header must be "Bearer <token>"');
  const maxLifetime = settings.maxLifetimeSeconds ?? defaultMaxTokenLifetimeSeconds;
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(match[1], keyOf(settings.secret), {
      issuer: settings.issuer,
      audience: settings.audience,
      algorithms: ['HS256'],
      requiredClaims: ['exp', 'iat'],
      // Also refuses an `iat` in the future, which would stretch the token's life past the maximum from now.
      maxTokenAge: maxLifetime,
      clockTolerance: clockToleranceSeconds,
    }));
  } catch (error) {
    throw unauthorised(`The token was refused: ${(error as Error).message}`);
  }
  const claims = Claims.safeParse(payload);
  if (!claims.success) {
    const named = claims.error.issues.map((issue) => `${issue.path.join('.')} (${issue.message})`).join(', ');
    throw unauthorised(`The token's claims are not acceptable: ${named}`);
  }
  const { sub, role, org, iat, exp } = claims.data;
  if (exp - iat > maxLifetime) {
    throw unauthorised(`The token claims a life of ${exp - iat} seconds (exp - iat), longer than the ${maxLifetime} allowed`);
  }
  return { id: sub, role, organisation: org };
};

/**
 * Signs a token for the actor, valid for `expiresIn` (jose's form: `8h`, `90m`, `-1m`). With a maximum lifetime in
 * the settings it refuses to sign a token the services would refuse.
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
    .sign(keyOf(settings.secret));
  const { iat = 0, exp = 0 } = decodeJwt(token);
  if (settings.maxLifetimeSeconds !== undefined && exp - iat > settings.maxLifetimeSeconds) {
    throw new Error(`A token valid for ${exp - iat} seconds would be refused: the maximum lifetime is ${settings.maxLifetimeSeconds} seconds`);
  }
  return token;
};

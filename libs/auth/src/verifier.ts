import { Actor, DomainError } from '@cls/domain';
import { createRemoteJWKSet, decodeProtectedHeader, errors, type JWTPayload, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import {
  type AuthSettings,
  defaultMaxTokenLifetimeSeconds,
  namedIssues,
  type OidcSettings,
  storableName,
  TokenRole,
  unauthorised,
  type VerifierSettings,
} from './auth';

/**
 * The issuer's discovery document or keys could not be had: not the caller's fault, so the services answer 503 and
 * the caller retries, rather than a 401 that would send a person to sign in again.
 */
export class IssuerUnavailableError extends Error {
  override readonly name = 'IssuerUnavailableError';
}

/** The issuer's and our clocks may differ by a few seconds; a token issued "now" there must not be in our future. */
const clockToleranceSeconds = 30;

/** The claims that make an actor from a development token: who (sub), in which role, for which organisation. */
const Hs256Claims = z.object({
  sub: storableName(Actor.shape.id),
  role: TokenRole,
  org: storableName(Actor.shape.organisation),
  iat: z.number().int(),
  exp: z.number().int(),
});

/** The claims of an issuer's token that every issuer names alike; roles and organisation are where it is configured. */
const OidcClaims = z.object({ sub: storableName(Actor.shape.id), iat: z.number().int(), exp: z.number().int() });
const Organisation = storableName(Actor.shape.organisation);

/** The part of an OpenID Provider's metadata the services use (OpenID Connect Discovery 1.0, section 3). */
const DiscoveryDocument = z.object({ issuer: z.string().min(1), jwks_uri: z.url() });

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A claim by its name, or by a dotted path when no claim has that name: Keycloak nests its own roles
 * (`realm_access.roles`), while other issuers name claims with URLs that contain dots.
 */
export const claimAt = (payload: JWTPayload, name: string): unknown => {
  // Own members only: a claim name such as `constructor` must not reach what every object inherits.
  const member = (value: unknown, key: string): unknown => (isRecord(value) && Object.hasOwn(value, key) ? value[key] : undefined);
  return Object.hasOwn(payload, name) ? payload[name] : name.split('.').reduce<unknown>(member, payload);
};

/**
 * The service role among the roles an issuer's token lists. An issuer lists roles of other applications too (Keycloak's
 * `offline_access`), which are passed over; a person acts in exactly one of the service's roles, and never as the
 * system.
 */
const serviceRoleOf = (claimed: unknown, claim: string): TokenRole => {
  // An issuer leaves out the claim of a person who has no role at all.
  const listed = z.union([z.string(), z.array(z.string())]).optional().safeParse(claimed);
  if (!listed.success) throw unauthorised(`The token's ${claim} claim must be a role name or a list of them`);
  const names = typeof listed.data === 'string' ? [listed.data] : (listed.data ?? []);
  if (names.includes('system')) throw unauthorised(`The token's ${claim} claim names the system role, which only the workflows act as`);
  const roles = [...new Set(names.filter((name) => TokenRole.safeParse(name).success))] as TokenRole[];
  if (roles.length === 0) throw unauthorised(`The token's ${claim} claim names none of the service's roles (${TokenRole.options.join(', ')})`);
  if (roles.length > 1) throw unauthorised(`The token's ${claim} claim names several of the service's roles (${roles.join(', ')}); a person acts in one`);
  const [role] = roles as [TokenRole];
  return role;
};

/** Fetches the issuer's discovery document once (again after a failure), and its keys through jose's cached JWKS. */
class OidcIssuer {
  private keys: Promise<JWTVerifyGetKey> | undefined;

  constructor(readonly settings: OidcSettings) {}

  /** The key set, discovering the JWKS on first use: the services start, and stay up, while the issuer is away. */
  keySet(): Promise<JWTVerifyGetKey> {
    this.keys ??= this.discover().catch((error: unknown) => {
      this.keys = undefined;
      throw error;
    });
    return this.keys;
  }

  private async discover(): Promise<JWTVerifyGetKey> {
    // OpenID Connect Discovery 1.0, section 4: the issuer without its trailing slash, then the well-known path.
    const url = `${this.settings.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    let body: unknown;
    try {
      const response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(this.settings.timeoutMs) });
      if (!response.ok) throw new Error(`it answered ${response.status}`);
      body = await response.json();
    } catch (error) {
      throw new IssuerUnavailableError(`The issuer's discovery document ${url} could not be read: ${(error as Error).message}`);
    }
    const document = DiscoveryDocument.safeParse(body);
    if (!document.success) throw new IssuerUnavailableError(`The issuer's discovery document ${url} is not usable: ${namedIssues(document.error)}`);
    // Section 4.3: a document that names another issuer must not be used, or its keys would vouch for that one.
    if (document.data.issuer !== this.settings.issuer) {
      throw new IssuerUnavailableError(`The discovery document ${url} names the issuer ${document.data.issuer}, not ${this.settings.issuer}`);
    }
    return createRemoteJWKSet(new URL(document.data.jwks_uri), { timeoutDuration: this.settings.timeoutMs });
  }
}

/**
 * Whether verifying against the issuer's keys failed for want of the keys, rather than for a fault of the token: a
 * timeout, a key set that is not one, jose's generic error (its JWKS fetch's only: an answer other than 200 or not
 * JSON), or the network's own errors, which are not jose's.
 */
const isKeyFetchFailure = (error: unknown): boolean =>
  error instanceof errors.JWKSTimeout ||
  error instanceof errors.JWKSInvalid ||
  !(error instanceof errors.JOSEError) ||
  error.code === errors.JOSEError.code;

/**
 * Verifies bearer tokens and returns the actor each names; a defect of the token is a 401, never a 500. A token must
 * say when it was issued and when it ends, within the maximum lifetime, and may not name the system as its actor.
 * Its header's algorithm says who must have signed it: the development key (HS256), if configured, or the issuer.
 */
export class TokenVerifier {
  private readonly issuer: OidcIssuer | undefined;

  constructor(private readonly settings: VerifierSettings) {
    this.issuer = settings.oidc ? new OidcIssuer(settings.oidc) : undefined;
  }

  async verify(authorization: string | undefined): Promise<Actor> {
    if (!authorization) throw new DomainError('unauthorised', 'auth.missing-token', 'A bearer token is required');
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match?.[1]) throw unauthorised('The Authorization header must be "Bearer <token>"');
    const token = match[1];
    let algorithm: string | undefined;
    try {
      algorithm = decodeProtectedHeader(token).alg;
    } catch (error) {
      throw unauthorised(`The token was refused: ${(error as Error).message}`);
    }
    if (algorithm === 'HS256' && this.settings.hs256) return this.verifyHs256(token, this.settings.hs256);
    if (this.issuer && algorithm !== undefined && this.issuer.settings.algorithms.includes(algorithm)) return this.verifyOidc(token, this.issuer);
    throw unauthorised(`The token was refused: tokens signed with ${algorithm ?? 'no algorithm'} are not accepted`);
  }

  private get maxLifetime(): number {
    return this.settings.maxLifetimeSeconds ?? defaultMaxTokenLifetimeSeconds;
  }

  private async verifyHs256(token: string, hs256: AuthSettings): Promise<Actor> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, new TextEncoder().encode(hs256.secret), {
        ...this.checks(),
        issuer: hs256.issuer,
        audience: hs256.audience,
        algorithms: ['HS256'],
      }));
    } catch (error) {
      throw unauthorised(`The token was refused: ${(error as Error).message}`);
    }
    const claims = Hs256Claims.safeParse(payload);
    if (!claims.success) throw unauthorised(`The token's claims are not acceptable: ${namedIssues(claims.error)}`);
    this.withinLifetime(claims.data);
    return { id: claims.data.sub, role: claims.data.role, organisation: claims.data.org };
  }

  private async verifyOidc(token: string, issuer: OidcIssuer): Promise<Actor> {
    const oidc = issuer.settings;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, await issuer.keySet(), {
        ...this.checks(),
        issuer: oidc.issuer,
        audience: oidc.audience,
        algorithms: [...oidc.algorithms],
      }));
    } catch (error) {
      if (error instanceof IssuerUnavailableError) throw error;
      if (isKeyFetchFailure(error)) throw new IssuerUnavailableError(`The issuer's keys could not be fetched: ${(error as Error).message}`);
      throw unauthorised(`The token was refused: ${(error as Error).message}`);
    }
    const claims = OidcClaims.safeParse(payload);
    if (!claims.success) throw unauthorised(`The token's claims are not acceptable: ${namedIssues(claims.error)}`);
    const role = serviceRoleOf(claimAt(payload, oidc.rolesClaim), oidc.rolesClaim);
    const organisation = Organisation.safeParse(claimAt(payload, oidc.organisationClaim));
    if (!organisation.success) {
      const problems = organisation.error.issues.map((issue) => issue.message).join(', ');
      throw unauthorised(`The token's ${oidc.organisationClaim} claim must name the organisation: ${problems}`);
    }
    this.withinLifetime(claims.data);
    return { id: claims.data.sub, role, organisation: organisation.data };
  }

  private checks() {
    return {
      requiredClaims: ['exp', 'iat'],
      // Also refuses an `iat` in the future, which would stretch the token's life past the maximum from now.
      maxTokenAge: this.maxLifetime,
      clockTolerance: clockToleranceSeconds,
    };
  }

  private withinLifetime(claims: { iat: number; exp: number }): void {
    const { iat, exp } = claims;
    if (exp - iat > this.maxLifetime) {
      throw unauthorised(`The token claims a life of ${exp - iat} seconds (exp - iat), longer than the ${this.maxLifetime} allowed`);
    }
  }
}

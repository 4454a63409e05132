import { Actor, DomainError } from '@cls/domain';
import { jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';

export interface AuthSettings {
  secret: string;
  issuer: string;
  audience: string;
}

/** The claims that make an actor: who (sub), in which role, for which organisation. */
const Claims = z.object({
  sub: z.string().min(1),
  role: Actor.shape.role,
  org: z.string().min(1),
  name: z.string().optional(),
});

const keyOf = (secret: string): Uint8Array => new TextEncoder().encode(secret);

const unauthorised = (message: string) => new DomainError('unauthorised', 'auth.invalid-token', message);

/** Verifies an HS256 bearer token and returns the actor it names; any defect is a 401, never a 500. */
export const verifyBearer = async (authorization: string | undefined, settings: AuthSettings): Promise<Actor> => {
  if (!authorization) throw new DomainError('unauthorised', 'auth.missing-token', 'A bearer token is required');
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (!match?.[1]) throw unauthorised('The Authorization header must be "Bearer <token>"');
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(match[1], keyOf(settings.secret), {
      issuer: settings.issuer,
      audience: settings.audience,
      algorithms: ['HS256'],
    }));
  } catch (error) {
    throw unauthorised(`The token was refused: ${(error as Error).message}`);
  }
  const claims = Claims.safeParse(payload);
  if (!claims.success) throw unauthorised('The token lacks a valid sub, role or org claim');
  return { id: claims.data.sub, role: claims.data.role, organisation: claims.data.org };
};

export const mintToken = async (
  actor: Actor,
  settings: AuthSettings,
  options: { expiresIn?: string; name?: string } = {},
): Promise<string> =>
  new SignJWT({ role: actor.role, org: actor.organisation, ...(options.name ? { name: options.name } : {}) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(actor.id)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '8h')
    .sign(keyOf(settings.secret));

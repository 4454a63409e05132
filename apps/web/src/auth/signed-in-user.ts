import { Role } from '@cls/domain';
import { z } from 'zod';

/** The roles a person can hold: the workflows' own `system` role is nobody's. */
export const PersonRole = Role.exclude(['system']);
export type PersonRole = z.infer<typeof PersonRole>;

/** Who is signed in, as the issuer's ID token names them: what the console shows and which pages it offers. */
export interface SignedInUser {
  id: string;
  name: string;
  role: PersonRole;
  organisation: string;
}

/** Why a person the issuer signed in cannot use the console: they hold none, or several, of the service's roles. */
export class NoServiceRole extends Error {}

const Claims = z.object({
  sub: z.string().min(1),
  name: z.string().optional(),
  preferred_username: z.string().optional(),
  roles: z.union([z.string(), z.array(z.string())]).optional(),
  org: z.string().optional(),
});

/**
 * The person the ID token describes, in the same terms as the API reads the access token (libs/auth): one of the
 * service's roles among those the issuer lists, and an organisation. The API decides every request again from the
 * access token; this only chooses what to offer.
 */
export const userFromClaims = (claims: unknown): SignedInUser => {
  const parsed = Claims.parse(claims);
  const listed = typeof parsed.roles === 'string' ? [parsed.roles] : (parsed.roles ?? []);
  const roles = [...new Set(listed.filter((name) => PersonRole.safeParse(name).success))] as PersonRole[];
  const [role] = roles;
  if (roles.length !== 1 || role === undefined || listed.includes('system')) {
    throw new NoServiceRole(roles.length === 0 ? 'You have none of the service’s roles.' : `You hold several of the service’s roles (${roles.join(', ')}); a person acts in one.`);
  }
  if (!parsed.org) throw new NoServiceRole('Your account names no organisation.');
  return { id: parsed.sub, name: parsed.name ?? parsed.preferred_username ?? parsed.sub, role, organisation: parsed.org };
};

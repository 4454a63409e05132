import { AuthEnv, loadConfig } from '@cls/config';
import { Actor } from '@cls/domain';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { hs256SettingsOf, mintToken, TokenRole } from './auth';

/** The actor a token names, with the roles a token may carry: `--role system` is refused here, as the services would. */
const TokenActor = Actor.extend({ role: TokenRole });

const TokenResponse = z.object({ access_token: z.string().min(1) });

/**
 * A token the issuer signs for one of its users, by the direct grant its test client allows: what a person signed in
 * through the console would hold, for curl.
 */
const issuerToken = async (issuer: string, values: { user: string; password: string; client: string }): Promise<string> => {
  const response = await fetch(`${issuer.replace(/\/$/, '')}/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', client_id: values.client, username: values.user, password: values.password }),
  });
  const body: unknown = await response.json().catch(() => undefined);
  const token = TokenResponse.safeParse(body);
  if (!response.ok || !token.success) throw new Error(`${issuer} refused to sign ${values.user} in (${response.status}): ${JSON.stringify(body)}`);
  return token.data.access_token;
};

/**
 * Development tokens, either signed with JWT_SECRET for any actor:
 *   `npm run token -- --role commissioner --org gloucestershire-cc --sub alice`
 * or signed by the issuer (AUTH_OIDC_ISSUER, the development Keycloak) for one of its users:
 *   `npm run token -- --user somerset-commissioner` (`--password`, by default the realm file's development one).
 * Uses the same JWT_SECRET/ISSUER/AUDIENCE and AUTH_MAX_TOKEN_LIFETIME as the API, read from the environment.
 */
const main = async (): Promise<void> => {
  const { values } = parseArgs({
    options: {
      sub: { type: 'string', default: 'dev-user' },
      role: { type: 'string', default: 'commissioner' },
      org: { type: 'string', default: 'dev-council' },
      expires: { type: 'string', default: '8h' },
      user: { type: 'string' },
      password: { type: 'string', default: 'cls-dev-password' },
      client: { type: 'string', default: 'cls-tests' },
    },
  });
  const config = loadConfig(AuthEnv);
  if (values.user !== undefined) {
    if (config.AUTH_OIDC_ISSUER === undefined) throw new Error('AUTH_OIDC_ISSUER is not set: --user signs in at the issuer');
    process.stdout.write(`${await issuerToken(config.AUTH_OIDC_ISSUER, { user: values.user, password: values.password, client: values.client })}\n`);
    return;
  }
  const settings = hs256SettingsOf(config);
  if (!settings) throw new Error("JWT_SECRET is not set: development tokens are signed with it (an issuer's come with --user)");
  const actor = TokenActor.parse({ id: values.sub, role: values.role, organisation: values.org });
  process.stdout.write(`${await mintToken(actor, settings, { expiresIn: values.expires })}\n`);
};

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});

import { AuthEnv, loadConfig } from '@cls/config';
import { Actor } from '@cls/domain';
import { parseArgs } from 'node:util';
import { hs256SettingsOf, mintToken, TokenRole } from './auth';

/** The actor a token names, with the roles a token may carry: `--role system` is refused here, as the services would. */
const TokenActor = Actor.extend({ role: TokenRole });

/**
 * Development tokens: `npm run token -- --role commissioner --org gloucestershire-cc --sub alice`.
 * Uses the same JWT_SECRET/ISSUER/AUDIENCE and AUTH_MAX_TOKEN_LIFETIME as the API, read from the environment.
 */
const main = async (): Promise<void> => {
  const { values } = parseArgs({
    options: {
      sub: { type: 'string', default: 'dev-user' },
      role: { type: 'string', default: 'commissioner' },
      org: { type: 'string', default: 'dev-council' },
      expires: { type: 'string', default: '8h' },
    },
  });
  const settings = hs256SettingsOf(loadConfig(AuthEnv));
  if (!settings) throw new Error('JWT_SECRET is not set: development tokens are signed with it (an issuer\'s tokens come from the issuer)');
  const actor = TokenActor.parse({ id: values.sub, role: values.role, organisation: values.org });
  process.stdout.write(`${await mintToken(actor, settings, { expiresIn: values.expires })}\n`);
};

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});

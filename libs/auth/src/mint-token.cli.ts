import { Actor } from '@cls/domain';
import { AuthEnv, loadConfig } from '@cls/config';
import { parseArgs } from 'node:util';
import { mintToken } from './auth';

/**
 * Development tokens: `npm run token -- --role commissioner --org gloucestershire-cc --sub alice`.
 * Uses the same JWT_SECRET/ISSUER/AUDIENCE as the API, read from the environment.
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
  const config = loadConfig(AuthEnv);
  const actor = Actor.parse({ id: values.sub, role: values.role, organisation: values.org });
  const token = await mintToken(
    actor,
    { secret: config.JWT_SECRET, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE },
    { expiresIn: values.expires },
  );
  process.stdout.write(`${token}\n`);
};

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});

import { loadConfig } from '@cls/config';
import pino from 'pino';
import { RelayConfig } from './config';
import { runRelay } from './run-relay';

const config = loadConfig(RelayConfig);
const logger = pino({ name: 'relay', level: config.LOG_LEVEL });

const shutdown = new AbortController();
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    logger.info({ signal }, 'Stopping after the batch in flight');
    shutdown.abort();
  });
}

runRelay(config, { logger, signal: shutdown.signal }).then(
  () => logger.info('Relay stopped'),
  (error: unknown) => {
    logger.fatal({ err: error }, 'Relay failed');
    process.exitCode = 1;
  },
);

import { loadConfig } from '@cls/config';
import { createPool } from '@cls/event-store';
import { createMetricsRegistry, serveMetrics, startTracing, urlOf } from '@cls/observability';
import pino from 'pino';
import { RelayConfig } from './config';
import { relayMetrics } from './relay-metrics';
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

const main = async (): Promise<void> => {
  // Each event stored with its command's trace context is sent in a span of that trace (see Relay).
  const tracing = startTracing({ serviceName: 'relay', otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
  // Its own single connection: a scrape must not wait behind the publisher's queries, nor end with its lock.
  const metricsPool = createPool({
    connectionString: config.DATABASE_URL,
    max: 1,
    applicationName: 'cls-relay-metrics',
    onIdleError: (error) => logger.warn({ err: error }, 'idle metrics database session ended'),
  });
  const registry = createMetricsRegistry('relay');
  const published = relayMetrics(registry, metricsPool, config.RELAY_NAME);
  const metricsServer = await serveMetrics(registry, config.METRICS_HOST, config.RELAY_METRICS_PORT);
  logger.info({ url: urlOf(metricsServer) }, 'Relay metrics served');
  try {
    await runRelay(config, { logger, signal: shutdown.signal, published });
  } finally {
    metricsServer.close();
    await metricsPool.end();
    await tracing.shutdown();
  }
};

main().then(
  () => logger.info('Relay stopped'),
  (error: unknown) => {
    logger.fatal({ err: error }, 'Relay failed');
    process.exitCode = 1;
  },
);

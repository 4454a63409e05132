import { kafkaSecurityOf } from '@cls/config';
import { createPool, eventStoreMigrations, migrate, PostgresEventStore } from '@cls/event-store';
import { createKafka, ensureTopic } from '@cls/kafka';
import { Partitioners, type Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { PostgresCheckpointStore, relayMigrations } from './checkpoint-store';
import { AuditCheckpointer } from './audit-checkpointer';
import type { RelayConfig } from './config';
import { EventsAppendedListener } from './events-appended-listener';
import { Relay } from './relay';
import type { PublishedCounter } from './relay-metrics';
import { acquireRelayLock, pause, type RelayLock } from './relay-lock';

export interface RunRelayOptions {
  logger: Logger;
  /** Aborting stops the relay gracefully: the batch in flight is sent and checkpointed, then everything closes. */
  signal: AbortSignal;
  /** The wait after a failed or lost session doubles from initialMs up to maxMs. */
  backoff?: { initialMs: number; maxMs: number };
  /** A client of the caller's instead of one from the config: tests cut its connections to stage a broker outage. */
  kafka?: Kafka;
  /** Counts the events published (relayMetrics). */
  published?: PublishedCounter;
}

const defaultBackoff = { initialMs: 1_000, maxMs: 30_000 };

/**
 * Runs the relay until the signal aborts, and only then resolves. Waits first for the lock, so a second instance is a
 * warm standby rather than a second publisher. A dependency outage never ends it: losing the lock (its session ended:
 * a database restart, an administrator) stops publishing at once, since another relay may take over, and the relay
 * then goes back to acquiring the lock, with backoff, and resumes from the saved checkpoint. A session that fails to
 * start (the database or the broker unreachable) is retried the same way. The backoff starts again from its first
 * step once a session has held the lock for as long as the longest wait.
 */
export const runRelay = async (config: RelayConfig, { logger, signal, backoff = defaultBackoff, kafka, published }: RunRelayOptions): Promise<void> => {
  let migrated = false;
  let failures = 0;
  while (!signal.aborted) {
    let heldSince: number | undefined;
    try {
      if (!migrated) {
        // The relay reads the events table, so it can start before any other service has created it.
        await migrate(config.DATABASE_URL, eventStoreMigrations);
        await migrate(config.DATABASE_URL, relayMigrations);
        migrated = true;
      }
      const lock = await acquireRelayLock(config.DATABASE_URL, config.RELAY_NAME, { logger, signal });
      if (!lock) return;
      heldSince = Date.now();
      const lost = await publishWhileHolding(config, lock, { logger, signal, ...(kafka ? { kafka } : {}), ...(published ? { published } : {}) });
      if (!lost) return;
      logger.warn({ err: lost }, 'Lost the relay lock; acquiring it again before publishing more');
    } catch (error) {
      logger.error({ err: error }, 'The relay could not run');
    }
    if (heldSince !== undefined && Date.now() - heldSince >= backoff.maxMs) failures = 0;
    failures += 1;
    const retryInMs = Math.min(backoff.initialMs * 2 ** (failures - 1), backoff.maxMs);
    logger.info({ failures, retryInMs }, 'Trying the relay again after a pause');
    await pause(retryInMs, signal);
  }
};

/**
 * Publishes while the lock is held. Resolves with the error that ended the lock's session if it was lost, or with
 * undefined once the signal aborted; rejects if the session could not start.
 */
const publishWhileHolding = async (
  config: RelayConfig,
  lock: RelayLock,
  { logger, signal, kafka: given, published }: Pick<RunRelayOptions, 'logger' | 'signal' | 'kafka' | 'published'>,
): Promise<Error | undefined> => {
  const closers: (() => Promise<void>)[] = [() => lock.release()];
  let lockLost: Error | undefined;
  try {
    const pool = createPool({
      connectionString: config.DATABASE_URL,
      max: config.DATABASE_POOL_MAX,
      applicationName: 'cls-relay',
      onIdleError: (error) => logger.warn({ err: error }, 'idle database session ended'),
    });
    closers.push(() => pool.end());

    const kafka = given ?? createKafka({ clientId: config.KAFKA_CLIENT_ID, brokers: config.KAFKA_BROKERS, logger, ...kafkaSecurityOf(config) });
    const admin = kafka.admin();
    await admin.connect();
    try {
      await ensureTopic(admin, {
        topic: config.KAFKA_TOPIC_CONTRACT_EVENTS,
        partitions: config.KAFKA_TOPIC_PARTITIONS,
        replicationFactor: config.KAFKA_TOPIC_REPLICATION_FACTOR,
        minInsyncReplicas: config.KAFKA_TOPIC_MIN_INSYNC_REPLICAS,
      });
    } finally {
      await admin.disconnect();
    }

    const producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
      // Bounded, unlike kafkajs' idempotent default of retrying forever: the relay's loop retries from its
      // checkpoint with its own backoff, and a shutdown during a broker outage must not wait without end.
      retry: { retries: 5 },
    });
    await producer.connect();
    closers.push(() => producer.disconnect());

    const relay = new Relay(
      {
        store: new PostgresEventStore(pool),
        producer,
        checkpoints: new PostgresCheckpointStore(pool, config.RELAY_NAME),
        logger,
        ...(published ? { published } : {}),
      },
      { topic: config.KAFKA_TOPIC_CONTRACT_EVENTS, batchSize: config.RELAY_BATCH_SIZE, pollIntervalMs: config.RELAY_POLL_MS },
    );

    const listener = new EventsAppendedListener(config.DATABASE_URL, () => relay.wake(), logger);
    await listener.start();
    closers.push(() => listener.close());

    const checkpointer = new AuditCheckpointer(pool, config.AUDIT_CHECKPOINT_INTERVAL_MS, logger);
    checkpointer.start();
    closers.push(() => checkpointer.stop());

    lock.onLost((error) => {
      lockLost = error;
      logger.error({ err: error }, 'Lost the relay lock; stopping publication so that only one relay publishes');
      relay.stop();
    });
    const stop = () => relay.stop();
    if (signal.aborted) stop();
    signal.addEventListener('abort', stop, { once: true });
    logger.info({ relay: config.RELAY_NAME, topic: config.KAFKA_TOPIC_CONTRACT_EVENTS }, 'Relay publishing');
    try {
      await relay.run();
    } finally {
      signal.removeEventListener('abort', stop);
    }
  } finally {
    for (const close of closers.reverse()) {
      await close().catch((error: unknown) => logger.error({ err: error }, 'Failed to close a relay resource'));
    }
  }
  return lockLost;
};

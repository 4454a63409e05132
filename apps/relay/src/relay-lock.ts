import { Client } from 'pg';
import type { Logger } from 'pino';

export interface RelayLock {
  /** The lock lives as long as its session: if the session ends, another relay may already be publishing. */
  onLost(listener: (error: Error) => void): void;
  release(): Promise<void>;
}

export interface AcquireOptions {
  logger: Logger;
  signal: AbortSignal;
  retryMs?: number;
}

/** Resolves after ms, or at once when the signal aborts. */
export const pause = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const end = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', end);
      resolve();
    };
    const timer = setTimeout(end, ms);
    signal.addEventListener('abort', end, { once: true });
  });

const held = (client: Client): RelayLock => {
  const listeners: ((error: Error) => void)[] = [];
  let lost: Error | undefined;
  let releasing = false;
  const lose = (cause: Error) => {
    if (releasing || lost) return;
    const error = new Error('Lost the relay lock: its session ended', { cause });
    lost = error;
    for (const listener of listeners) listener(error);
  };
  client.on('error', lose);
  client.on('end', () => lose(new Error('The connection ended')));
  return {
    onLost: (listener) => {
      if (lost) listener(lost);
      else listeners.push(listener);
    },
    release: async () => {
      releasing = true;
      // Ending the session releases a session-level advisory lock.
      await client.end();
    },
  };
};

/**
 * Waits until this process is the only relay of that name, by a session-level advisory lock on a connection of
 * its own. pg_try_advisory_lock in a loop rather than a blocking pg_advisory_lock, so waiting can be abandoned on
 * shutdown and is visible in the log. Answers undefined if the signal aborts first.
 */
export const acquireRelayLock = async (
  databaseUrl: string,
  relayName: string,
  { logger, signal, retryMs = 1000 }: AcquireOptions,
): Promise<RelayLock | undefined> => {
  const client = new Client({ connectionString: databaseUrl, application_name: `cls-relay-lock:${relayName}`, keepAlive: true });
  const failedWhileWaiting = (error: Error) => logger.warn({ err: error }, 'The relay lock connection failed');
  client.on('error', failedWhileWaiting);
  try {
    await client.connect();
    let announced = false;
    while (!signal.aborted) {
      const { rows } = await client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked',
        [`cls-relay:${relayName}`],
      );
      if (rows[0]?.locked) {
        client.off('error', failedWhileWaiting);
        logger.info({ relay: relayName }, 'Holding the relay lock');
        return held(client);
      }
      if (!announced) logger.info({ relay: relayName }, 'Another relay holds the lock; waiting for it');
      announced = true;
      await pause(retryMs, signal);
    }
  } catch (error) {
    await client.end();
    throw error;
  }
  await client.end();
  return undefined;
};

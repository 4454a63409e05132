import { Pool, type PoolConfig } from 'pg';

export interface PoolOptions {
  connectionString: string;
  max: number;
  /** Shows in pg_stat_activity, so an operator can tell the processes' sessions apart. */
  applicationName: string;
  /**
   * A session the server ended (restart, failover, an administrator) while idle in the pool, or while checked out
   * between two queries: logged, never a crash.
   */
  onIdleError: (error: Error) => void;
  connectionTimeoutMillis?: number;
  /** The pool serves requests: its sessions take interactiveSessionOptions. */
  interactive?: boolean;
}

/**
 * Settings of sessions whose every query answers one request in milliseconds: no parallel workers. Starting one
 * costs about as much as such a query (5 ms here), and on a small machine the workers take the cores that other
 * requests need.
 */
export const interactiveSessionOptions = '-c max_parallel_workers_per_gather=0';

/**
 * Every process's pool. A pool without an 'error' listener turns the termination of one idle session into an
 * uncaught exception that ends the process; with it, the pool drops that client and opens another when needed.
 */
export const createPool = ({ connectionString, max, applicationName, onIdleError, connectionTimeoutMillis, interactive }: PoolOptions): Pool => {
  const config: PoolConfig = {
    connectionString,
    max,
    application_name: applicationName,
    // Without a bound a request waits for ever on a database that does not answer.
    connectionTimeoutMillis: connectionTimeoutMillis ?? 5_000,
    ...(interactive ? { options: interactiveSessionOptions } : {}),
  };
  const pool = new Pool(config);
  pool.on('error', onIdleError);
  // The pool listens to a client only while it is idle. One checked out whose session ends between queries would
  // emit an unhandled 'error' and end the process; listened to, its next query fails instead, and the pool discards
  // it on release.
  pool.on('acquire', (client) => client.on('error', onIdleError));
  pool.on('release', (_error, client) => client.off('error', onIdleError));
  return pool;
};

import { Pool, type PoolConfig } from 'pg';

export interface PoolOptions {
  connectionString: string;
  max: number;
  /** Shows in pg_stat_activity, so an operator can tell the processes' sessions apart. */
  applicationName: string;
  /** An idle session the server ended (restart, failover, an administrator): logged, never a crash. */
  onIdleError: (error: Error) => void;
  connectionTimeoutMillis?: number;
}

/**
 * Every process's pool. A pool without an 'error' listener turns the termination of one idle session into an
 * uncaught exception that ends the process; with it, the pool drops that client and opens another when needed.
 */
export const createPool = ({ connectionString, max, applicationName, onIdleError, connectionTimeoutMillis }: PoolOptions): Pool => {
  const config: PoolConfig = {
    connectionString,
    max,
    application_name: applicationName,
    // Without a bound a request waits for ever on a database that does not answer.
    connectionTimeoutMillis: connectionTimeoutMillis ?? 5_000,
  };
  const pool = new Pool(config);
  pool.on('error', onIdleError);
  return pool;
};

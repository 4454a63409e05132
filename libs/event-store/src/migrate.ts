import { runner } from 'node-pg-migrate';
import path from 'node:path';
import { Client, Pool } from 'pg';
import { fillStoredForms, sealUnhashedEvents } from './seal';

export interface MigrationSet {
  /** A folder of `<timestamp>_<name>.sql` files with `-- Up Migration` / `-- Down Migration` sections. */
  dir: string;
  /** Each owner of a schema keeps its own ledger, so the event store and read models migrate independently. */
  table: string;
  /** Work that SQL cannot do, run after the migrations on every start (so it must be idempotent). */
  afterwards?: (pool: Pool, log: (message: string) => void) => Promise<void>;
}

/** The event store's schema, as ordered SQL migrations under libs/event-store/migrations. */
export const eventStoreMigrations: MigrationSet = {
  dir: path.join(__dirname, '..', 'migrations'),
  table: 'schema_migrations',
  // Events stored before the hash chain existed get their hashes once, and events stored before their forms were,
  // their forms: both in JCS (and SHA-256), which SQL lacks.
  afterwards: async (pool, log) => {
    const sealed = await sealUnhashedEvents(pool);
    if (sealed > 0) log(`sealed the hash chains of ${sealed} streams`);
    const filled = await fillStoredForms(pool);
    if (filled > 0) log(`gave ${filled} events their stored forms`);
  },
};

export const migrate = async (
  databaseUrl: string,
  set: MigrationSet = eventStoreMigrations,
  log: (message: string) => void = () => undefined,
): Promise<void> => {
  // node-pg-migrate's own lock (one per database, whatever the set) only tries once and fails ("Another migration is
  // already running") when several processes start together (worker, relay, reporting, api); a session lock of our
  // own, also one per database, makes them wait their turn.
  const session = new Client({ connectionString: databaseUrl, application_name: 'cls-migrate-lock' });
  await session.connect();
  try {
    await session.query("SELECT pg_advisory_lock(hashtext('cls-migrate'))");
    await runner({
      databaseUrl,
      dir: set.dir,
      direction: 'up',
      migrationsTable: set.table,
      count: Infinity,
      noLock: false,
      log,
      verbose: false,
    });
    if (set.afterwards) await runAfterwards(databaseUrl, set.afterwards, log);
  } finally {
    await session.end();
  }
};

const runAfterwards = async (
  databaseUrl: string,
  afterwards: NonNullable<MigrationSet['afterwards']>,
  log: (message: string) => void,
): Promise<void> => {
  const pool = new Pool({ connectionString: databaseUrl, max: 2, application_name: 'cls-migrate' });
  // A session ended by the server while idle must not crash the migrating process.
  pool.on('error', (error) => log(`idle migration session ended: ${error.message}`));
  try {
    await afterwards(pool, log);
  } finally {
    await pool.end();
  }
};

import { runner } from 'node-pg-migrate';
import path from 'node:path';

/** The event store's schema, as ordered SQL migrations under libs/event-store/migrations. */
export const eventStoreMigrations = { dir: path.join(__dirname, '..', 'migrations'), table: 'schema_migrations' };

export interface MigrationSet {
  /** A folder of `<timestamp>_<name>.sql` files with `-- Up Migration` / `-- Down Migration` sections. */
  dir: string;
  /** Each owner of a schema keeps its own ledger, so the event store and read models migrate independently. */
  table: string;
}

export const migrate = async (
  databaseUrl: string,
  set: MigrationSet = eventStoreMigrations,
  log: (message: string) => void = () => undefined,
): Promise<void> => {
  await runner({
    databaseUrl,
    dir: set.dir,
    direction: 'up',
    migrationsTable: set.table,
    count: Infinity,
    // Several processes start together (worker, relay, reporting): the advisory lock makes them take turns.
    noLock: false,
    log,
    verbose: false,
  });
};

import type { MigrationSet } from '@cls/event-store';
import path from 'node:path';

/** The reporting schema's migrations, with a ledger of their own so read models migrate apart from the store. */
export const reportingMigrations: MigrationSet = {
  dir: path.join(__dirname, '..', '..', 'migrations'),
  table: 'reporting_migrations',
};

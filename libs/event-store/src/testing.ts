import type { PendingEvent } from '@cls/domain';
import { randomUUID } from 'node:crypto';
import { Client, type Pool } from 'pg';
import { createCheckpoint } from './checkpoints';
import { migrate } from './migrate';
import { createPool } from './pool';

/** The throwaway cluster that `npm run infra:up` starts; tests create a database of their own in it. */
export const testAdminUrl = (): string => process.env['DATABASE_URL'] ?? 'postgres://cls@127.0.0.1:55432/cls';

export interface TestDatabase {
  url: string;
  pool: Pool;
  drop: () => Promise<void>;
}

const withAdmin = async (work: (client: Client) => Promise<void>): Promise<void> => {
  const admin = new Client({ connectionString: testAdminUrl() });
  await admin.connect();
  try {
    await work(admin);
  } finally {
    await admin.end();
  }
};

/** A fresh, migrated database per suite, so suites never see each other's events and can run in parallel. */
export const createTestDatabase = async (): Promise<TestDatabase> => {
  const name = `cls_test_${randomUUID().replaceAll('-', '')}`;
  await withAdmin(async (admin) => {
    await admin.query(`CREATE DATABASE ${name}`);
  });
  const url = new URL(testAdminUrl());
  url.pathname = `/${name}`;
  await migrate(url.toString());
  // Dropping a suite's database ends its sessions; an idle one's termination must not fail an unrelated test.
  const pool = createPool({ connectionString: url.toString(), max: 10, applicationName: 'cls-test', onIdleError: () => undefined });
  return {
    url: url.toString(),
    pool,
    drop: async () => {
      await pool.end();
      await withAdmin(async (admin) => {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      });
    },
  };
};

/** An event ready to append, with fresh ids: the envelope every store and relay test needs, filled plausibly. */
export const pendingEvent = (type: string, data: Record<string, unknown> = {}): PendingEvent => ({
  eventId: randomUUID(),
  type,
  schemaVersion: 1,
  data,
  metadata: {
    actor: { id: 'u-1', role: 'commissioner', organisation: 'org-1' },
    correlationId: `corr-${randomUUID()}`,
    causationId: `cmd-${randomUUID()}`,
    occurredAt: '2026-11-22T10:00:00.000Z',
  },
});

/**
 * What an attacker with the database's superuser could do: switch the immutability trigger off, run the
 * statements in one transaction, and switch it on again. Tamper tests use it to edit the record behind the store.
 */
export const asSuperuser = async (url: string, statements: readonly (readonly [string, unknown[]])[]): Promise<void> => {
  const admin = new Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query('BEGIN');
    await admin.query('ALTER TABLE events DISABLE TRIGGER events_no_update');
    for (const [statement, params] of statements) await admin.query(statement, params);
    await admin.query('ALTER TABLE events ENABLE TRIGGER events_no_update');
    await admin.query('COMMIT');
  } finally {
    await admin.end();
  }
};

/**
 * Waits until no transaction still running anywhere in the cluster could precede an event stored so far, the
 * horizon before which readCommitted (the relay) and checkpoints hold events back; other suites run beside the
 * caller's, each with transactions of its own.
 */
export const waitUntilSettled = async (pool: Pool): Promise<void> => {
  // Generous: on a loaded machine another suite's transaction can stay open for seconds.
  for (let attempt = 0; attempt < 1_200; attempt += 1) {
    const { rows } = await pool.query<{ settled: boolean | null }>(
      'SELECT bool_and(transaction_id < pg_snapshot_xmin(pg_current_snapshot())) AS settled FROM events',
    );
    if (rows[0]?.settled !== false) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('older transactions elsewhere never finished');
};

/** A checkpoint once every event stored so far is past the horizon (see waitUntilSettled), so it covers them all. */
export const settledCheckpoint = async (
  pool: Pool,
  ...rest: Parameters<typeof createCheckpoint> extends [unknown, ...infer Rest] ? Rest : never
): ReturnType<typeof createCheckpoint> => {
  await waitUntilSettled(pool);
  return createCheckpoint(pool, ...rest);
};

import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { runner } from 'node-pg-migrate';
import { tmpdir } from 'node:os';
import path from 'node:path';
import canonicalize from 'canonicalize';
import { storedFormsGuarded } from './chain-walk';
import { eventStoreMigrations, migrate, type MigrationSet } from './migrate';
import { PostgresEventStore } from './event-store';
import { fillStoredForms } from './seal';
import { verifyProcess } from './verify';
import { createTestDatabase, pendingEvent, type TestDatabase } from './testing';

describe('migrate', () => {
  let db: TestDatabase;
  let readModel: MigrationSet;

  beforeAll(async () => {
    db = await createTestDatabase();
    // A second owner with its own ledger, as the reporting app has: node-pg-migrate locks per database, not per set.
    const dir = await mkdtemp(path.join(tmpdir(), 'cls-migrations-'));
    await writeFile(path.join(dir, '1700000000000_read_model.sql'), '-- Up Migration\nCREATE TABLE read_model (id int);\n-- Down Migration\nDROP TABLE read_model;\n');
    readModel = { dir, table: 'read_model_migrations' };
  });

  afterAll(async () => {
    await db?.drop();
    if (readModel) await rm(readModel.dir, { recursive: true, force: true });
  });

  it('lets processes that start together migrate one after another, whichever sets they own, instead of failing on the lock', async () => {
    const runs = Array.from({ length: 6 }, (_, index) => migrate(db.url, index % 2 === 0 ? eventStoreMigrations : readModel));
    await expect(Promise.all(runs)).resolves.toHaveLength(6);
    const { rows } = await db.pool.query<{ count: string }>('SELECT count(*) FROM read_model_migrations');
    expect(Number(rows[0]?.count)).toBe(1);
  });
});

describe('the migrations of stored events (real PostgreSQL)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  const rerun = (direction: 'up' | 'down', count: number) =>
    runner({ databaseUrl: db.url, dir: eventStoreMigrations.dir, migrationsTable: eventStoreMigrations.table, direction, count, log: () => undefined });

  /** An event inserted as a store of an earlier schema did, with data and metadata alone (sealed by migrate). */
  const storedAsBefore = async (streamId: string, data: string, version = 1) => {
    await db.pool.query(
      `INSERT INTO events (event_id, stream_id, stream_version, event_type, schema_version, data, metadata, occurred_at)
       VALUES ($1, $2, $3, 'CommissionOpened', 1, $4::jsonb, '{"actor": {"id": "u-1"}, "reason": "as before"}', now())`,
      [randomUUID(), streamId, version, data],
    );
    await db.pool.query(
      'INSERT INTO event_streams (stream_id, version) VALUES ($1, $2) ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version',
      [streamId, version],
    );
  };

  const owners = async (): Promise<Record<string, string>> => {
    const { rows } = await db.pool.query<{ process_id: string; organisation: string }>('SELECT process_id::text, organisation FROM process_owners');
    return Object.fromEntries(rows.map((row) => [row.process_id, row.organisation]));
  };

  it('records each process\'s owner as its first CommissionOpened is appended, from events already stored when it runs, and never changes one', async () => {
    const store = new PostgresEventStore(db.pool);
    const [before, after] = [randomUUID(), randomUUID()];
    await store.append(`contract-${before}`, 0, [pendingEvent('CommissionOpened', { organisation: 'somerset' }), pendingEvent('RouteDecided')]);
    await store.append(`contract-${before}`, 2, [pendingEvent('CommissionOpened', { organisation: 'wiltshire' })]);
    expect(await owners()).toEqual({ [before]: 'somerset' });

    // Back to before process owners (and the stored forms after them), where an event is stored as it was then.
    await rerun('down', 2);
    await storedAsBefore(`contract-${after}`, JSON.stringify({ organisation: 'dorset' }));
    await rerun('up', 2);
    expect(await owners()).toEqual({ [before]: 'somerset', [after]: 'dorset' });

    await expect(db.pool.query(`UPDATE process_owners SET organisation = 'elsewhere'`)).rejects.toThrow(/immutable/);
    await expect(db.pool.query('TRUNCATE process_owners')).rejects.toThrow(/immutable/);
  });

  it('gives events stored before their forms existed the forms an append gives, each one only once, and verifies them', async () => {
    const store = new PostgresEventStore(db.pool);
    const processId = randomUUID();
    const stream = `contract-${processId}`;
    await store.append(stream, 0, [pendingEvent('CommissionOpened', { organisation: 'devon', names: { b: 1, a: 'é' } })]);
    await rerun('down', 1);
    // 1.50 is stored as 1.50, and its form says 1.5, the same value; 2^53 + 1 has no form that is its value.
    await storedAsBefore(stream, '{"ratio": 1.50, "z": [true, null], "a": "\\u00e9"}', 2);
    await storedAsBefore(stream, '{"count": 9007199254740993}', 3);
    await migrate(db.url);

    const { rows } = await db.pool.query<{ stream_version: number; data: unknown; metadata: unknown; data_form: string | null; metadata_form: string | null }>(
      'SELECT stream_version, data, metadata, data_form, metadata_form FROM events WHERE stream_id = $1 ORDER BY stream_version',
      [stream],
    );
    expect(rows.map((row) => [row.data_form, row.metadata_form])).toEqual([
      [canonicalize(rows[0]?.data), canonicalize(rows[0]?.metadata)],
      ['{"a":"é","ratio":1.5,"z":[true,null]}', '{"actor":{"id":"u-1"},"reason":"as before"}'],
      [null, '{"actor":{"id":"u-1"},"reason":"as before"}'],
    ]);
    expect(await storedFormsGuarded(db.pool)).toBe(true);
    expect(await verifyProcess(db.pool, processId)).toMatchObject({ status: 'intact', events: 3, brokenEvents: 0 });
    expect(await fillStoredForms(db.pool)).toBe(0);

    // A form is given once: not changed, not taken away, and never one that is not its column's value.
    await expect(db.pool.query(`UPDATE events SET data_form = '{}' WHERE stream_id = $1 AND stream_version = 1`, [stream])).rejects.toThrow(/immutable/);
    await expect(db.pool.query('UPDATE events SET metadata_form = NULL WHERE stream_id = $1', [stream])).rejects.toThrow(/immutable/);
    await expect(db.pool.query(`UPDATE events SET data_form = '{"count": 1}' WHERE stream_id = $1 AND stream_version = 3`, [stream])).rejects.toThrow(
      /events_data_form_is_the_data/,
    );
    await store.append(stream, 3, [pendingEvent('RouteDecided', { route: 'tender' })]);
    expect(await verifyProcess(db.pool, processId)).toMatchObject({ status: 'intact', events: 4 });
  });
});

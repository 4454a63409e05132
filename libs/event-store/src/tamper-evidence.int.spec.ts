import canonicalize from 'canonicalize';
import { createHash, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { storedFormsGuarded } from './chain-walk';
import { latestCheckpoint } from './checkpoints';
import { PostgresEventStore } from './event-store';
import { genesisHash } from './hash-chain';
import { sealUnhashedEvents } from './seal';
import { asSuperuser as asSuperuserIn, createTestDatabase, pendingEvent, settledCheckpoint as checkpoint, type TestDatabase } from './testing';
import { verifyAll, verifyProcess } from './verify';

describe('tamper evidence (real PostgreSQL)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.pool);
  });
  afterAll(async () => {
    await db.drop();
  });

  const asSuperuser = (statement: string, params: unknown[]) => asSuperuserIn(db.url, [[statement, params]]);

  /** A process with a contract stream of `contractEvents` events and a tender stream of two. */
  const process = async (contractEvents = 3) => {
    const processId = randomUUID();
    const contract = await store.append(
      `contract-${processId}`,
      0,
      Array.from({ length: contractEvents }, (_, index) => pendingEvent(index === 0 ? 'CommissionOpened' : 'NeedsAssessmentRecorded', { revision: index })),
    );
    const tender = await store.append(`tender-${processId}.1`, 0, [pendingEvent('TenderPublished'), pendingEvent('BidSubmitted')]);
    return { processId, contract: contract.events, tender: tender.events };
  };

  it('hashes each event over its predecessor and its RFC 8785 canonical form, recomputable by anyone', async () => {
    const { processId } = await process(2);
    const { rows } = await db.pool.query<{
      event_id: string;
      stream_id: string;
      stream_version: number;
      position: string;
      event_type: string;
      schema_version: number;
      data: unknown;
      metadata: unknown;
      occurred: string;
      recorded: string;
      hash: Buffer;
    }>(
      `SELECT event_id::text, stream_id, stream_version, global_position::text AS position, event_type, schema_version, data,
              metadata, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred,
              to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS recorded, hash
       FROM events WHERE stream_id = $1 ORDER BY stream_version`,
      [`contract-${processId}`],
    );
    let previous = genesisHash;
    for (const row of rows) {
      const canonical = canonicalize({
        scheme: 'cls-event-sha256-jcs/1',
        eventId: row.event_id,
        streamId: row.stream_id,
        streamVersion: row.stream_version,
        globalPosition: row.position,
        type: row.event_type,
        schemaVersion: row.schema_version,
        data: row.data,
        metadata: row.metadata,
        occurredAt: row.occurred,
        recordedAt: row.recorded,
      });
      const expected = createHash('sha256').update(previous).update(canonical ?? '').digest();
      expect(row.hash.toString('hex')).toBe(expected.toString('hex'));
      previous = row.hash;
    }
    // One clock read per append: every event of it carries the same recorded_at.
    expect(new Set(rows.map((row) => row.recorded)).size).toBe(1);
  });

  it('answers intact with counts for a process whose streams are untouched, and after an idempotent retry', async () => {
    const processId = randomUUID();
    const events = [pendingEvent('CommissionOpened'), pendingEvent('NeedsAssessmentRecorded')];
    await store.append(`contract-${processId}`, 0, events);
    const retry = await store.append(`contract-${processId}`, 0, events);
    expect(retry.alreadyAppended).toBe(true);
    await store.append(`contract-${processId}`, 2, [pendingEvent('RouteDecided')]);
    await store.append(`tender-${processId}.1`, 0, [pendingEvent('TenderPublished')]);

    expect(await verifyProcess(db.pool, processId)).toMatchObject({ status: 'intact', streams: 2, events: 4, brokenEvents: 0 });
  });

  it('names exactly the event whose data was edited directly in PostgreSQL', async () => {
    const { processId, contract } = await process(3);
    const edited = contract[1]!;

    // A form is its column's value (a check constraint): the edit rewrites both.
    await asSuperuser(`UPDATE events SET data = jsonb_set(data, '{revision}', '99'), data_form = jsonb_set(data, '{revision}', '99')::text WHERE event_id = $1`, [
      edited.eventId,
    ]);

    const verified = await verifyProcess(db.pool, processId);
    expect(verified.status).toBe('broken');
    expect(verified.firstBroken).toEqual({
      streamId: `contract-${processId}`,
      streamVersion: 2,
      eventId: edited.eventId,
      globalPosition: edited.globalPosition,
      problem: 'hash-mismatch',
    });
    expect(verified.brokenEvents).toBe(1);
    expect((await verifyAll(db.pool)).firstBroken).toMatchObject({ eventId: edited.eventId });
  });

  it('refuses an edit of data that leaves its form, and names the event when the constraint is dropped to make one', async () => {
    const { processId, contract } = await process(3);
    const edited = contract[2]!;
    const edit = `UPDATE events SET data = jsonb_set(data, '{revision}', '7') WHERE event_id = $1`;
    await expect(asSuperuser(edit, [edited.eventId])).rejects.toThrow(/events_data_form_is_the_data/);
    expect(await storedFormsGuarded(db.pool)).toBe(true);

    // Dropping the constraint lets data part from its form; verification then hashes the data itself.
    const own = await createTestDatabase();
    try {
      const ownStore = new PostgresEventStore(own.pool);
      const ownProcess = randomUUID();
      const { events } = await ownStore.append(`contract-${ownProcess}`, 0, [pendingEvent('CommissionOpened'), pendingEvent('NeedsAssessmentRecorded', { revision: 1 })]);
      await asSuperuserIn(own.url, [
        ['ALTER TABLE events DROP CONSTRAINT events_data_form_is_the_data', []],
        [edit, [events[1]!.eventId]],
      ]);
      expect(await storedFormsGuarded(own.pool)).toBe(false);
      expect(await verifyProcess(own.pool, ownProcess)).toMatchObject({
        status: 'broken',
        brokenEvents: 1,
        firstBroken: { eventId: events[1]!.eventId, problem: 'hash-mismatch' },
      });
      expect((await verifyAll(own.pool)).firstBroken).toMatchObject({ eventId: events[1]!.eventId });
    } finally {
      await own.drop();
    }
    expect(await verifyProcess(db.pool, processId)).toMatchObject({ status: 'intact' });
  });

  it('names the first broken event when events in the middle of a chain were edited', async () => {
    const { processId, contract, tender } = await process(6);
    await asSuperuser(
      `UPDATE events SET metadata = jsonb_set(metadata, '{actor,id}', '"someone-else"'), metadata_form = NULL WHERE event_id = ANY($1::uuid[])`,
      [
      [contract[4]!.eventId, contract[2]!.eventId, tender[1]!.eventId],
    ]);

    const verified = await verifyProcess(db.pool, processId);
    expect(verified.firstBroken).toMatchObject({ eventId: contract[2]!.eventId, streamVersion: 3, problem: 'hash-mismatch' });
    expect(verified.brokenEvents).toBe(3);
  });

  it('catches an edit whose hashes were recomputed along the chain, through the checkpoint', async () => {
    const { processId, contract } = await process(3);
    await checkpoint(db.pool, 'on-demand', 'auditor-1');
    expect((await verifyProcess(db.pool, processId)).checkpoint).toMatchObject({ matches: true, streamsCovered: 2 });

    // A careful forger re-hashes the rest of the stream so the chain itself verifies.
    await asSuperuser(`UPDATE events SET data = '{"forged":true}', data_form = '{"forged":true}' WHERE event_id = $1`, [contract[1]!.eventId]);
    await asSuperuser(`UPDATE events SET hash = NULL WHERE stream_id = $1 AND stream_version >= 2`, [`contract-${processId}`]);
    await sealUnhashedEvents(db.pool);

    const verified = await verifyProcess(db.pool, processId);
    expect(verified.brokenEvents).toBe(0);
    expect(verified.status).toBe('broken');
    expect(verified.checkpoint).toMatchObject({
      matches: false,
      mismatch: { problem: 'head-hash-differs', streamId: `contract-${processId}`, streamVersion: 3 },
    });
  });

  it('catches the removal of a stream\'s last event through the checkpoint', async () => {
    const { processId, contract } = await process(2);
    await checkpoint(db.pool, 'on-demand');
    await asSuperuser('DELETE FROM events WHERE event_id = $1', [contract[1]!.eventId]);

    const verified = await verifyProcess(db.pool, processId);
    expect(verified.brokenEvents).toBe(0);
    expect(verified.checkpoint).toMatchObject({ matches: false, mismatch: { problem: 'head-event-missing', streamVersion: 2 } });
  });
});

describe('checkpoints (real PostgreSQL)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;

  beforeEach(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.pool);
  });
  afterEach(async () => {
    await db.drop();
  });

  it('covers all streams, chains each checkpoint to the last, and skips a periodic one with nothing new', async () => {
    const first = randomUUID();
    await store.append(`contract-${first}`, 0, [pendingEvent('CommissionOpened'), pendingEvent('NeedsAssessmentRecorded')]);
    const one = await checkpoint(db.pool, 'periodic');
    expect(one).toMatchObject({ checkpointId: '1', trigger: 'periodic', streams: 1, events: 2 });
    expect(await checkpoint(db.pool, 'periodic')).toBeUndefined();

    const second = randomUUID();
    await store.append(`contract-${second}`, 0, [pendingEvent('CommissionOpened')]);
    await store.append(`contract-${first}`, 2, [pendingEvent('RouteDecided')]);
    const two = await checkpoint(db.pool, 'on-demand', 'auditor-1');
    expect(two).toMatchObject({ checkpointId: '2', requestedBy: 'auditor-1', streams: 2, events: 4 });
    expect(await latestCheckpoint(db.pool)).toEqual(two);

    const verified = await verifyAll(db.pool);
    expect(verified).toMatchObject({ status: 'intact', streams: 2, events: 4, checkpoint: { checkpointId: '2', matches: true } });
  });

  it('covers up to the last position in number order, not in text order', async () => {
    const { events } = await store.append(`contract-${randomUUID()}`, 0, Array.from({ length: 11 }, () => pendingEvent('ReviewHeld')));
    expect(await checkpoint(db.pool, 'periodic')).toMatchObject({ coversPosition: events.at(-1)!.globalPosition, events: 11 });
    expect(events.at(-1)!.globalPosition).toBe('11');
  });

  it('answers that the checkpoint no longer matches when a recorded head was rewritten', async () => {
    const processId = randomUUID();
    await store.append(`contract-${processId}`, 0, [pendingEvent('CommissionOpened')]);
    await checkpoint(db.pool, 'periodic');
    const admin = new Client({ connectionString: db.url });
    await admin.connect();
    try {
      await admin.query('ALTER TABLE audit_checkpoint_heads DISABLE TRIGGER audit_checkpoint_heads_no_update');
      await admin.query(`UPDATE audit_checkpoint_heads SET hash = $1`, [Buffer.alloc(32, 1)]);
    } finally {
      await admin.end();
    }
    expect((await verifyAll(db.pool)).checkpoint).toMatchObject({
      matches: false,
      mismatch: { problem: 'checkpoint-digest-mismatch', checkpointId: '1' },
    });
  });

  it('refuses to change a checkpoint by ordinary means', async () => {
    await store.append(`contract-${randomUUID()}`, 0, [pendingEvent('CommissionOpened')]);
    await checkpoint(db.pool, 'periodic');
    await expect(db.pool.query('UPDATE audit_checkpoints SET events = 0')).rejects.toThrow(/immutable/);
    await expect(db.pool.query('DELETE FROM audit_checkpoint_heads')).rejects.toThrow(/immutable/);
  });
});

describe('process ids and sealing (real PostgreSQL)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.pool);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('derives the process id from every kind of stream and refuses a stream that names none', async () => {
    const processId = randomUUID();
    for (const stream of [`contract-${processId}`, `tender-${processId}.1`, `placement-${processId}.12`]) {
      await store.append(stream, 0, [pendingEvent('Something')]);
    }
    const { rows } = await db.pool.query<{ process_id: string }>(
      'SELECT DISTINCT process_id::text FROM events WHERE process_id = $1',
      [processId],
    );
    expect(rows).toEqual([{ process_id: processId }]);
    await expect(store.append('contract-not-a-uuid', 0, [pendingEvent('Something')])).rejects.toThrow(/events_stream_names_a_process/);
    await expect(store.append(`Contract-${processId}`, 0, [pendingEvent('Something')])).rejects.toThrow(/events_stream_names_a_process/);
  });

  it('seals events stored without a hash once, chains later appends onto them, and lets a hash be set only once', async () => {
    const processId = randomUUID();
    const stream = `contract-${processId}`;
    for (const version of [1, 2]) {
      await db.pool.query(
        `INSERT INTO events (event_id, stream_id, stream_version, event_type, schema_version, data, metadata, occurred_at)
         VALUES ($1, $2, $3, 'Legacy', 1, '{"n":1}', '{}', now())`,
        [randomUUID(), stream, version],
      );
    }
    await db.pool.query('INSERT INTO event_streams (stream_id, version) VALUES ($1, 2)', [stream]);
    expect(await verifyProcess(db.pool, processId)).toMatchObject({ status: 'broken', firstBroken: { problem: 'missing-hash' } });

    expect(await sealUnhashedEvents(db.pool)).toBe(1);
    await store.append(stream, 2, [pendingEvent('NeedsAssessmentRecorded')]);
    expect(await verifyProcess(db.pool, processId)).toMatchObject({ status: 'intact', events: 3 });
    expect(await sealUnhashedEvents(db.pool)).toBe(0);
    await expect(db.pool.query('UPDATE events SET hash = $1 WHERE stream_id = $2', [Buffer.alloc(32), stream])).rejects.toThrow(
      /immutable/,
    );
  });
});

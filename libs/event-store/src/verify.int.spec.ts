import canonicalize from 'canonicalize';
import { randomUUID } from 'node:crypto';
import { Client, type Pool } from 'pg';
import { canonicalFormsOf, processSelection } from './chain-walk';
import { canonicalJsonText } from './canonical-json';
import { PostgresEventStore } from './event-store';
import { canonicalForm, eventHash, genesisHash } from './hash-chain';
import { createPool } from './pool';
import { hashedColumns, hashedFieldsOf, sealUnhashedEvents, type HashedRow } from './seal';
import { asSuperuser as asSuperuserIn, createTestDatabase, pendingEvent, settledCheckpoint, type TestDatabase } from './testing';
import { verifyAll, verifyProcess, type BrokenEvent } from './verify';

/**
 * Verification as first written, and as an outsider would write it: every row parsed by the driver, each stream
 * sorted by version, each hash recomputed with the canonicalize package. verifyProcess must answer the same.
 */
const referenceVerification = async (pool: Pool, processId: string) => {
  const { rows } = await pool.query<HashedRow>(
    `SELECT ${hashedColumns} FROM events WHERE process_id = $1 ORDER BY stream_id, stream_version, global_position`,
    [processId],
  );
  let broken = 0;
  let firstBroken: BrokenEvent | undefined;
  const streams = new Set<string>();
  let previous = genesisHash;
  let expected = 1;
  for (const row of rows) {
    if (!streams.has(row.stream_id)) {
      streams.add(row.stream_id);
      previous = genesisHash;
      expected = 1;
    }
    const computed = eventHash(previous, hashedFieldsOf(row));
    const problem =
      row.stream_version !== expected ? 'previous-event-missing' : !row.hash ? 'missing-hash' : computed.equals(row.hash) ? undefined : 'hash-mismatch';
    if (problem) {
      broken += 1;
      if (!firstBroken || BigInt(row.position_text) < BigInt(firstBroken.globalPosition)) {
        firstBroken = { streamId: row.stream_id, streamVersion: row.stream_version, eventId: row.event_id, globalPosition: row.position_text, problem };
      }
    }
    previous = row.hash ?? computed;
    expected = row.stream_version + 1;
  }
  return { status: broken === 0 ? 'intact' : 'broken', streams: streams.size, events: rows.length, brokenEvents: broken, ...(firstBroken ? { firstBroken } : {}) };
};

/** JSON values that are easy to canonicalise wrongly: escapes, names that sort differently by each rule, numbers. */
const awkward = {
  text: ['quote " backslash \\ slash /', 'controls \b\f\n\r\t \u0001 \u001f \u007f', 'é 日本語 😀 𝄞 \u2028 \u2029 \ufffd'],
  names: { role: 1, id: 2, organisation: 3, '𝄞': 4, '\ue000': 5, '': 6, B: 7, a: 8, '10': 9, '9': 10, 'é': 11, 'a b': 12, 'a!': 13 },
  prototypeNames: { constructor: 'c', toString: 's', toJSON: 'j', valueOf: 1 },
  numbers: [0, -1, 0.1, 1.5, 1e-7, 1e20, 1e21, 5e-324, 1.7976931348623157e308, 2 ** 53 + 2, 123456789012345, -1.5e-10, 7e-10],
  nested: [[], {}, [[{ z: [1, { y: null, x: true }] }]], false],
};

describe('verification reads what PostgreSQL prints (real PostgreSQL)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.pool);
  });
  afterAll(async () => {
    await db.drop();
  });

  const asSuperuser = (statements: readonly (readonly [string, unknown[]])[]) => asSuperuserIn(db.url, statements);

  /** Events written around the store, without hashes and in the order given, then sealed as the store would. */
  const insertedThenSealed = async (
    processId: string,
    events: readonly { version: number; occurredAt?: string; data?: unknown }[],
  ): Promise<string[]> => {
    const eventIds: string[] = [];
    for (const event of events) {
      const eventId = randomUUID();
      eventIds.push(eventId);
      await db.pool.query(
        `INSERT INTO events (event_id, stream_id, stream_version, event_type, schema_version, data, metadata, occurred_at)
         VALUES ($1, $2, $3, 'Written', 1, $4, '{"actor": {"id": "u-1"}}', $5::timestamptz)`,
        [eventId, `contract-${processId}`, event.version, JSON.stringify(event.data ?? { version: event.version }), event.occurredAt ?? '2026-11-22T10:00:00.5Z'],
      );
    }
    await sealUnhashedEvents(db.pool);
    return eventIds;
  };

  it('gives each stored event the canonical form canonicalize gives it, for awkward JSON as jsonb prints it', async () => {
    const processId = randomUUID();
    await store.append(`contract-${processId}`, 0, [
      pendingEvent('CommissionOpened', awkward),
      pendingEvent('ReviewHeld', { awkward }),
      pendingEvent('ReviewHeld', { plain: { text: 'é 日本語 ½', names: { b: 1, a: [2, { '10': 3, '9': null }] }, flags: [true, false] } }),
    ]);
    const { rows } = await db.pool.query<HashedRow & { data_text: string; data_form: string; metadata_form: string }>(
      `SELECT ${hashedColumns}, data::text AS data_text, data_form, metadata_form FROM events WHERE process_id = $1`,
      [processId],
    );
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(canonicalJsonText(row.data_text)).toBe(canonicalize(row.data));
      expect(row.data_form).toBe(canonicalize(row.data));
      expect(row.metadata_form).toBe(canonicalize(row.metadata));
    }
    // From the stored forms, and from the jsonb columns as a store without guarded forms is read.
    for (const [times, storedForms] of [['utc-text', true], ['binary', true], ['utc-text', false], ['binary', false]] as const) {
      const forms = await canonicalFormsOf(db.pool, processSelection(processId), times, storedForms);
      for (const row of rows) expect(forms.get(row.event_id)).toBe(canonicalForm(hashedFieldsOf(row)));
    }
    expect(await verifyProcess(db.pool, processId)).toMatchObject({ status: 'intact', events: 3, brokenEvents: 0 });
  });

  it('verifies events that lie in the table out of version order, and names the one edited among them', async () => {
    const processId = randomUUID();
    const ids = await insertedThenSealed(processId, [{ version: 3 }, { version: 5 }, { version: 1 }, { version: 4 }, { version: 2 }]);
    expect(await verifyProcess(db.pool, processId)).toMatchObject({ status: 'intact', streams: 1, events: 5, brokenEvents: 0 });

    await asSuperuser([[`UPDATE events SET data = '{"version": 40}' WHERE event_id = $1`, [ids[3]]]]);
    const verified = await verifyProcess(db.pool, processId);
    expect(verified).toMatchObject({ status: 'broken', brokenEvents: 1, firstBroken: { eventId: ids[3], streamVersion: 4, problem: 'hash-mismatch' } });
    expect(verified).toMatchObject(await referenceVerification(db.pool, processId));
  });

  it('names the event after a removed one as missing its predecessor, as the reference does', async () => {
    const processId = randomUUID();
    const { events } = await store.append(`contract-${processId}`, 0, Array.from({ length: 5 }, () => pendingEvent('ReviewHeld')));
    await asSuperuser([['DELETE FROM events WHERE event_id = ANY($1::uuid[])', [[events[1]!.eventId, events[2]!.eventId]]]]);

    const verified = await verifyProcess(db.pool, processId);
    expect(verified).toMatchObject({ status: 'broken', events: 3, firstBroken: { eventId: events[3]!.eventId, problem: 'previous-event-missing' } });
    expect(verified).toMatchObject(await referenceVerification(db.pool, processId));
  });

  it('reads again, with to_char, the times that do not print as an ordinary ISO time', async () => {
    const processId = randomUUID();
    const ids = await insertedThenSealed(processId, [
      { version: 1, occurredAt: '12000-01-01T00:00:00Z' },
      { version: 2, occurredAt: '0044-03-15T12:00:00Z BC' },
      { version: 3, occurredAt: 'infinity' },
      { version: 4, occurredAt: '2026-11-22T10:00:00.000001Z' },
      { version: 5, occurredAt: '2026-11-22T10:00:00Z' },
    ]);
    expect(await verifyProcess(db.pool, processId)).toMatchObject({ status: 'intact', events: 5 });

    await asSuperuser([[`UPDATE events SET occurred_at = occurred_at + interval '1 year' WHERE event_id = $1`, [ids[0]]]]);
    const verified = await verifyProcess(db.pool, processId);
    expect(verified).toMatchObject({ status: 'broken', brokenEvents: 1, firstBroken: { eventId: ids[0], problem: 'hash-mismatch' } });
    expect(verified).toMatchObject(await referenceVerification(db.pool, processId));
  });

  it('answers the same whatever DateStyle and bytea output the session prints in', async () => {
    const processId = randomUUID();
    await store.append(`contract-${processId}`, 0, [pendingEvent('CommissionOpened'), pendingEvent('ReviewHeld')]);
    const otherStyle = createPool({
      connectionString: db.url,
      max: 2,
      applicationName: 'cls-test-styles',
      onIdleError: () => undefined,
    });
    try {
      for (const client of [await otherStyle.connect(), await otherStyle.connect()]) {
        await client.query(`SET DateStyle = 'SQL, DMY'; SET bytea_output = 'escape'`);
        client.release();
      }
      expect(await verifyProcess(otherStyle, processId)).toEqual(await verifyProcess(db.pool, processId));
      expect(await verifyProcess(otherStyle, processId)).toMatchObject({ status: 'intact', events: 2 });
    } finally {
      await otherStyle.end();
    }
  });

  it('answers as the reference does after any mix of edits, removals and unsealed events', async () => {
    const random = (() => {
      let state = 0x5eed;
      return (): number => {
        state = (Math.imul(state, 1103515245) + 12345) | 0;
        return ((state >>> 8) & 0xffff) / 0x10000;
      };
    })();
    for (let round = 0; round < 12; round += 1) {
      const processId = randomUUID();
      const contract = await store.append(`contract-${processId}`, 0, Array.from({ length: 8 }, (_, index) => pendingEvent('ReviewHeld', { index })));
      const tender = await store.append(`tender-${processId}.1`, 0, Array.from({ length: 4 }, (_, index) => pendingEvent('BidSubmitted', { index })));
      const all = [...contract.events, ...tender.events];
      const edits: [string, unknown[]][] = [];
      for (const event of all) {
        const draw = random();
        if (draw < 0.08) edits.push(['DELETE FROM events WHERE event_id = $1', [event.eventId]]);
        // A form is its column's value (a check constraint), so data is edited with its form, or with the form removed.
        else if (draw < 0.12) {
          edits.push([`UPDATE events SET data = jsonb_set(data, '{index}', '99'), data_form = jsonb_set(data, '{index}', '99')::text WHERE event_id = $1`, [event.eventId]]);
        } else if (draw < 0.16) edits.push([`UPDATE events SET data = jsonb_set(data, '{index}', '98'), data_form = NULL WHERE event_id = $1`, [event.eventId]]);
        else if (draw < 0.22) edits.push(['UPDATE events SET hash = NULL WHERE event_id = $1', [event.eventId]]);
        else if (draw < 0.26) edits.push([`UPDATE events SET occurred_at = occurred_at + interval '1 microsecond' WHERE event_id = $1`, [event.eventId]]);
      }
      if (edits.length > 0) await asSuperuser(edits);
      const reference = await referenceVerification(db.pool, processId);
      expect(await verifyProcess(db.pool, processId)).toMatchObject(reference);
    }
  });

  it('tells a checkpoint whose head still matches from one whose covered events are all there', async () => {
    const processId = randomUUID();
    const { events } = await store.append(`contract-${processId}`, 0, Array.from({ length: 4 }, () => pendingEvent('ReviewHeld')));
    await settledCheckpoint(db.pool, 'on-demand', 'auditor-1');
    expect((await verifyProcess(db.pool, processId)).checkpoint).toMatchObject({ matches: true, streamsCovered: 1 });

    await asSuperuser([['DELETE FROM events WHERE event_id = $1', [events[1]!.eventId]]]);
    expect((await verifyProcess(db.pool, processId)).checkpoint).toMatchObject({
      matches: false,
      mismatch: { problem: 'covered-events-missing', streamId: `contract-${processId}`, streamVersion: 4 },
    });
  });

  it('still answers, by reading again, when a version occurs twice (the unique constraint dropped)', async () => {
    const own = await createTestDatabase();
    try {
      const processId = randomUUID();
      const { events } = await new PostgresEventStore(own.pool).append(
        `contract-${processId}`,
        0,
        Array.from({ length: 4 }, () => pendingEvent('ReviewHeld')),
      );
      const admin = new Client({ connectionString: own.url });
      await admin.connect();
      try {
        await admin.query('ALTER TABLE events DROP CONSTRAINT events_stream_version_unique');
        await admin.query(
          `INSERT INTO events (event_id, stream_id, stream_version, event_type, schema_version, data, metadata, occurred_at)
           SELECT $1, stream_id, stream_version, event_type, schema_version, data, metadata, occurred_at FROM events WHERE event_id = $2`,
          [randomUUID(), events[1]!.eventId],
        );
      } finally {
        await admin.end();
      }
      // Without a hash, the duplicate's successor chains on a digest of it that only a second reading can give.
      const reference = await referenceVerification(own.pool, processId);
      expect(reference).toMatchObject({ brokenEvents: 2, firstBroken: { eventId: events[2]!.eventId, problem: 'hash-mismatch' } });
      expect(await verifyProcess(own.pool, processId)).toMatchObject(reference);
      expect(await verifyAll(own.pool)).toMatchObject({ status: 'broken', events: 5 });
    } finally {
      await own.drop();
    }
  });

  it('verifies the whole store in batches that split streams, answering as the reference does process by process', async () => {
    const { rows } = await db.pool.query<{ process_text: string }>('SELECT DISTINCT process_id::text AS process_text FROM events');
    const references = await Promise.all(rows.map(async (row) => referenceVerification(db.pool, row.process_text)));
    const firstBroken = references
      .map((reference) => reference.firstBroken)
      .filter((broken) => broken !== undefined)
      .sort((left, right) => (BigInt(left.globalPosition) < BigInt(right.globalPosition) ? -1 : 1))[0];
    const whole = {
      status: 'broken',
      streams: references.reduce((sum, reference) => sum + reference.streams, 0),
      events: references.reduce((sum, reference) => sum + reference.events, 0),
      brokenEvents: references.reduce((sum, reference) => sum + reference.brokenEvents, 0),
      firstBroken,
    };
    expect(firstBroken).toBeDefined();
    for (const batchSize of [1, 2, 3, 7, 5_000]) expect(await verifyAll(db.pool, batchSize)).toMatchObject(whole);
  });
});

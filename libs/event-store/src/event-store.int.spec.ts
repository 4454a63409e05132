import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { WrongExpectedVersionError } from './errors';
import { eventsAppendedChannel, PostgresEventStore, startOfCommits } from './event-store';
import { eventHash, genesisHash } from './hash-chain';
import { hashedColumns, hashedFieldsOf, type HashedRow } from './seal';
import { createTestDatabase, pendingEvent, type TestDatabase, waitUntilSettled } from './testing';
import { verifyProcess } from './verify';

describe('PostgresEventStore (real PostgreSQL)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.pool);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('appends with versions and positions and reads the stream back with its envelope', async () => {
    const stream = `contract-${randomUUID()}`;
    const first = await store.append(stream, 0, [pendingEvent('CommissionOpened', { title: 'A' }), pendingEvent('NeedsAssessmentRecorded')]);
    expect(first.nextVersion).toBe(2);
    expect(first.alreadyAppended).toBe(false);
    const read = await store.readStream(stream);
    expect(read.map((e) => [e.streamVersion, e.type])).toEqual([
      [1, 'CommissionOpened'],
      [2, 'NeedsAssessmentRecorded'],
    ]);
    expect(read[0]?.data).toEqual({ title: 'A' });
    expect(read[0]?.metadata.actor.role).toBe('commissioner');
    expect(Date.parse(read[0]?.metadata.recordedAt ?? '')).not.toBeNaN();
    expect(BigInt(read[1]!.globalPosition)).toBeGreaterThan(BigInt(read[0]!.globalPosition));
    expect(await store.streamVersion(stream)).toBe(2);
  });

  it('refuses an append at a stale expected version and writes nothing', async () => {
    const stream = `contract-${randomUUID()}`;
    await store.append(stream, 0, [pendingEvent('CommissionOpened')]);
    await expect(store.append(stream, 0, [pendingEvent('CommissionOpened')])).rejects.toBeInstanceOf(WrongExpectedVersionError);
    expect(await store.readStream(stream)).toHaveLength(1);
  });

  it('answers a retried append of the same event ids idempotently, without writing them twice', async () => {
    const stream = `contract-${randomUUID()}`;
    const events = [pendingEvent('CommissionOpened'), pendingEvent('NeedsAssessmentRecorded')];
    const first = await store.append(stream, 0, events);
    const retry = await store.append(stream, 0, events);
    expect(retry.alreadyAppended).toBe(true);
    expect(retry.events.map((e) => e.globalPosition)).toEqual(first.events.map((e) => e.globalPosition));
    expect(await store.readStream(stream)).toHaveLength(2);
  });

  it('answers a retry with the events as stored, even after the stream has moved on, and writes nothing', async () => {
    const stream = `contract-${randomUUID()}`;
    await store.append(stream, 0, [pendingEvent('CommissionOpened')]);
    const events = [pendingEvent('NeedsAssessmentRecorded', { need: 'respite', nested: { list: [1, 'two', null] } }), pendingEvent('RouteDecided')];
    const first = await store.append(stream, 1, events);
    await store.append(stream, 3, [pendingEvent('TenderPublished')]);
    const stored = await store.readStream(stream, { fromVersion: 2, toVersion: 3 });
    expect(first.events).toEqual(stored);

    const retry = await store.append(stream, 1, events);
    expect(retry).toEqual({ nextVersion: 3, events: stored, alreadyAppended: true });
    expect(await store.streamVersion(stream)).toBe(4);
    expect(await store.readStream(stream)).toHaveLength(4);
  });

  it('refuses other events at the versions an earlier append took, naming the version the stream is at', async () => {
    const stream = `contract-${randomUUID()}`;
    const events = [pendingEvent('CommissionOpened'), pendingEvent('NeedsAssessmentRecorded')];
    await store.append(stream, 0, events);
    const reordered = [events[1]!, events[0]!];
    await expect(store.append(stream, 0, reordered)).rejects.toMatchObject({ expectedVersion: 0, actualVersion: 2 });
    await expect(store.append(stream, 1, [events[1]!, pendingEvent('RouteDecided')])).rejects.toMatchObject({
      expectedVersion: 1,
      actualVersion: 2,
    });
    await expect(store.append(`contract-${randomUUID()}`, 3, [pendingEvent('A')])).rejects.toMatchObject({
      expectedVersion: 3,
      actualVersion: 0,
    });
    expect(await store.readStream(stream)).toHaveLength(2);
  });

  it('lets exactly one of many concurrent appends at the same version of a stream win, and keeps its chain intact', async () => {
    const processId = randomUUID();
    const stream = `contract-${processId}`;
    await store.append(stream, 0, [pendingEvent('CommissionOpened')]);
    const contenders = Array.from({ length: 6 }, () => [pendingEvent('NeedsAssessmentRecorded'), pendingEvent('RouteDecided')]);
    const results = await Promise.allSettled(contenders.map((events) => store.append(stream, 1, events)));
    const won = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const lost = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(5);
    for (const error of lost) {
      expect(error).toBeInstanceOf(WrongExpectedVersionError);
      expect(error).toMatchObject({ expectedVersion: 1, actualVersion: 3 });
    }
    expect((await store.readStream(stream)).map((event) => event.eventId).slice(1)).toEqual(won[0]!.events.map((event) => event.eventId));
    expect(await verifyProcess(db.pool, processId)).toMatchObject({ status: 'intact', events: 3 });
  });

  it('hashes in PostgreSQL exactly as hash-chain.ts does, for strings JSON must escape and characters beyond ASCII', async () => {
    const stream = `contract-${randomUUID()}.7`;
    const awkward = 'quote " backslash \\ newline \n tab \t bell \u0007 unit \u001f e\u0301 \u00e9 \u2028 \ud83d\ude00';
    await store.append(stream, 0, [pendingEvent(`Type ${awkward}`, { [awkward]: awkward, n: [1e21, 0.1, -0, 1.5e-7, 2 ** 53] })]);
    await store.append(stream, 1, [{ ...pendingEvent('B'), metadata: { ...pendingEvent('B').metadata, occurredAt: '2026-11-22T12:00:00.123+02:00' } }]);
    const { rows } = await db.pool.query<HashedRow>(`SELECT ${hashedColumns} FROM events WHERE stream_id = $1 ORDER BY stream_version`, [
      stream,
    ]);
    expect(rows).toHaveLength(2);
    let previous = genesisHash;
    for (const row of rows) {
      expect(row.hash?.toString('hex')).toBe(eventHash(previous, hashedFieldsOf(row)).toString('hex'));
      previous = row.hash ?? genesisHash;
    }
    expect(rows[1]?.occurred_text).toBe('2026-11-22T10:00:00.123000Z');
  });

  it('seals a stream whose events predate the hash chain before appending to it', async () => {
    const processId = randomUUID();
    const stream = `contract-${processId}`;
    await db.pool.query(
      `INSERT INTO events (event_id, stream_id, stream_version, event_type, schema_version, data, metadata, occurred_at)
       VALUES ($1, $2, 1, 'Legacy', 1, '{"n":1}', '{}', now())`,
      [randomUUID(), stream],
    );
    await db.pool.query('INSERT INTO event_streams (stream_id, version) VALUES ($1, 1)', [stream]);
    const appended = await store.append(stream, 1, [pendingEvent('NeedsAssessmentRecorded')]);
    expect(appended).toMatchObject({ nextVersion: 2, alreadyAppended: false });
    expect(await verifyProcess(db.pool, processId)).toMatchObject({ status: 'intact', events: 2 });
  });

  it('notifies the relay\'s channel with the stream once the append commits', async () => {
    const stream = `contract-${randomUUID()}`;
    const listener = new Client({ connectionString: db.url });
    await listener.connect();
    try {
      const notified = new Promise<string | undefined>((resolve) => {
        listener.on('notification', (message) => {
          if (message.payload === stream) resolve(message.channel);
        });
      });
      await listener.query(`LISTEN ${eventsAppendedChannel}`);
      await store.append(stream, 0, [pendingEvent('CommissionOpened')]);
      await expect(notified).resolves.toBe(eventsAppendedChannel);
    } finally {
      await listener.end();
    }
  });

  it('writes nothing for an append refused by a constraint, and the stream stays where it was', async () => {
    const stream = `contract-${randomUUID()}`;
    await store.append(stream, 0, [pendingEvent('CommissionOpened')]);
    const bad = { ...pendingEvent('B'), schemaVersion: 0 };
    await expect(store.append(stream, 1, [pendingEvent('A'), bad])).rejects.toThrow(/schema_version/);
    expect(await store.streamVersion(stream)).toBe(1);
    expect(await store.readStream(stream)).toHaveLength(1);
  });

  it('lets only one of two concurrent appends at the same version win', async () => {
    const stream = `contract-${randomUUID()}`;
    const results = await Promise.allSettled([
      store.append(stream, 0, [pendingEvent('CommissionOpened')]),
      store.append(stream, 0, [pendingEvent('CommissionOpened')]),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    expect(await store.readStream(stream)).toHaveLength(1);
  });

  it('refuses to update or delete a stored event', async () => {
    const stream = `contract-${randomUUID()}`;
    await store.append(stream, 0, [pendingEvent('CommissionOpened')]);
    await expect(db.pool.query(`UPDATE events SET data = '{}' WHERE stream_id = $1`, [stream])).rejects.toThrow(/immutable/);
    await expect(db.pool.query('DELETE FROM events WHERE stream_id = $1', [stream])).rejects.toThrow(/immutable/);
  });

  it('reads everything after a global position in order', async () => {
    const stream = `contract-${randomUUID()}`;
    const { events } = await store.append(stream, 0, [pendingEvent('A'), pendingEvent('B'), pendingEvent('C')]);
    const after = await store.readAll({ after: events[0]!.globalPosition });
    expect(after.filter((e) => e.streamId === stream).map((e) => e.type)).toEqual(['B', 'C']);
  });

  it('never passes over an event whose transaction commits after a later position became visible', async () => {
    const early = await db.pool.connect();
    const late = await db.pool.connect();
    try {
      const streamA = `contract-${randomUUID()}`;
      const streamB = `contract-${randomUUID()}`;
      // Transaction A takes the lower position but stays open; B takes a higher one and commits first.
      await early.query('BEGIN');
      const a = await early.query<{ global_position: string }>(
        `INSERT INTO events (event_id, stream_id, stream_version, event_type, schema_version, data, metadata, occurred_at)
         VALUES ($1, $2, 1, 'A', 1, '{}', '{}', now()) RETURNING global_position::text`,
        [randomUUID(), streamA],
      );
      await late.query('BEGIN');
      const b = await late.query<{ global_position: string }>(
        `INSERT INTO events (event_id, stream_id, stream_version, event_type, schema_version, data, metadata, occurred_at)
         VALUES ($1, $2, 1, 'B', 1, '{}', '{}', now()) RETURNING global_position::text`,
        [randomUUID(), streamB],
      );
      await late.query('COMMIT');
      expect(BigInt(b.rows[0]!.global_position)).toBeGreaterThan(BigInt(a.rows[0]!.global_position));

      // By position alone, B is visible and A is not: a reader that checkpointed B would lose A for good.
      const byPosition = await store.readAll({ after: '0', limit: 10_000 });
      expect(byPosition.some((e) => e.streamId === streamB)).toBe(true);
      expect(byPosition.some((e) => e.streamId === streamA)).toBe(false);

      // The committed reader holds B back while A's transaction is running...
      const whileOpen = await store.readCommitted(startOfCommits, 10_000);
      expect(whileOpen.some((e) => e.streamId === streamB)).toBe(false);

      await early.query('COMMIT');
      // ...and afterwards yields both, A (the older transaction) first, once transactions other suites and processes
      // have running in the cluster no longer hold the horizon below them.
      await waitUntilSettled(db.pool);
      const afterCommit = (await store.readCommitted(startOfCommits, 10_000)).filter((e) =>
        [streamA, streamB].includes(e.streamId),
      );
      expect(afterCommit.map((e) => e.type)).toEqual(['A', 'B']);
    } finally {
      early.release();
      late.release();
    }
  });
});

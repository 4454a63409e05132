import { randomUUID } from 'node:crypto';
import { WrongExpectedVersionError } from './errors';
import { PostgresEventStore, startOfCommits } from './event-store';
import { createTestDatabase, pendingEvent, type TestDatabase } from './testing';


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
      // ...and afterwards yields both, A (the older transaction) first.
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

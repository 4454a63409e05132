import type { PendingEvent } from '@cls/domain';
import { randomUUID } from 'node:crypto';
import { AuditLog } from './audit-log';
import { PostgresEventStore } from './event-store';
import { createTestDatabase, pendingEvent, type TestDatabase } from './testing';

const actor = (id: string, role: string, organisation: string) => ({ id, role, organisation }) as PendingEvent['metadata']['actor'];

const event = (type: string, data: Record<string, unknown>, by: PendingEvent['metadata']['actor'], occurredAt: string): PendingEvent => {
  const base = pendingEvent(type, data);
  return { ...base, metadata: { ...base.metadata, actor: by, occurredAt } };
};

describe('AuditLog (real PostgreSQL)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let log: AuditLog;
  const somerset = actor('u-1', 'commissioner', 'somerset');
  const wilts = actor('u-9', 'commissioner', 'wiltshire');
  const acme = actor('p-1', 'provider', 'acme');
  const other = actor('p-2', 'provider', 'other');
  const processes = { a: randomUUID(), b: randomUUID(), elsewhere: randomUUID() };

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.pool);
    log = new AuditLog(db.pool);
    // a: somerset, tendered, awarded to acme; b: somerset, a direct award to other; elsewhere: wiltshire's.
    await store.append(`contract-${processes.a}`, 0, [
      event('CommissionOpened', { organisation: 'somerset' }, somerset, '2026-01-01T09:00:00Z'),
      event('RouteDecided', { route: 'tender' }, somerset, '2026-01-02T09:00:00Z'),
    ]);
    await store.append(`contract-${processes.b}`, 0, [
      event('CommissionOpened', { organisation: 'somerset' }, somerset, '2026-01-03T09:00:00Z'),
      event('RouteDecided', { route: 'direct-award', justification: 'sole provider' }, somerset, '2026-01-04T09:00:00Z'),
    ]);
    await store.append(`tender-${processes.a}.1`, 0, [
      event('BidSubmitted', {}, acme, '2026-01-05T09:00:00Z'),
      event('BidSubmitted', {}, other, '2026-01-06T09:00:00Z'),
    ]);
    await store.append(`contract-${processes.a}`, 2, [
      event('ContractAwarded', { supplier: { organisation: 'acme', name: 'Acme' } }, somerset, '2026-01-07T09:00:00Z'),
    ]);
    await store.append(`contract-${processes.b}`, 2, [
      event('ContractAwarded', { supplier: { organisation: 'other', name: 'Other' } }, somerset, '2026-01-08T09:00:00Z'),
      event('ReturnSubmitted', {}, other, '2026-01-09T09:00:00Z'),
    ]);
    await store.append(`contract-${processes.elsewhere}`, 0, [
      event('CommissionOpened', { organisation: 'wiltshire' }, wilts, '2026-01-10T09:00:00Z'),
      event('RouteDecided', { route: 'grant' }, wilts, '2026-01-11T09:00:00Z'),
    ]);
    await store.append(`contract-${processes.elsewhere}`, 2, [event('ReturnSubmitted', {}, other, '2026-01-12T09:00:00Z')]);
  });
  afterAll(async () => {
    await db.drop();
  });

  const types = (events: { type: string }[]) => events.map((e) => e.type);

  it('states who owns a process and who supplies it', async () => {
    expect(await log.processFacts(processes.a)).toEqual({ exists: true, organisation: 'somerset', suppliers: ['acme'] });
    expect(await log.processFacts(randomUUID())).toEqual({ exists: false, suppliers: [] });
  });

  it('pages a timeline both ways by global position', async () => {
    const newest = await log.timeline(processes.a, {}, { order: 'desc', limit: 2 });
    expect(types(newest)).toEqual(['ContractAwarded', 'BidSubmitted']);
    const next = await log.timeline(processes.a, {}, { order: 'desc', limit: 10, after: newest[1]!.globalPosition });
    expect(types(next)).toEqual(['BidSubmitted', 'RouteDecided', 'CommissionOpened']);
    const oldest = await log.timeline(processes.a, {}, { order: 'asc', limit: 10, after: next[1]!.globalPosition });
    expect(types(oldest)).toEqual(['BidSubmitted', 'BidSubmitted', 'ContractAwarded']);
  });

  it('shows a supplier the contract stream and its own staff\'s events only', async () => {
    const seen = await log.timeline(processes.a, {}, { order: 'asc', limit: 10 }, { contractStreamId: `contract-${processes.a}`, organisation: 'acme' });
    expect(seen.map((e) => [e.type, e.metadata.actor.id])).toEqual([
      ['CommissionOpened', 'u-1'],
      ['RouteDecided', 'u-1'],
      ['BidSubmitted', 'p-1'],
      ['ContractAwarded', 'u-1'],
    ]);
  });

  it('merges several types in position order across an organisation\'s processes, never another\'s', async () => {
    const found = await log.search({ types: ['RouteDecided', 'ContractAwarded'] }, { order: 'asc', limit: 10 }, { organisation: 'somerset' });
    expect(found.map((e) => [e.type, e.processId])).toEqual([
      ['RouteDecided', processes.a],
      ['RouteDecided', processes.b],
      ['ContractAwarded', processes.a],
      ['ContractAwarded', processes.b],
    ]);
    const page = await log.search({ types: ['RouteDecided', 'ContractAwarded'] }, { order: 'desc', limit: 2, after: found[3]!.globalPosition }, { organisation: 'somerset' });
    expect(page.map((e) => e.globalPosition)).toEqual([found[2]!.globalPosition, found[1]!.globalPosition]);
  });

  it('finds a provider\'s supplied processes and its staff\'s actions elsewhere, once each', async () => {
    const acmes = await log.search({ provider: 'acme' }, { order: 'asc', limit: 50 }, {});
    expect(new Set(acmes.map((e) => e.processId))).toEqual(new Set([processes.a]));
    expect(acmes).toHaveLength(5);
    const others = await log.search({ provider: 'other' }, { order: 'asc', limit: 50 }, {});
    // Process b (supplied to other) whole, and other's bid in process a.
    expect(others.filter((e) => e.processId === processes.a).map((e) => e.metadata.actor.id)).toEqual(['p-2']);
    expect(others.filter((e) => e.processId === processes.b)).toHaveLength(4);
  });

  it('applies a view\'s data condition, the actor and the period', async () => {
    const nonTender = await log.search({ types: ['RouteDecided'], dataIn: { key: 'route', values: ['direct-award', 'grant'] } }, { order: 'asc', limit: 10 }, {});
    expect(nonTender.map((e) => e.data['route'])).toEqual(['direct-award', 'grant']);
    const january = await log.search({ actorId: 'p-2', from: '2026-01-06T09:00:00Z', to: '2026-01-09T09:00:00Z' }, { order: 'asc', limit: 10 }, {});
    expect(types(january)).toEqual(['BidSubmitted']);
  });

  it('pages an actor\'s events in a period, only those of the reader\'s organisation\'s processes', async () => {
    const period = { actorId: 'p-2', from: '2026-01-06T00:00:00Z', to: '2026-01-13T00:00:00Z' };
    const placed = (events: { type: string; processId: string }[]) => events.map((e) => [e.type, e.processId]);
    const everywhere = await log.search(period, { order: 'desc', limit: 10 }, {});
    expect(placed(everywhere)).toEqual([
      ['ReturnSubmitted', processes.elsewhere],
      ['ReturnSubmitted', processes.b],
      ['BidSubmitted', processes.a],
    ]);
    // Whole events, as every other query gives them.
    expect(everywhere[1]).toEqual((await log.timeline(processes.b, { actorId: 'p-2' }, { order: 'desc', limit: 1 }))[0]);

    const first = await log.search(period, { order: 'desc', limit: 1 }, { organisation: 'somerset' });
    expect(placed(first)).toEqual([['ReturnSubmitted', processes.b]]);
    const next = await log.search(period, { order: 'desc', limit: 1, after: first[0]!.globalPosition }, { organisation: 'somerset' });
    expect(placed(next)).toEqual([['BidSubmitted', processes.a]]);
    expect(placed(await log.search(period, { order: 'asc', limit: 10 }, { organisation: 'somerset' }))).toEqual([
      ['BidSubmitted', processes.a],
      ['ReturnSubmitted', processes.b],
    ]);
    expect(placed(await log.search(period, { order: 'asc', limit: 10 }, { organisation: 'wiltshire' }))).toEqual([['ReturnSubmitted', processes.elsewhere]]);
    expect(await log.search({ ...period, to: '2026-01-06T09:00:00Z' }, { order: 'asc', limit: 10 }, {})).toEqual([]);
  });

  it('reads a stream and a process as recorded at a time', async () => {
    const [first] = await log.timeline(processes.b, {}, { order: 'asc', limit: 1 });
    const at = first!.metadata.recordedAt;
    expect(types(await log.streamAsOf(`contract-${processes.b}`, '2000-01-01T00:00:00Z'))).toEqual([]);
    expect((await log.processAsOf(processes.b, new Date(Date.parse(at) + 1).toISOString())).length).toBeGreaterThanOrEqual(2);
  });
});

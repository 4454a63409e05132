/**
 * Audit trail benchmark, run by `npm run bench` after the store's (see event-store.bench.ts). It seeds a database
 * of its own with contracting processes as production would hold them (a contract stream, a tender stream for
 * tendered ones, a plan stream for some; events of all processes interleaved over two years, every hash chain
 * valid), takes a checkpoint of it all, then measures a timeline page, selective governance queries and the
 * verification of one process's chain of 5,000 events, and prints the plans PostgreSQL used for them.
 *
 *   BENCH_AUDIT_CONTRACTS   processes to seed (default 10000)
 *   BENCH_AUDIT_EVENTS      events in all (default 1000000)
 *   BENCH_AUDIT_LONG        events of the one long process whose chain is verified (default 5000)
 *   BENCH_AUDIT_OPS         timed calls per measurement (default 500; verification 1/5 of it)
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Pool } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { AuditLog, type AuditFilter } from '../src/audit-log';
import { createCheckpoint } from '../src/checkpoints';
import { createPool, interactiveSessionOptions } from '../src/pool';
import { eventHash, genesisHash, jsonForm } from '../src/hash-chain';
import { createTestDatabase, type TestDatabase } from '../src/testing';
import { verifyProcess } from '../src/verify';
import {
  benchInto,
  explainCalls,
  integer,
  percentileOf,
  pickWith,
  positiveIntegerFromEnv,
  printTable,
  printTableSize,
  seededRandom,
  type Measurement,
} from './kit';

const contracts = positiveIntegerFromEnv('BENCH_AUDIT_CONTRACTS', 10_000);
const totalEvents = positiveIntegerFromEnv('BENCH_AUDIT_EVENTS', 1_000_000);
const longEvents = positiveIntegerFromEnv('BENCH_AUDIT_LONG', 5_000);
const ops = positiveIntegerFromEnv('BENCH_AUDIT_OPS', 500);
const councils = 10;
const providers = 500;
const pageSize = 50;

const random = seededRandom(0x5eed_a0d1);
const pick = pickWith(random);

// ---- The processes ------------------------------------------------------------------------------------------------

const uuidOf = (label: string): string => {
  const hex = createHash('md5').update(label).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

type Route = 'tender' | 'direct-award' | 'grant';
type StreamKind = 0 | 1 | 2;
const streamSuffix = (kind: StreamKind, processId: string) =>
  kind === 0 ? `contract-${processId}` : kind === 1 ? `tender-${processId}.1` : `plan-${processId}.1`;

interface Process {
  id: string;
  council: string;
  supplier: string;
  route: Route;
  events: number;
  lowBidAccepted: boolean;
  plan: boolean;
  terminated: boolean;
}

const processes: Process[] = Array.from({ length: contracts }, (_, index) => {
  const draw = random();
  return {
    id: uuidOf(`bench-process-${index}`),
    council: `council-${index % councils}`,
    supplier: `provider-${index % providers}`,
    route: draw < 0.1 ? 'direct-award' : draw < 0.15 ? 'grant' : 'tender',
    events: 0,
    lowBidAccepted: random() < 0.03,
    plan: random() < 0.05,
    terminated: random() < 0.01,
  };
});
{
  const rest = totalEvents - longEvents;
  const base = Math.floor(rest / (contracts - 1));
  processes.forEach((process, index) => {
    process.events = index === 0 ? longEvents : base + (index <= rest - base * (contracts - 1) ? 1 : 0);
  });
}

interface Actor {
  id: string;
  role: string;
  organisation: string;
}

interface PlannedEvent {
  stream: StreamKind;
  type: string;
  actor: Actor;
  data: Record<string, unknown>;
  reason?: string;
}

const text = (words: number, seed: number): string =>
  Array.from({ length: words }, (_, index) => ['service', 'provider', 'outcome', 'carer', 'review', 'evidence', 'quality', 'visit'][(seed + index * 7) % 8]).join(' ');

/** The k-th event of a process: its life in order (commission, route, tender, award, monitoring), sized like real ones. */
const plannedEvent = (process: Process, k: number): PlannedEvent => {
  const commissioner: Actor = { id: `u-${process.council}-${k % 20}`, role: 'commissioner', organisation: process.council };
  const manager: Actor = { id: `cm-${process.council}-${k % 10}`, role: 'contract-manager', organisation: process.council };
  const supplierStaff: Actor = { id: `p-${process.supplier}-${k % 3}`, role: 'provider', organisation: process.supplier };
  const system: Actor = { id: 'system', role: 'system', organisation: process.council };
  const tendered = process.route === 'tender';
  const life: (() => PlannedEvent)[] = [
    () => ({ stream: 0, type: 'CommissionOpened', actor: commissioner, data: { contractId: process.id, title: text(6, k), organisation: process.council, openedBy: commissioner } }),
    () => ({ stream: 0, type: 'NeedsAssessmentRecorded', actor: commissioner, data: { need: text(40, k), clientGroup: text(8, k), evidence: [{ kind: 'needs-assessment-data', description: text(12, k) }], unmetNeeds: [text(15, k)], priority: 2, outcomes: [{ level: 'individual', description: text(12, k), indicator: text(5, k), baseline: '62%', target: '45%' }], serviceUserInvolvement: text(14, k), revision: 1 } }),
    () => ({ stream: 0, type: 'RouteDecided', actor: commissioner, ...(tendered ? {} : { reason: text(20, k) }), data: { route: process.route, contractType: 'services', authority: 'sub-central', annualValuePence: 8_000_000, years: 3, extensionOptions: [], authorityCategory: 'C', authoriser: { id: 'rag-1', body: 'resource-allocation-group' }, wholeLifeValuePence: 24_000_000, regime: 'regulated', ...(tendered ? { procedure: 'open' } : { justification: text(20, k) }) } }),
    ...(tendered
      ? [
          () => ({ stream: 1 as const, type: 'TenderPublished', actor: manager, data: { tenderId: `${process.id}.1`, contractId: process.id, organisation: process.council, title: text(6, k), procedure: 'open', criteria: [{ id: 'price', name: 'Price', kind: 'price', weight: 40 }, { id: 'quality', name: 'Quality', kind: 'quality', weight: 60 }] } }),
          ...[0, 1, 2].map((bidder) => () => {
            const organisation = bidder === 0 ? process.supplier : `provider-${(Number(process.supplier.slice(9)) + bidder * 37) % providers}`;
            return { stream: 1 as const, type: 'BidSubmitted', actor: { id: `p-${organisation}-0`, role: 'provider', organisation }, data: { bidId: `bid-${bidder}`, supplier: { organisation, name: text(3, bidder) }, pricePence: 7_500_000 + bidder * 100_000, documentsReference: `docs/${process.id}/${bidder}` } };
          }),
          ...(process.lowBidAccepted
            ? [
                () => ({ stream: 1 as const, type: 'AbnormallyLowBidIdentified', actor: system, data: { bidId: 'bid-0', pricePence: 5_000_000, basis: 'median', basisPence: 7_600_000, thresholdPence: 6_000_000, ratio: 0.66 } }),
                () => ({ stream: 1 as const, type: 'AbnormallyLowBidAccepted', actor: manager, reason: text(15, k), data: { bidId: 'bid-0' } }),
              ]
            : []),
          () => ({ stream: 1 as const, type: 'AwardDecided', actor: manager, data: { winningBidId: 'bid-0', supplier: { organisation: process.supplier, name: 'Supplier' }, pricePence: 7_500_000 } }),
        ]
      : []),
    () => ({ stream: 0, type: 'ContractAwarded', actor: manager, data: { basis: process.route, supplier: { organisation: process.supplier, name: text(3, k) }, valuePence: 24_000_000, awardedAt: '2024-02-01T10:00:00.000Z' } }),
    () => ({ stream: 0, type: 'ContractSigned', actor: supplierStaff, data: { party: 'provider', signatory: { name: text(2, k), role: 'director' } } }),
  ];
  if (k < life.length) return life[k]!();
  if (process.terminated && k === process.events - 1) {
    return { stream: 0, type: 'ContractTerminated', actor: manager, reason: text(20, k), data: { effectiveOn: '2025-12-31', grounds: text(10, k) } };
  }
  const planStart = Math.floor(process.events / 2);
  if (process.plan && k >= planStart && k < planStart + 3) {
    const type = ['PlanOpened', 'ActionsAgreed', 'PlanEscalated'][k - planStart]!;
    return { stream: 2, type, actor: manager, data: { planId: `${process.id}.1`, note: text(25, k), step: 1, level: 'head-of-service' } };
  }
  const monitoring: (() => PlannedEvent)[] = [
    () => ({ stream: 0, type: 'ReturnSubmitted', actor: supplierStaff, data: { period: `2025-Q${(k % 4) + 1}`, observations: [{ kpi: 'Nights delivered', value: 100 + (k % 50) }, { kpi: 'Satisfaction', value: 80 + (k % 20) }], evidence: text(10, k) } }),
    () => ({ stream: 0, type: 'KpiAssessed', actor: manager, data: { kpi: 'Nights delivered', rating: ['good', 'approaching-target', 'requires-improvement'][k % 3], note: text(12, k) } }),
    () => ({ stream: 0, type: 'ReminderIssued', actor: system, data: { subject: 'return', dueOn: '2025-04-30' } }),
    () => ({ stream: 0, type: 'ComplaintLogged', actor: { ...manager, role: 'lead-professional' }, data: { category: 'quality', severity: 'low', summary: text(20, k) } }),
    () => ({ stream: 0, type: 'ReviewHeld', actor: manager, data: { kind: 'biannual', minutes: text(30, k) } }),
  ];
  return monitoring[k % monitoring.length]!();
};

// ---- Seeding by COPY ----------------------------------------------------------------------------------------------

const startMs = Date.parse('2024-01-01T09:00:00.000Z');
const spanMs = 730 * 24 * 3600 * 1000;
/** The canonical timestamp text (see utcText): ISO with microseconds. */
const microText = (ms: number) => new Date(ms).toISOString().replace('Z', '000Z');

/** COPY's text format treats a backslash as an escape; JSON only has them inside strings. */
const copyText = (value: string) => value.replaceAll('\\', '\\\\');

/**
 * The rows in global-position order. Process p's k-th event lands at step floor(k * steps / events), so every
 * process's events spread over the whole period and interleave with every other's, as they do in production;
 * positions are the identity's 1, 2, 3 … in COPY order (a fresh database), which the hashes cover.
 */
function* copyRows(): Generator<string> {
  const steps = longEvents;
  const counts = new Int32Array(steps + 1);
  for (const process of processes) for (let k = 0; k < process.events; k += 1) counts[Math.floor((k * steps) / process.events) + 1]! += 1;
  for (let step = 1; step <= steps; step += 1) counts[step]! += counts[step - 1]!;
  const order = new Int32Array(totalEvents * 2);
  const fill = counts.slice(0, steps);
  processes.forEach((process, p) => {
    for (let k = 0; k < process.events; k += 1) {
      const at = fill[Math.floor((k * steps) / process.events)]!++;
      order[at * 2] = p;
      order[at * 2 + 1] = k;
    }
  });
  const versions = new Int32Array(contracts * 3);
  const heads: Buffer[] = new Array<Buffer>(contracts * 3).fill(genesisHash);
  let lines: string[] = [];
  for (let position = 1; position <= totalEvents; position += 1) {
    const p = order[(position - 1) * 2]!;
    const k = order[(position - 1) * 2 + 1]!;
    const process = processes[p]!;
    const planned = plannedEvent(process, k);
    const slot = p * 3 + planned.stream;
    const version = (versions[slot] = versions[slot]! + 1);
    const occurredMs = startMs + Math.floor(((position - 1) / totalEvents) * spanMs);
    const eventId = uuidOf(`bench-event-${position}`);
    const streamId = streamSuffix(planned.stream, process.id);
    const metadata = {
      actor: planned.actor,
      ...(planned.reason ? { reason: planned.reason } : {}),
      correlationId: `corr-${position}`,
      causationId: `cmd-${position}`,
      occurredAt: new Date(occurredMs).toISOString(),
    };
    const occurredAt = microText(occurredMs);
    const recordedAt = microText(occurredMs + 40);
    const hash = eventHash(heads[slot]!, {
      eventId,
      streamId,
      streamVersion: version,
      globalPosition: String(position),
      type: planned.type,
      schemaVersion: 1,
      data: planned.data,
      metadata,
      occurredAt,
      recordedAt,
    });
    heads[slot] = hash;
    // The stored forms are the JCS texts the hash covers, and the jsonb columns those texts parsed, as an append writes.
    const [dataForm, metadataForm] = [copyText(jsonForm(planned.data)), copyText(jsonForm(metadata))];
    lines.push(
      [eventId, streamId, version, planned.type, 1, dataForm, metadataForm, dataForm, metadataForm, occurredAt, recordedAt, `\\\\x${hash.toString('hex')}`].join('\t'),
    );
    if (lines.length === 2_000) {
      yield `${lines.join('\n')}\n`;
      lines = [];
    }
  }
  if (lines.length > 0) yield `${lines.join('\n')}\n`;
}

const seed = async (pool: Pool): Promise<void> => {
  // Loading without the secondary indexes and building them afterwards is several times faster than maintaining
  // them row by row; the constraints' indexes (primary key, event id, stream version) stay.
  const { rows: indexes } = await pool.query<{ indexname: string; indexdef: string }>(
    `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'events'
       AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = 'events'::regclass)`,
  );
  for (const { indexname } of indexes) await pool.query(`DROP INDEX ${indexname}`);
  const client = await pool.connect();
  const loading = performance.now();
  try {
    const copy = client.query(
      copyFrom(
        `COPY events (event_id, stream_id, stream_version, event_type, schema_version, data_form, metadata_form, data, metadata, occurred_at,
                      recorded_at, hash)
         FROM STDIN`,
      ),
    );
    await pipeline(Readable.from(copyRows()), copy);
  } finally {
    client.release();
  }
  const loaded = performance.now();
  await pool.query('INSERT INTO event_streams (stream_id, version) SELECT stream_id, max(stream_version) FROM events GROUP BY stream_id');
  const indexing = await pool.connect();
  try {
    await indexing.query(`SET maintenance_work_mem = '256MB'`);
    for (const { indexdef } of indexes) await indexing.query(indexdef);
  } finally {
    indexing.release(true);
  }
  const indexed = performance.now();
  await pool.query('VACUUM (ANALYZE) events, event_streams, process_owners');
  console.log(
    `seeded ${integer.format(totalEvents)} events by COPY in ${((loaded - loading) / 1000).toFixed(1)} s (hashes computed on the way), ` +
      `${indexes.length} secondary indexes built in ${((indexed - loaded) / 1000).toFixed(1)} s, ` +
      `VACUUM (ANALYZE) in ${((performance.now() - indexed) / 1000).toFixed(1)} s`,
  );
};

// ---- Run ---------------------------------------------------------------------------------------------------------

const run = async (db: TestDatabase): Promise<void> => {
  // The API's audit pool (apps/api, AuditModule) is interactive; the figures are of its sessions.
  const requests = createPool({ connectionString: db.url, max: 2, applicationName: 'cls-bench-audit', interactive: true, onIdleError: () => undefined });
  try {
    await measure(db, requests);
  } finally {
    await requests.end();
  }
};

const measure = async (db: TestDatabase, requests: Pool): Promise<void> => {
  const { pool } = db;
  const log = new AuditLog(requests);
  await seed(pool);
  await printTableSize(pool, 'after seeding');

  const checkpointing = performance.now();
  const checkpoint = await createCheckpoint(pool, 'on-demand', 'bench');
  console.log(
    `checkpoint of ${integer.format(checkpoint?.events ?? 0)} events in ${integer.format(checkpoint?.streams ?? 0)} streams ` +
      `taken in ${((performance.now() - checkpointing) / 1000).toFixed(1)} s`,
  );

  const long = processes[0]!;
  // The seeded chains must verify, or the figures would describe a broken store.
  const verified = await verifyProcess(pool, long.id);
  if (verified.status !== 'intact' || verified.events !== long.events || !verified.checkpoint?.matches) {
    throw new Error(`the long process does not verify: ${JSON.stringify(verified)}`);
  }
  console.log(`the long process verifies: ${verified.events} events in ${verified.streams} streams, checkpoint matches`);

  const others = processes.slice(1);
  const { rows: longPositions } = await pool.query<{ position: string }>(
    'SELECT global_position::text AS position FROM events WHERE process_id = $1 ORDER BY global_position',
    [long.id],
  );
  const midPositions = longPositions.slice(pageSize, -pageSize).map((row) => row.position);
  const council = (index: number) => `council-${index % councils}`;
  const nonTender: AuditFilter = { types: ['RouteDecided'], dataIn: { key: 'route', values: ['direct-award', 'grant'] } };
  const troubled = ['PlanEscalated', 'ContractTerminated', 'AbnormallyLowBidAccepted'];
  const period = { from: '2025-01-01T00:00:00Z', to: '2025-04-01T00:00:00Z' };

  const results: Measurement[] = [];
  const bench = benchInto(results, 50);
  // Whoever runs this beside other work (the worker benchmark's commands) names it here, and starts it on this line.
  const alongside = process.env['BENCH_AUDIT_ALONGSIDE'];
  console.log(`\nmeasuring (each after untimed warm-up calls)${alongside ? `, alongside ${alongside}` : ''}:`);
  const expectPage = (count: number, at_least = 1) => {
    if (count < at_least) throw new Error(`a query returned ${count} events`);
    return count;
  };
  const timelinePage = await bench(`timeline page of ${pageSize}, newest first`, ops, 1, () => {
    const process = pick(others);
    return async () => expectPage((await log.timeline(process.id, {}, { order: 'desc', limit: pageSize })).length, pageSize);
  });
  const timelineDeep = await bench(`timeline page of ${pageSize} after a cursor (5,000-event process)`, ops, 1, () => {
    const after = pick(midPositions);
    return async () => expectPage((await log.timeline(long.id, {}, { order: pick(['asc', 'desc'] as const), limit: pageSize, after })).length, pageSize);
  });
  await bench(`timeline page, type + actor filter`, ops, 1, () => {
    const process = pick(others);
    return async () => (await log.timeline(process.id, { types: ['ReturnSubmitted', 'KpiAssessed'] }, { order: 'desc', limit: pageSize })).length;
  });
  const nonTenderView = await bench('governance: non-tender-routes of one council', ops, 1, (index) => {
    const organisation = council(index);
    return async () => expectPage((await log.search(nonTender, { order: 'desc', limit: pageSize }, { organisation })).length);
  });
  const providerTrouble = await bench('governance: one provider, troubled types', ops, 1, () => {
    const provider = `provider-${Math.floor(random() * providers)}`;
    return async () => (await log.search({ provider, types: troubled }, { order: 'desc', limit: pageSize }, {})).length;
  });
  const lowBids = await bench('governance: accepted abnormally low bids of one council', ops, 1, (index) => {
    const organisation = council(index);
    return async () => (await log.search({ types: ['AbnormallyLowBidAccepted'] }, { order: 'desc', limit: pageSize }, { organisation })).length;
  });
  const actorPeriod = await bench('governance: one contract manager in a quarter', ops, 1, (index) => {
    const organisation = council(index);
    // The digits a contract manager's monitoring events carry (KpiAssessed, ComplaintLogged, ReviewHeld).
    const actorId = `cm-${organisation}-${[1, 3, 4, 6, 8, 9][index % 6] ?? 1}`;
    return async () => expectPage((await log.search({ actorId, ...period }, { order: 'desc', limit: pageSize }, { organisation })).length);
  });
  await bench('as-of: contract stream and history at a time', ops, 1, () => {
    const process = pick(others);
    return async () => (await log.streamAsOf(`contract-${process.id}`, '2025-01-01T00:00:00Z')).length + (await log.processAsOf(process.id, '2025-01-01T00:00:00Z')).length;
  });
  const verify = await bench(`verify one process's chain of ${integer.format(long.events)} events`, Math.max(20, Math.floor(ops / 5)), 1, () => async () => {
    const result = await verifyProcess(requests, long.id);
    if (result.status !== 'intact') throw new Error('the long process stopped verifying');
    return result.events;
  }, 5);

  console.log('\nresults (latency per call from the client, rows parsed; throughput over the wall time):\n');
  printTable(results);

  const against = (label: string, measured: Measurement, targetMs: number) => {
    const p95 = percentileOf(measured, 95);
    console.log(`${label.padEnd(58)} p50 ${percentileOf(measured, 50).toFixed(2).padStart(7)} ms  p95 ${p95.toFixed(2).padStart(7)} ms  target p95 <= ${targetMs} ms  ${p95 <= targetMs ? 'met' : 'MISSED'}`);
  };
  console.log('\nagainst the targets (issue 5, Speed):');
  against(timelinePage.name, timelinePage, 5);
  against(timelineDeep.name, timelineDeep, 5);
  for (const measured of [nonTenderView, providerTrouble, lowBids, actorPeriod]) against(measured.name, measured, 20);
  against(verify.name, verify, 50);

  console.log('\nEXPLAIN (ANALYZE, BUFFERS) of the audit trail\'s own statements, via auto_explain:');
  const other = pick(others);
  await explainCalls(db.url, [
    ['timeline page', async (explained) => (await new AuditLog(explained).timeline(other.id, {}, { order: 'desc', limit: pageSize })).length],
    [
      'timeline page after a cursor',
      async (explained) => (await new AuditLog(explained).timeline(long.id, {}, { order: 'desc', limit: pageSize, after: midPositions[1000] ?? '1' })).length,
    ],
    ['non-tender-routes of one council', async (explained) => (await new AuditLog(explained).search(nonTender, { order: 'desc', limit: pageSize }, { organisation: 'council-3' })).length],
    ['one provider, troubled types', async (explained) => (await new AuditLog(explained).search({ provider: 'provider-17', types: troubled }, { order: 'desc', limit: pageSize }, {})).length],
    ['accepted abnormally low bids of one council', async (explained) => (await new AuditLog(explained).search({ types: ['AbnormallyLowBidAccepted'] }, { order: 'desc', limit: pageSize }, { organisation: 'council-3' })).length],
    ['one contract manager in a quarter', async (explained) => (await new AuditLog(explained).search({ actorId: 'cm-council-3-3', ...period }, { order: 'desc', limit: pageSize }, { organisation: 'council-3' })).length],
    ['verify the 5,000-event process', async (explained) => (await verifyProcess(explained, long.id)).events, { allStatements: true }],
  ], interactiveSessionOptions);
};

export const runAuditBench = async (): Promise<void> => {
  const started = performance.now();
  console.log(
    `\naudit trail benchmark: ${integer.format(totalEvents)} events in ${integer.format(contracts)} processes ` +
      `(one of ${integer.format(longEvents)} events), ${ops} calls per measurement`,
  );
  const db = await createTestDatabase();
  try {
    await run(db);
  } finally {
    await db.drop();
  }
  console.log(`audit trail benchmark done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
};

/**
 * Event store benchmark: `npm run bench` (scripts/bench.sh). It seeds a database of its own, measures
 * PostgresEventStore and prints latency percentiles, throughput, memory, table size and query plans. It checks
 * that every measured call did what it should, but sets no speed thresholds: speed is read by comparing runs.
 *
 *   BENCH_CONTRACTS            streams to seed (default 2000)
 *   BENCH_EVENTS_PER_CONTRACT  events per seeded stream (default 50)
 *   BENCH_OPS                  timed calls per measurement (default 1000)
 */
import { parseContractEvent, StoredEvent, type PendingEvent } from '@cls/domain';
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { z } from 'zod';
import { type CommitCheckpoint, PostgresEventStore } from '../src/event-store';
import { createTestDatabase, type TestDatabase } from '../src/testing';

const positiveIntegerFromEnv = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new Error(`${name} must be a positive integer, got '${raw}'`);
  return Number(raw);
};

const concurrency = 8;
const pageSize = 500;
const warmupOps = 50;
const contracts = positiveIntegerFromEnv('BENCH_CONTRACTS', 2000);
const eventsPerContract = positiveIntegerFromEnv('BENCH_EVENTS_PER_CONTRACT', 50);
const ops = positiveIntegerFromEnv('BENCH_OPS', 1000);
// Half the streams take the appends, split among the concurrent writers; the other half keep their seeded length
// so every readStream reads exactly BENCH_EVENTS_PER_CONTRACT events.
if (contracts < 2 * concurrency) throw new Error(`BENCH_CONTRACTS must be at least ${2 * concurrency}`);

let interrupted = false;
// A first Ctrl-C stops at the next call so the database is still dropped; a second one kills as usual.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    console.log(`\n${signal}: stopping after the current call, then dropping the benchmark database`);
  });
}

// Seeded (mulberry32) so that two runs pick the same streams and checkpoints and compare like for like.
const random = (() => {
  let state = 0x2545f491;
  return (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
})();

const pick = <T>(items: readonly T[]): T => {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('cannot pick from an empty list');
  return item;
};

// ---- Events ----------------------------------------------------------------------------------------------------

const actor = { id: 'u-bench', role: 'commissioner', organisation: 'org-bench' } as const;

/** A valid NeedsAssessmentRecorded payload of realistic size, the same for seeded rows and appended events. */
const needsAssessment = (revision: number): Record<string, unknown> => ({
  need:
    'Short-break and respite provision for unpaid carers of adults with learning disabilities in the north ' +
    'locality, including overnight stays and day opportunities.',
  clientGroup: 'Adults (18-64) with learning disabilities and their unpaid carers',
  evidence: [
    {
      kind: 'needs-assessment-data',
      description: 'Joint strategic needs assessment, carers chapter',
      reference: 'JSNA 2025 ch. 4',
    },
    { kind: 'user-consultation', description: 'Carers forum consultation, 46 responses, spring 2025' },
  ],
  unmetNeeds: ['Weekend overnight respite within 10 miles', 'Emergency respite at less than 24 hours notice'],
  priority: 2,
  outcomes: [
    {
      level: 'individual',
      description: 'Carers are able to sustain their caring role and have a life of their own',
      indicator: 'Carer-reported quality of life (ASCOF 1D)',
      baseline: '7.1 (2024/25)',
      target: '7.6 by 2027/28',
    },
  ],
  serviceUserInvolvement: 'Co-produced with the carers partnership board; two carers sit on the evaluation panel.',
  revision,
});

const pendingEvents = (fromVersion: number, count: number): PendingEvent[] =>
  Array.from({ length: count }, (_, index) => {
    const correlationId = randomUUID();
    return {
      eventId: randomUUID(),
      type: 'NeedsAssessmentRecorded',
      schemaVersion: 1,
      data: needsAssessment(fromVersion + index),
      metadata: { actor, correlationId, causationId: `cmd-${correlationId}`, occurredAt: new Date().toISOString() },
    };
  });

// ---- Seeding -----------------------------------------------------------------------------------------------------

/** Sizes of a stream's successive appends, cycling through 1-5 events as commands record them. */
const appendSizes = (total: number): number[] => {
  const cycle = [1, 3, 2, 5, 1, 4, 2, 1, 3, 5];
  const sizes: number[] = [];
  for (let sum = 0, index = 0; sum < total; index += 1) {
    const size = Math.min(cycle[index % cycle.length] ?? 1, total - sum);
    sizes.push(size);
    sum += size;
  }
  return sizes;
};

/*
 * Seeding bypasses append on purpose: a round trip per append would make seeding take longer than the whole
 * measurement. It writes the rows append would write all the same: one committed transaction per append of 1-5
 * events to one stream (so transaction ids group events as they do in production, which readCommitted's index
 * depends on), streams advancing in turns so that a stream's events are spread over the heap as concurrent
 * contracts spread them, fresh uuids, envelopes that parse as StoredEvent, and event_streams at each stream's
 * version. COMMIT inside DO needs the block to be sent on its own, outside any transaction.
 */
const seedSql = `
DO $seed$
DECLARE
  data_template jsonb := current_setting('bench.data')::jsonb;
  metadata_template jsonb := current_setting('bench.metadata')::jsonb;
  contract_count integer := current_setting('bench.contracts')::integer;
  batch integer;
  first_version integer := 1;
  appends bigint := 0;
  occurred timestamptz;
BEGIN
  FOREACH batch IN ARRAY string_to_array(current_setting('bench.append_sizes'), ',')::integer[] LOOP
    FOR contract IN 1 .. contract_count LOOP
      appends := appends + 1;
      occurred := timestamptz '2025-01-06 09:00:00+00' + appends * interval '20 seconds';
      INSERT INTO events (event_id, stream_id, stream_version, event_type, schema_version, data, metadata, occurred_at)
      SELECT gen_random_uuid(), 'contract-' || md5('bench-contract-' || contract)::uuid, version,
             'NeedsAssessmentRecorded', 1,
             data_template || jsonb_build_object('revision', version),
             metadata_template || jsonb_build_object(
               'correlationId', 'corr-' || appends,
               'causationId', 'cmd-' || appends,
               'occurredAt', to_char(occurred AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
             occurred
      FROM generate_series(first_version, first_version + batch - 1) AS version;
      COMMIT;
    END LOOP;
    first_version := first_version + batch;
  END LOOP;
END
$seed$`;

const seed = async (pool: Pool): Promise<number> => {
  const sizes = appendSizes(eventsPerContract);
  const client = await pool.connect();
  try {
    await client.query(
      `SELECT set_config('bench.data', $1, false), set_config('bench.metadata', $2, false),
              set_config('bench.contracts', $3, false), set_config('bench.append_sizes', $4, false)`,
      [JSON.stringify(needsAssessment(0)), JSON.stringify({ actor }), String(contracts), sizes.join(',')],
    );
    await client.query(seedSql);
    await client.query(
      'INSERT INTO event_streams (stream_id, version) SELECT stream_id, max(stream_version) FROM events GROUP BY stream_id',
    );
  } finally {
    // Destroyed rather than returned, so no later query runs on a session carrying the bench.* settings.
    client.release(true);
  }
  return sizes.length * contracts;
};

// ---- Measuring ---------------------------------------------------------------------------------------------------

interface Measurement {
  name: string;
  latencies: number[];
  wallMs: number;
  /** Events written or read, for the events/s column. */
  events: number;
}

/**
 * `prepare` builds a call's input outside the timed span; the call it returns is timed and reports how many
 * events it wrote or read. Workers share one counter, so `count` is the total over all of them.
 */
const measure = async (
  name: string,
  count: number,
  workers: number,
  prepare: (index: number, worker: number) => () => Promise<number>,
): Promise<Measurement> => {
  const latencies: number[] = [];
  let events = 0;
  let next = 0;
  const work = async (worker: number): Promise<void> => {
    while (next < count) {
      if (interrupted) throw new Error('interrupted');
      const call = prepare(next, worker);
      next += 1;
      const started = performance.now();
      // Awaited into a constant first: `events += await call()` would read `events` before the await and lose
      // the other workers' additions.
      const handled = await call();
      latencies.push(performance.now() - started);
      events += handled;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: workers }, (_, worker) => work(worker)));
  return { name, latencies, wallMs: performance.now() - started, events };
};

const results: Measurement[] = [];

/** Untimed calls first: they open pool connections and warm plan, catalog and buffer caches. */
const bench = async (
  name: string,
  count: number,
  workers: number,
  prepare: (index: number, worker: number) => () => Promise<number>,
  warmup = warmupOps,
): Promise<void> => {
  if (warmup > 0) await measure(name, warmup, workers, prepare);
  const result = await measure(name, count, workers, prepare);
  results.push(result);
  console.log(`  measured ${name}: ${count} calls in ${(result.wallMs / 1000).toFixed(1)} s`);
};

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

const printTable = (rows: readonly Measurement[]): void => {
  const header = ['operation', 'count', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'ops/s', 'events/s'];
  const lines = rows.map((row) => {
    const sorted = [...row.latencies].sort((a, b) => a - b);
    const seconds = row.wallMs / 1000;
    return [
      row.name,
      integer.format(sorted.length),
      percentile(sorted, 50).toFixed(2),
      percentile(sorted, 95).toFixed(2),
      percentile(sorted, 99).toFixed(2),
      percentile(sorted, 100).toFixed(2),
      integer.format(sorted.length / seconds),
      integer.format(row.events / seconds),
    ];
  });
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => (line[column] ?? '').length)));
  const format = (cells: readonly string[]): string =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ');
  console.log(format(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const line of lines) console.log(format(line));
};

// ---- Database figures -------------------------------------------------------------------------------------------

const printTableSize = async (pool: Pool, when: string): Promise<void> => {
  const { rows } = await pool.query<{ total: string; heap: string; indexes: string; events: string }>(
    `SELECT pg_total_relation_size('events')::text AS total, pg_relation_size('events')::text AS heap,
            pg_indexes_size('events')::text AS indexes, (SELECT count(*) FROM events)::text AS events`,
  );
  const row = rows[0];
  if (!row) throw new Error('no size row');
  const total = Number(row.total);
  console.log(
    `events table ${when}: ${integer.format(Number(row.events))} events, pg_total_relation_size ${mib(total)} ` +
      `(heap ${mib(Number(row.heap))}, indexes ${mib(Number(row.indexes))}), ` +
      `${integer.format(total / Number(row.events))} bytes/event`,
  );
};

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string | undefined;
  'Index Name'?: string | undefined;
  'Actual Rows'?: number | undefined;
  'Shared Hit Blocks'?: number | undefined;
  'Shared Read Blocks'?: number | undefined;
  Plans?: PlanNode[] | undefined;
}

const PlanNode: z.ZodType<PlanNode> = z.lazy(() =>
  z.object({
    'Node Type': z.string(),
    'Relation Name': z.string().optional(),
    'Index Name': z.string().optional(),
    'Actual Rows': z.number().optional(),
    'Shared Hit Blocks': z.number().optional(),
    'Shared Read Blocks': z.number().optional(),
    Plans: z.array(PlanNode).optional(),
  }),
);

const AutoExplainEntry = z.object({ Plan: PlanNode });

/*
 * auto_explain reports EXPLAIN (ANALYZE, BUFFERS) of the statement the store itself sends, with its real
 * parameters, so a change to the store's SQL that loses its index shows here as well as a change to the schema;
 * an EXPLAIN of a copy of the SQL would miss the first. Its LOG lines reach the client as notices.
 */
const autoExplainOptions = [
  'session_preload_libraries=auto_explain',
  'auto_explain.log_min_duration=0',
  'auto_explain.log_analyze=on',
  'auto_explain.log_buffers=on',
  'auto_explain.log_format=json',
  'client_min_messages=log',
]
  .map((setting) => `-c ${setting}`)
  .join(' ');

const describeNode = (node: PlanNode): string =>
  [
    node['Node Type'],
    node['Index Name'] ? `using ${node['Index Name']}` : '',
    node['Relation Name'] ? `on ${node['Relation Name']}` : '',
  ]
    .filter(Boolean)
    .join(' ');

const planChain = (node: PlanNode): PlanNode[] => {
  const child = node.Plans?.[0];
  return child ? [node, ...planChain(child)] : [node];
};

const seqScans = (node: PlanNode): string[] => [
  ...(node['Node Type'] === 'Seq Scan' ? [node['Relation Name'] ?? '?'] : []),
  ...(node.Plans ?? []).flatMap(seqScans),
];

const explainStoreCalls = async (
  url: string,
  calls: ReadonlyArray<readonly [string, (store: PostgresEventStore) => Promise<number>]>,
): Promise<void> => {
  const pool = new Pool({ connectionString: url, max: 1, options: autoExplainOptions });
  const notices: string[] = [];
  pool.on('connect', (client) => {
    client.on('notice', (notice) => {
      if (notice.message?.startsWith('duration:')) notices.push(notice.message);
    });
  });
  const store = new PostgresEventStore(pool);
  try {
    for (const [label, call] of calls) {
      await call(store);
      notices.length = 0;
      const rows = await call(store);
      const [message, ...more] = notices;
      const match = /^duration: ([\d.]+) ms\s+plan:\s*([\s\S]*)$/.exec(message ?? '');
      if (!match || more.length > 0) throw new Error(`expected one auto_explain plan for ${label}, got ${notices.length}`);
      const plan = AutoExplainEntry.parse(JSON.parse(match[2] ?? '')).Plan;
      const scans = seqScans(plan);
      console.log(
        `${label.padEnd(28)} ${planChain(plan).map(describeNode).join(' -> ')}; rows ${plan['Actual Rows'] ?? '?'} ` +
          `(store returned ${rows}); buffers hit ${plan['Shared Hit Blocks'] ?? 0} read ${plan['Shared Read Blocks'] ?? 0}; ` +
          `execution ${Number(match[1]).toFixed(3)} ms` +
          (scans.length > 0 ? `; WARNING: sequential scan on ${scans.join(', ')}` : ''),
      );
    }
  } finally {
    await pool.end();
  }
};

// ---- Run ---------------------------------------------------------------------------------------------------------

interface AppendRecord {
  streamId: string;
  expectedVersion: number;
  events: PendingEvent[];
}

const countEvents = async (pool: Pool): Promise<number> => {
  const { rows } = await pool.query<{ count: string }>('SELECT count(*)::text AS count FROM events');
  return Number(rows[0]?.count);
};

const run = async (db: TestDatabase): Promise<void> => {
  const { pool } = db;
  const store = new PostgresEventStore(pool);

  const { rows: settings } = await pool.query<{ name: string; setting: string }>(
    `SELECT name, current_setting(name) AS setting FROM unnest(ARRAY['server_version', 'shared_buffers', 'fsync',
       'synchronous_commit', 'full_page_writes']) AS name`,
  );
  console.log(`postgres ${settings.map((row) => `${row.name}=${row.setting}`).join(' ')}`);

  const seeding = performance.now();
  console.log(
    `seeding ${integer.format(contracts)} contracts x ${eventsPerContract} events = ` +
      `${integer.format(contracts * eventsPerContract)} events ...`,
  );
  const transactions = await seed(pool);
  const seeded = performance.now();
  // Production tables are kept vacuumed and analysed by autovacuum; a freshly loaded one is not, and its first
  // readers would pay for setting hint bits and be planned without statistics.
  await pool.query('VACUUM (ANALYZE) events, event_streams');
  console.log(
    `seeded in ${((seeded - seeding) / 1000).toFixed(1)} s (${integer.format(transactions)} transactions), ` +
      `VACUUM (ANALYZE) in ${((performance.now() - seeded) / 1000).toFixed(1)} s`,
  );
  const seededEvents = await countEvents(pool);
  if (seededEvents !== contracts * eventsPerContract) throw new Error(`seeded ${seededEvents} events`);
  await printTableSize(pool, 'after seeding');

  const streams = (await pool.query<{ stream_id: string }>('SELECT stream_id FROM event_streams ORDER BY stream_id')).rows.map(
    (row) => row.stream_id,
  );
  // Seeded rows must read back exactly as appended ones do, or the figures would describe some other table.
  const sample = await store.readStream(pick(streams));
  sample.forEach((event, index) => {
    StoredEvent.parse(event);
    parseContractEvent(event.type, event.data);
    if (event.streamVersion !== index + 1) throw new Error(`seeded stream has version ${event.streamVersion} at ${index}`);
  });

  const appendStreams = streams.slice(0, Math.floor(streams.length / 2));
  const readStreams = streams.slice(appendStreams.length);
  const writerStreams = Array.from({ length: concurrency }, (_, writer) =>
    appendStreams.filter((_, index) => index % concurrency === writer),
  );
  const versions = new Map(streams.map((stream) => [stream, eventsPerContract]));

  console.log('\nmeasuring (each after untimed warm-up calls):');

  await bench(`readStream of ${eventsPerContract} events`, ops, 1, () => {
    const streamId = pick(readStreams);
    return async () => {
      const events = await store.readStream(streamId);
      if (events.length !== eventsPerContract) throw new Error(`${streamId} returned ${events.length} events`);
      return events.length;
    };
  });

  const maxStart = Math.max(1, seededEvents - pageSize);
  const positions = Array.from({ length: ops + warmupOps }, () => String(1 + Math.floor(random() * maxStart)));
  const { rows: checkpointRows } = await pool.query<{ transaction_id: string; global_position: string }>(
    'SELECT transaction_id::text, global_position::text FROM events WHERE global_position = ANY($1::bigint[])',
    [positions],
  );
  const checkpointAt = new Map(
    checkpointRows.map((row): [string, CommitCheckpoint] => [
      row.global_position,
      { transactionId: row.transaction_id, globalPosition: row.global_position },
    ]),
  );
  const checkpoints = positions.map((position) => {
    const checkpoint = checkpointAt.get(position);
    if (!checkpoint) throw new Error(`no event at position ${position}`);
    return checkpoint;
  });
  const expectedPage = Math.min(pageSize, seededEvents - 1);
  await bench(`readCommitted page of ${pageSize}`, ops, 1, () => {
    const checkpoint = pick(checkpoints);
    return async () => {
      const events = await store.readCommitted(checkpoint, pageSize);
      if (events.length < expectedPage) throw new Error(`readCommitted returned ${events.length} events`);
      return events.length;
    };
  });

  let after = '0';
  const pages = Math.ceil(seededEvents / pageSize);
  const readAllPage = (): (() => Promise<number>) => async () => {
    const events = await store.readAll({ after, limit: pageSize });
    after = events.at(-1)?.globalPosition ?? after;
    return events.length;
  };
  await measure('readAll warm-up', Math.min(5, pages), 1, readAllPage);
  after = '0';
  await bench(`readAll page of ${pageSize} (full pass)`, pages, 1, readAllPage, 0);
  if (after !== String(seededEvents)) throw new Error(`readAll stopped at position ${after}`);

  const appendTo =
    (size: number, streamsOf: (writer: number) => readonly string[], log?: AppendRecord[]) =>
    (_index: number, writer: number): (() => Promise<number>) => {
      const streamId = pick(streamsOf(writer));
      const expectedVersion = versions.get(streamId) ?? 0;
      const events = pendingEvents(expectedVersion + 1, size);
      return async () => {
        const result = await store.append(streamId, expectedVersion, events);
        if (result.alreadyAppended || result.nextVersion !== expectedVersion + size) {
          throw new Error(`append to ${streamId} at ${expectedVersion} answered ${JSON.stringify(result)}`);
        }
        versions.set(streamId, result.nextVersion);
        log?.push({ streamId, expectedVersion, events });
        return size;
      };
    };
  const anyAppendStream = (): readonly string[] => appendStreams;
  const streamsOfWriter = (writer: number): readonly string[] => writerStreams[writer] ?? [];
  const single: AppendRecord[] = [];
  const fives: AppendRecord[] = [];
  await bench('append 1 event, sequential', ops, 1, appendTo(1, anyAppendStream, single));
  await bench('append 5 events, sequential', ops, 1, appendTo(5, anyAppendStream, fives));
  await bench(`append 1 event, ${concurrency} concurrent`, ops, concurrency, appendTo(1, streamsOfWriter));
  await bench(`append 5 events, ${concurrency} concurrent`, ops, concurrency, appendTo(5, streamsOfWriter));

  const beforeRetries = await countEvents(pool);
  const retry = (log: readonly AppendRecord[]) => (index: number) => {
    const record = log[index % log.length];
    if (!record) throw new Error('nothing to retry');
    return async () => {
      const result = await store.append(record.streamId, record.expectedVersion, record.events);
      const sameIds = result.events.every((event, at) => event.eventId === record.events[at]?.eventId);
      if (!result.alreadyAppended || !sameIds) throw new Error(`retry on ${record.streamId} was not answered idempotently`);
      return 0;
    };
  };
  await bench('append retry of 1 event', ops, 1, retry(single));
  await bench('append retry of 5 events', ops, 1, retry(fives));
  const afterRetries = await countEvents(pool);
  if (afterRetries !== beforeRetries) throw new Error(`retries wrote ${afterRetries - beforeRetries} events`);

  console.log('\nresults (latency per call; throughput over the wall time of the measurement):\n');
  printTable(results);
  console.log(`\nretries: ${integer.format(2 * (ops + warmupOps))} answered with alreadyAppended, 0 events written`);
  await printTableSize(pool, 'at the end');

  console.log('\nEXPLAIN (ANALYZE, BUFFERS) of the store\'s own statements, via auto_explain:');
  await explainStoreCalls(db.url, [
    ['readStream', async (explained) => (await explained.readStream(pick(readStreams))).length],
    [
      `readCommitted (page of ${pageSize})`,
      async (explained) => (await explained.readCommitted(pick(checkpoints), pageSize)).length,
    ],
    [
      `readAll (page of ${pageSize})`,
      async (explained) => (await explained.readAll({ after: pick(checkpoints).globalPosition, limit: pageSize })).length,
    ],
  ]);
};

/** After a full collection when scripts/bench.sh exposes gc, so the figure is what stays live, not garbage. */
const memoryUsage = (): NodeJS.MemoryUsage => {
  globalThis.gc?.();
  return process.memoryUsage();
};

const printMemory = (label: string, usage: NodeJS.MemoryUsage): void => {
  console.log(`${label.padEnd(25)} rss ${mib(usage.rss)}, heap used ${mib(usage.heapUsed)} of ${mib(usage.heapTotal)}`);
};

const main = async (): Promise<void> => {
  const started = performance.now();
  const memoryBefore = memoryUsage();
  console.log(
    `event store benchmark: ${integer.format(contracts)} contracts x ${eventsPerContract} events, ${ops} calls per ` +
      `measurement; node ${process.version}, ${availableParallelism()} CPUs`,
  );
  const db = await createTestDatabase();
  const created = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`database ${new URL(db.url).pathname.slice(1)} created and migrated in ${created} s`);
  let memoryAfter: NodeJS.MemoryUsage;
  try {
    await run(db);
    memoryAfter = memoryUsage();
  } finally {
    await db.drop();
  }
  console.log(`\nprocess memory${globalThis.gc ? ' (after a full GC)' : ''}:`);
  printMemory('before', memoryBefore);
  printMemory('after', memoryAfter);
  // ru_maxrss is in KiB on Linux.
  console.log(`${'peak rss'.padEnd(25)} ${mib(process.resourceUsage().maxRSS * 1024)}`);
  console.log(`\nbenchmark database dropped; whole run ${((performance.now() - started) / 1000).toFixed(1)} s`);
};

main().catch((error: unknown) => {
  console.error(interrupted ? 'benchmark interrupted; its database was dropped' : error);
  process.exitCode = 1;
});

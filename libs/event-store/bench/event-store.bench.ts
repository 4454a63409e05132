/**
 * Event store benchmark: `npm run bench` (scripts/bench.sh). It seeds a database of its own, measures
 * PostgresEventStore and prints latency percentiles, throughput, memory, table size and query plans, and the append
 * at 8 clients beside pgbench running the append's statements (pgbench.ts); then runs the audit trail benchmark
 * (audit.bench.ts) in another database. It checks that every measured call did what it
 * should, but sets no speed thresholds: speed is read by comparing runs (the audit trail's targets are printed
 * beside its figures).
 *
 *   BENCH_CONTRACTS            streams to seed (default 2000)
 *   BENCH_EVENTS_PER_CONTRACT  events per seeded stream (default 50)
 *   BENCH_OPS                  timed calls per measurement (default 1000)
 *   BENCH_PGBENCH              the pgbench binary that runs beside the append (scripts/bench.sh passes PostgreSQL's)
 *   BENCH_PGBENCH_JOBS         pgbench threads (default 1)
 *   BENCH_STORE=0              skip this part; BENCH_AUDIT=0 skips the audit trail's (see audit.bench.ts)
 */
import { parseContractEvent, StoredEvent, type PendingEvent } from '@cls/domain';
import { randomUUID } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Pool } from 'pg';
import { type CommitCheckpoint, PostgresEventStore } from '../src/event-store';
import { jsonForm } from '../src/hash-chain';
import { fillStoredForms, sealUnhashedEvents } from '../src/seal';
import { createTestDatabase, type TestDatabase } from '../src/testing';
import { runAuditBench } from './audit.bench';
import { type PgbenchScript, pgbenchScripts, runPgbench, seededStream, writerStream } from './pgbench';
import {
  benchInto,
  explainCalls,
  integer,
  interruption,
  measure,
  mib,
  pickWith,
  positiveIntegerFromEnv,
  printTable,
  printTableSize,
  seededRandom,
  type Measurement,
} from './kit';

const concurrency = 8;
const pageSize = 500;
const warmupOps = 50;
const contracts = positiveIntegerFromEnv('BENCH_CONTRACTS', 2000);
const eventsPerContract = positiveIntegerFromEnv('BENCH_EVENTS_PER_CONTRACT', 50);
const ops = positiveIntegerFromEnv('BENCH_OPS', 1000);
// Half the streams take the appends, split among the concurrent writers; the other half keep their seeded length
// so every readStream reads exactly BENCH_EVENTS_PER_CONTRACT events.
if (contracts < 2 * concurrency) throw new Error(`BENCH_CONTRACTS must be at least ${2 * concurrency}`);
const streamsPerWriter = Math.floor(contracts / 2 / concurrency);

// A first Ctrl-C stops at the next call so the database is still dropped; a second one kills as usual.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interruption.requested = true;
    console.log(`\n${signal}: stopping after the current call, then dropping the benchmark database`);
  });
}

const random = seededRandom(0x2545f491);
const pick = pickWith(random);

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
      SELECT gen_random_uuid(), ${seededStream('contract')}, version,
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

const results: Measurement[] = [];
const sideBySideLines: string[] = [];
/** By default one pgbench thread for its clients, as the store's one Node thread has for its writers. */
const pgbenchThreads = positiveIntegerFromEnv('BENCH_PGBENCH_JOBS', 1);
const bench = benchInto(results, warmupOps);

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

const loadAverage = (): string => loadavg().map((load) => load.toFixed(2)).join(' ');

/**
 * The append at `concurrency` clients and, right after it on the same database, pgbench running the statements an
 * append sends (pgbench.ts), each printed with the load average when it started and the append's share of it. The
 * streams pgbench appended to are at new versions afterwards, which `versions` is brought up to.
 */
const sideBySide = async (db: TestDatabase, versions: Map<string, number>, append: () => Promise<Measurement>): Promise<void> => {
  const binary = process.env['BENCH_PGBENCH'];
  if (!binary) throw new Error('BENCH_PGBENCH must name the pgbench binary (scripts/bench.sh passes PostgreSQL 15\'s)');
  const lines: string[] = [];
  const loadBefore = loadAverage();
  const cpuBefore = process.cpuUsage();
  const measured = await append();
  const cpu = process.cpuUsage(cpuBefore);
  const appendRate = measured.latencies.length / (measured.wallMs / 1000);
  const cpuPerAppend = (cpu.user + cpu.system) / 1000 / (measured.latencies.length + warmupOps);
  lines.push(
    `  ${measured.name.padEnd(58)} ${integer.format(appendRate).padStart(6)}/s   load ${loadBefore}   ` +
      `client CPU ${cpuPerAppend.toFixed(2)} ms per append`,
  );
  const event = pendingEvents(1, 1)[0];
  if (!event) throw new Error('no event to bench with');
  const options = {
    binary,
    url: db.url,
    clients: concurrency,
    threads: pgbenchThreads,
    writers: concurrency,
    perWriter: streamsPerWriter,
    data: jsonForm(event.data),
    metadata: jsonForm(event.metadata),
    occurredAt: event.metadata.occurredAt,
  };
  for (const script of Object.keys(pgbenchScripts) as PgbenchScript[]) {
    await runPgbench(script, { ...options, transactionsPerClient: Math.ceil(warmupOps / concurrency) });
    const before = await countEvents(db.pool);
    const load = loadAverage();
    const transactionsPerClient = Math.ceil(ops / concurrency);
    const tps = await runPgbench(script, { ...options, transactionsPerClient });
    const written = (await countEvents(db.pool)) - before;
    if (written !== transactionsPerClient * concurrency) throw new Error(`pgbench running ${script} wrote ${written} events`);
    lines.push(
      `  pgbench, ${script}`.padEnd(60) +
        ` ${integer.format(tps).padStart(6)}/s   load ${load}   append = ${((100 * appendRate) / tps).toFixed(0)}% of it`,
    );
  }
  const { rows } = await db.pool.query<{ stream_id: string; version: number }>('SELECT stream_id, version FROM event_streams');
  for (const row of rows) versions.set(row.stream_id, row.version);
  sideBySideLines.push(...lines);
  console.log(lines.join('\n'));
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
  // The seed writes rows as the store did before the hash chain and stored forms; sealing and filling give them
  // their hashes and forms, as they do a database migrated from then, so that appends chain onto sealed streams
  // and verification reads forms as they do in production.
  await sealUnhashedEvents(pool);
  const sealed = performance.now();
  await fillStoredForms(pool);
  const filled = performance.now();
  // Production tables are kept vacuumed and analysed by autovacuum; a freshly loaded one is not, and its first
  // readers would pay for setting hint bits and be planned without statistics.
  await pool.query('VACUUM (ANALYZE) events, event_streams');
  console.log(
    `seeded in ${((seeded - seeding) / 1000).toFixed(1)} s (${integer.format(transactions)} transactions), ` +
      `sealed in ${((sealed - seeded) / 1000).toFixed(1)} s, given stored forms in ${((filled - sealed) / 1000).toFixed(1)} s, ` +
      `VACUUM (ANALYZE) in ${((performance.now() - filled) / 1000).toFixed(1)} s`,
  );
  const seededEvents = await countEvents(pool);
  if (seededEvents !== contracts * eventsPerContract) throw new Error(`seeded ${seededEvents} events`);
  await printTableSize(pool, 'after seeding');

  // In the seed's order: the first half take the appends, writer w the streams pgbench's client w appends to.
  const { rows: named } = await pool.query<{ stream_id: string }>(
    `SELECT ${seededStream('k')} AS stream_id FROM generate_series(1, $1::integer) AS k ORDER BY k`,
    [contracts],
  );
  const streams = named.map((row) => row.stream_id);
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
    Array.from({ length: streamsPerWriter }, (_, slot) => streams[writerStream(writer, slot, concurrency) - 1] ?? ''),
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
  await sideBySide(db, versions, () =>
    bench(`append 1 event, ${concurrency} concurrent`, ops, concurrency, appendTo(1, streamsOfWriter)),
  );
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
  console.log(
    `\nside by side at ${concurrency} clients, one event per append, same database (load average: 1, 5, 15 minutes, ` +
      `as each started; pgbench --protocol=prepared --jobs=${pgbenchThreads}):`,
  );
  console.log(sideBySideLines.join('\n'));
  console.log(`\nretries: ${integer.format(2 * (ops + warmupOps))} answered with alreadyAppended, 0 events written`);
  await printTableSize(pool, 'at the end');

  console.log('\nEXPLAIN (ANALYZE, BUFFERS) of the store\'s own statements, via auto_explain:');
  const explained = (pool: Pool) => new PostgresEventStore(pool);
  await explainCalls(db.url, [
    ['readStream', async (pool) => (await explained(pool).readStream(pick(readStreams))).length],
    [`readCommitted (page of ${pageSize})`, async (pool) => (await explained(pool).readCommitted(pick(checkpoints), pageSize)).length],
    [
      `readAll (page of ${pageSize})`,
      async (pool) => (await explained(pool).readAll({ after: pick(checkpoints).globalPosition, limit: pageSize })).length,
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

const runStoreBench = async (): Promise<void> => {
  const started = performance.now();
  console.log(
    `event store benchmark: ${integer.format(contracts)} contracts x ${eventsPerContract} events, ${ops} calls per ` +
      `measurement; node ${process.version}, ${availableParallelism()} CPUs`,
  );
  const db = await createTestDatabase();
  const created = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`database ${new URL(db.url).pathname.slice(1)} created and migrated in ${created} s`);
  try {
    await run(db);
  } finally {
    await db.drop();
  }
};

const main = async (): Promise<void> => {
  const started = performance.now();
  const memoryBefore = memoryUsage();
  if (process.env['BENCH_STORE'] !== '0') await runStoreBench();
  if (process.env['BENCH_AUDIT'] !== '0') await runAuditBench();
  const memoryAfter = memoryUsage();
  console.log(`\nprocess memory${globalThis.gc ? ' (after a full GC)' : ''}:`);
  printMemory('before', memoryBefore);
  printMemory('after', memoryAfter);
  // ru_maxrss is in KiB on Linux.
  console.log(`${'peak rss'.padEnd(25)} ${mib(process.resourceUsage().maxRSS * 1024)}`);
  console.log(`\nbenchmark databases dropped; whole run ${((performance.now() - started) / 1000).toFixed(1)} s`);
};

main().catch((error: unknown) => {
  console.error(interruption.requested ? 'benchmark interrupted; its database was dropped' : error);
  process.exitCode = 1;
});

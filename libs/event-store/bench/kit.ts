/**
 * What both benchmarks (the store's and the audit trail's) share: timed calls, percentiles, the results table and
 * query plans taken from the server itself via auto_explain.
 */
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { z } from 'zod';

export const positiveIntegerFromEnv = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new Error(`${name} must be a positive integer, got '${raw}'`);
  return Number(raw);
};

export const interruption = { requested: false };

/** Seeded (mulberry32) so that two runs pick the same inputs and compare like for like. */
export const seededRandom = (seed: number): (() => number) => {
  let state = seed;
  return (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

export const pickWith =
  (random: () => number) =>
  <T>(items: readonly T[]): T => {
    const item = items[Math.floor(random() * items.length)];
    if (item === undefined) throw new Error('cannot pick from an empty list');
    return item;
  };

export interface Measurement {
  name: string;
  latencies: number[];
  wallMs: number;
  /** Events written or read, for the events/s column. */
  events: number;
}

export type Prepare = (index: number, worker: number) => () => Promise<number>;

/**
 * `prepare` builds a call's input outside the timed span; the call it returns is timed and reports how many
 * events it wrote or read. Workers share one counter, so `count` is the total over all of them.
 */
export const measure = async (name: string, count: number, workers: number, prepare: Prepare): Promise<Measurement> => {
  const latencies: number[] = [];
  let events = 0;
  let next = 0;
  const work = async (worker: number): Promise<void> => {
    while (next < count) {
      if (interruption.requested) throw new Error('interrupted');
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

/** Untimed calls first: they open pool connections and warm plan, catalog and buffer caches. */
export const benchInto =
  (results: Measurement[], warmupOps: number) =>
  async (name: string, count: number, workers: number, prepare: Prepare, warmup = warmupOps): Promise<Measurement> => {
    if (warmup > 0) await measure(name, warmup, workers, prepare);
    const result = await measure(name, count, workers, prepare);
    results.push(result);
    console.log(`  measured ${name}: ${count} calls in ${(result.wallMs / 1000).toFixed(1)} s`);
    return result;
  };

export const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

export const percentileOf = (measurement: Measurement, p: number): number =>
  percentile([...measurement.latencies].sort((a, b) => a - b), p);

export const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
export const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

export const printTable = (rows: readonly Measurement[]): void => {
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

export const printTableSize = async (pool: Pool, when: string): Promise<void> => {
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
 * auto_explain reports EXPLAIN (ANALYZE, BUFFERS) of the statements the code itself sends, with their real
 * parameters, so a change to the SQL that loses its index shows here as well as a change to the schema; an
 * EXPLAIN of a copy of the SQL would miss the first. Its LOG lines reach the client as notices.
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
  [node['Node Type'], node['Index Name'] ? `using ${node['Index Name']}` : '', node['Relation Name'] ? `on ${node['Relation Name']}` : '']
    .filter(Boolean)
    .join(' ');

/** Every scan in the plan (depth first), the part that says which indexes were used. */
const scans = (node: PlanNode): PlanNode[] => [
  ...(/Scan/.test(node['Node Type']) ? [node] : []),
  ...(node.Plans ?? []).flatMap(scans),
];

const planChain = (node: PlanNode): PlanNode[] => {
  const child = node.Plans?.[0];
  return child ? [node, ...planChain(child)] : [node];
};

export type ExplainedCall = readonly [label: string, call: (pool: Pool) => Promise<number>, options?: { allStatements?: boolean }];

/**
 * Runs each call twice on a session with auto_explain (the first warms caches) and prints the plan of the second:
 * its top nodes, every scan it used, rows, buffers and execution time, and a warning on any sequential scan of a
 * table. A call that sends several statements has each printed.
 */
export const explainCalls = async (url: string, calls: readonly ExplainedCall[], sessionOptions = ''): Promise<void> => {
  const pool = new Pool({ connectionString: url, max: 1, options: `${autoExplainOptions} ${sessionOptions}`.trim() });
  const notices: string[] = [];
  pool.on('connect', (client) => {
    client.on('notice', (notice) => {
      if (notice.message?.startsWith('duration:')) notices.push(notice.message);
    });
  });
  try {
    for (const [label, call, options] of calls) {
      await call(pool);
      notices.length = 0;
      const rows = await call(pool);
      if (notices.length === 0 || (notices.length > 1 && !options?.allStatements)) {
        throw new Error(`expected one auto_explain plan for ${label}, got ${notices.length}`);
      }
      notices.forEach((message, index) => {
        const match = /^duration: ([\d.]+) ms\s+plan:\s*([\s\S]*)$/.exec(message);
        if (!match) throw new Error(`unreadable auto_explain notice for ${label}`);
        const plan = AutoExplainEntry.parse(JSON.parse(match[2] ?? '')).Plan;
        const used = scans(plan);
        const sequential = used.filter((node) => node['Node Type'] === 'Seq Scan').map((node) => node['Relation Name'] ?? '?');
        const name = notices.length > 1 ? `${label} [${index + 1}/${notices.length}]` : label;
        console.log(
          `${name}\n    plan: ${planChain(plan).slice(0, 4).map(describeNode).join(' -> ')}` +
            `\n    scans: ${used.map(describeNode).join('; ')}` +
            `\n    rows ${plan['Actual Rows'] ?? '?'} (call returned ${rows}); buffers hit ${plan['Shared Hit Blocks'] ?? 0} ` +
            `read ${plan['Shared Read Blocks'] ?? 0}; execution ${Number(match[1]).toFixed(3)} ms` +
            (sequential.length > 0 ? `\n    WARNING: sequential scan on ${sequential.join(', ')}` : ''),
        );
      });
    }
  } finally {
    await pool.end();
  }
};

/**
 * Pipeline benchmark: how late events reach the read models while contracts take a steady stream of commands.
 * Starts the whole stack (API, worker, relay, reporting) on the running PostgreSQL, Temporal and Kafka, in a
 * database and topic of its own, opens contracts through the API, offers BENCH_PIPELINE_RATE commands a second
 * (default 50) for BENCH_PIPELINE_SECONDS (default 30) spread over them, waits for the projections to catch up, and
 * reads the reporting service's `cls_projection_latency_seconds`: from each event's commit in the store to the
 * projections' commit. The target is p99 <= 200 ms at 50 commands a second.
 *
 *   node --conditions=development -r @swc-node/register test/bench/pipeline.bench.ts
 */
import { steadyLoad } from '@cls/event-store/bench/steady-load';
import { loadavg } from 'node:os';
import { z } from 'zod';
import { needsAssessment, startStack } from '../e2e/fixtures';
import { callerFor, expectStatus } from '../e2e/http';

const settings = z
  .object({
    BENCH_PIPELINE_RATE: z.coerce.number().int().positive().default(50),
    BENCH_PIPELINE_SECONDS: z.coerce.number().int().positive().default(30),
    BENCH_PIPELINE_CONTRACTS: z.coerce.number().int().positive().default(100),
  })
  .parse(process.env);

const loadText = (): string => loadavg().slice(0, 2).map((value) => value.toFixed(2)).join(' (1 min), ') + ' (5 min)';

/** A histogram's cumulative buckets as Prometheus exposes them, read from the text format. */
const histogramOf = (metrics: string, name: string): { le: number; count: number }[] =>
  metrics
    .split('\n')
    .map((line) => new RegExp(`^${name}_bucket\\{[^}]*le="([^"]+)"[^}]*\\} (\\d+)`).exec(line))
    .flatMap((match) => (match ? [{ le: match[1] === '+Inf' ? Number.POSITIVE_INFINITY : Number(match[1]), count: Number(match[2]) }] : []));

/** The bucket bound under which a share of the observations falls: the quantile, to the histogram's resolution. */
const quantileBound = (buckets: readonly { le: number; count: number }[], share: number): number => {
  const total = buckets.at(-1)?.count ?? 0;
  return buckets.find((bucket) => bucket.count >= share * total)?.le ?? Number.NaN;
};

const main = async (): Promise<void> => {
  const { BENCH_PIPELINE_RATE: rate, BENCH_PIPELINE_SECONDS: duration, BENCH_PIPELINE_CONTRACTS: contracts } = settings;
  console.log(`\npipeline benchmark: ${rate} commands/s for ${duration} s over ${contracts} contracts; load average ${loadText()}`);
  const stack = await startStack({ readModels: true });
  try {
    const commissioner = await callerFor(stack.apiUrl, { id: 'bench-commissioner', role: 'commissioner', organisation: 'bench-council' }, stack.auth);
    const staff = await callerFor(stack.reportingUrl ?? '', { id: 'bench-governance', role: 'governance', organisation: 'bench-council' }, stack.auth);
    const ids: string[] = [];
    while (ids.length < contracts) {
      ids.push((await expectStatus<{ contractId: string }>(commissioner.post('/contracts', { title: `Pipeline benchmark ${ids.length}` }), 201)).contractId);
    }
    const load = steadyLoad(rate, (index) =>
      expectStatus(commissioner.post(`/contracts/${ids[index % ids.length] ?? ''}/needs-assessment`, needsAssessment), 200),
    );
    await new Promise((resolve) => setTimeout(resolve, duration * 1000));
    const report = await load.stop();
    console.log(`commands: ${report.summary}; load average ${loadText()}`);
    for (const error of new Set(report.errors)) console.log(`  command error: ${error}`);

    // Caught up when every projection has handled every message on the topic.
    const caughtUpBy = Date.now() + 300_000;
    for (;;) {
      const response = await staff.get('/projections');
      const body = (await response.json()) as { relay?: { unpublishedEvents?: number }; projections?: { lagEvents?: number }[] };
      const projected = (body.projections ?? []).every((projection) => projection.lagEvents === 0);
      if (response.status === 200 && body.relay?.unpublishedEvents === 0 && projected) break;
      if (Date.now() > caughtUpBy) throw new Error(`the projections did not catch up: ${JSON.stringify(body)}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const metrics = await (await fetch(`${stack.reportingUrl ?? ''}/metrics`)).text();
    const buckets = histogramOf(metrics, 'cls_projection_latency_seconds');
    const total = buckets.at(-1)?.count ?? 0;
    if (total === 0) throw new Error('the reporting service observed no events');
    const under = (seconds: number) => ((buckets.find((bucket) => bucket.le === seconds)?.count ?? 0) / total) * 100;
    const p99 = quantileBound(buckets, 0.99);
    console.log(`events projected: ${total}, from commit in the store to the projections' commit:`);
    console.log(`  p50 <= ${quantileBound(buckets, 0.5) * 1000} ms, p95 <= ${quantileBound(buckets, 0.95) * 1000} ms, p99 <= ${p99 * 1000} ms (bucket bounds)`);
    console.log(`  within 100 ms ${under(0.1).toFixed(1)}%, within 200 ms ${under(0.2).toFixed(1)}%, within 500 ms ${under(0.5).toFixed(1)}%`);
    console.log(`  target p99 <= 200 ms: ${p99 <= 0.2 ? 'met' : 'MISSED'}`);
  } finally {
    await stack.stop();
  }
};

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

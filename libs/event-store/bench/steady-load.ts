import { performance } from 'node:perf_hooks';
import { percentile } from './kit';

/** What a steady load did by the time it was stopped. */
export interface SteadyLoadReport {
  offered: number;
  done: number;
  seconds: number;
  errors: string[];
  /** Calls due while 64 were still in flight, so never sent. */
  skipped: number;
  /** Latencies of the calls that succeeded, sorted, ms. */
  latencies: number[];
  summary: string;
}

/**
 * Offers `rate` calls a second on a schedule rather than one after another, as a deployment's users give commands,
 * so a slow call does not lower the rate (at most 64 in flight).
 */
export const steadyLoad = (rate: number, call: (index: number) => Promise<unknown>): { stop: () => Promise<SteadyLoadReport> } => {
  const latencies: number[] = [];
  const errors: string[] = [];
  const inFlight = new Set<Promise<void>>();
  let offered = 0;
  let skipped = 0;
  const started = performance.now();
  const timer = setInterval(() => {
    const due = Math.floor(((performance.now() - started) / 1000) * rate);
    for (; offered < due; offered += 1) {
      if (inFlight.size >= 64) {
        skipped += 1;
        continue;
      }
      const at = performance.now();
      const done: Promise<void> = call(offered)
        .then(() => void latencies.push(performance.now() - at))
        .catch((error: unknown) => void errors.push(error instanceof Error ? error.message : String(error)))
        .finally(() => inFlight.delete(done));
      inFlight.add(done);
    }
  }, 10);
  return {
    stop: async () => {
      clearInterval(timer);
      const seconds = (performance.now() - started) / 1000;
      await Promise.all(inFlight);
      latencies.sort((a, b) => a - b);
      const summary =
        `${(latencies.length / seconds).toFixed(1)}/s done of ${rate}/s offered over ${seconds.toFixed(0)} s ` +
        `(p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms; ${errors.length} errors, ${skipped} not sent: 64 in flight)`;
      return { offered, done: latencies.length, seconds, errors, skipped, latencies, summary };
    },
  };
};

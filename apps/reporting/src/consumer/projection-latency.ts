import { Injectable } from '@nestjs/common';
import { Histogram } from 'prom-client';

/**
 * How long an event took from its commit in the event store (its `recordedAt`, PostgreSQL's clock) to the commit of
 * every projection that applies it: relay, Kafka and consumer together, as a reader of the register waits for it.
 * Lag in messages (`cls_projection_lag_events`) says how far behind the projections are; this says how late.
 */
@Injectable()
export class ProjectionLatency {
  readonly histogram = new Histogram({
    name: 'cls_projection_latency_seconds',
    help: 'From an event’s commit in the event store to its projections’ commit',
    buckets: [0.025, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 1, 2, 5, 10, 30, 60],
    registers: [],
  });

  observe(recordedAt: string, nowMs: number = Date.now()): void {
    const committedMs = Date.parse(recordedAt);
    // A redelivered or rebuilt event is hours old by design; it says nothing of the pipeline's speed.
    if (Number.isFinite(committedMs)) this.histogram.observe(Math.max(0, nowMs - committedMs) / 1000);
  }
}

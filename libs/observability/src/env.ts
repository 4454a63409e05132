import { z } from 'zod';

// 0 asks the OS for a free port: for tests that run several processes of one kind side by side.
const port = z.coerce.number().int().min(0).max(65535);

/** Tracing: spans go to an OTLP/HTTP collector when its endpoint is set, and nowhere otherwise. */
export const TracingEnv = z.object({
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
});

/** Where the worker's and the relay's Prometheus endpoints listen: loopback unless an operator opens them up. */
export const MetricsHostEnv = z.object({
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
});

/** Each process that serves no HTTP of its own has its own variable, so one shared environment file cannot clash them. */
export const WorkerMetricsEnv = MetricsHostEnv.extend({ WORKER_METRICS_PORT: port.default(9464) });
export const RelayMetricsEnv = MetricsHostEnv.extend({ RELAY_METRICS_PORT: port.default(9465) });

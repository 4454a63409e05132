import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * One registry per process (or per app instance in a test), never prom-client's global one: two apps built in one
 * jest run would otherwise register the same metric twice and throw.
 */
export const createMetricsRegistry = (service: string): Registry => {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
};

/** Requests by route template (`/contracts/:id`), never the raw path: ids would make one series per contract. */
export interface HttpMetrics {
  duration: Histogram<'method' | 'route' | 'status'>;
  requests: Counter<'method' | 'route' | 'status'>;
}

export const httpMetricsOf = (registry: Registry): HttpMetrics => ({
  duration: new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route template and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  }),
  requests: new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route template and status',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  }),
});

/** A stand-alone `/metrics` endpoint, for the processes that serve no HTTP of their own (relay, worker). */
export const serveMetrics = async (registry: Registry, host: string, port: number): Promise<Server> => {
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: metrics are at GET /metrics\n');
      return;
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (error: unknown) => response.writeHead(500, { 'content-type': 'text/plain' }).end(`${String(error)}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
};

export const urlOf = (server: Server): string => {
  const { address, port } = server.address() as AddressInfo;
  return `http://${address}:${port}/metrics`;
};

import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { NextFunction, Request, Response } from 'express';
import type { Registry } from 'prom-client';
import { httpMetricsOf } from './metrics';

/** Requests no route matched (404s, probes for random paths) share one series rather than one per path. */
export const unmatchedRoute = 'unmatched';

/**
 * Express reports the matched route only once its router has run, so the labels are read when the response
 * finishes: `baseUrl` + `route.path` is the template (`/contracts/:id`), not the requested path.
 */
const routeOf = (request: Request): string => {
  const route: unknown = request.route;
  const path: unknown = typeof route === 'object' && route !== null && 'path' in route ? route.path : undefined;
  return typeof path === 'string' ? `${request.baseUrl}${path}` : unmatchedRoute;
};

/**
 * Times and counts every request, and opens the server span every span the request causes (the Temporal
 * client's StartWorkflow/UpdateWorkflow) descends from; an incoming `traceparent` makes it a child of the caller's.
 */
export const httpObservability = (registry: Registry, tracerName: string) => {
  const metrics = httpMetricsOf(registry);
  const tracer = trace.getTracer(tracerName);
  return (request: Request, response: Response, next: NextFunction): void => {
    const parent = propagation.extract(context.active(), request.headers);
    const span = tracer.startSpan(`${request.method}`, { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method } }, parent);
    const stopTimer = metrics.duration.startTimer();
    response.once('finish', () => {
      const labels = { method: request.method, route: routeOf(request), status: String(response.statusCode) };
      stopTimer(labels);
      metrics.requests.inc(labels);
      span.updateName(`${request.method} ${labels.route}`);
      span.setAttributes({ 'http.route': labels.route, 'http.response.status_code': response.statusCode });
      if (response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(trace.setSpan(parent, span), next);
  };
};

/** `GET /metrics` as a plain Express handler: outside Nest, so neither the auth guard nor the OpenAPI document sees it. */
export const metricsHandler =
  (registry: Registry) =>
  (_request: Request, response: Response): void => {
    registry.metrics().then(
      (text) => response.set('content-type', registry.contentType).send(text),
      (error: unknown) => response.status(500).type('text/plain').send(String(error)),
    );
  };

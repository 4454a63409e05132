import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, NoopSpanProcessor, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';

export interface Tracing {
  provider: NodeTracerProvider;
  resource: Resource;
  /** What finished spans go to; the worker hands it to the workflow sinks, whose spans are made in the isolate. */
  spanProcessor: SpanProcessor;
  shutdown(): Promise<void>;
}

export interface TracingSettings {
  serviceName: string;
  /** `OTEL_EXPORTER_OTLP_ENDPOINT`: spans go there over OTLP/HTTP. Unset, spans are made (so ids propagate) and dropped. */
  otlpEndpoint?: string | undefined;
  /** Tests pass an in-memory exporter; it is exported to at once so a test sees each span when it ends. */
  exporter?: SpanExporter;
}

const processorFor = ({ otlpEndpoint, exporter }: TracingSettings): SpanProcessor => {
  if (exporter) return new BatchSpanProcessor(exporter, { scheduledDelayMillis: 50 });
  if (otlpEndpoint) return new BatchSpanProcessor(new OTLPTraceExporter({ url: new URL('v1/traces', withSlash(otlpEndpoint)).href }));
  return new NoopSpanProcessor();
};

const withSlash = (url: string): string => (url.endsWith('/') ? url : `${url}/`);

/**
 * Registers the process's tracer provider, with the W3C trace-context propagator and an AsyncLocalStorage context,
 * so a span opened for a request is the parent of the Temporal client's spans that the request causes.
 */
export const startTracing = (settings: TracingSettings): Tracing => {
  const resource = new Resource({ 'service.name': settings.serviceName });
  const spanProcessor = processorFor(settings);
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register();
  return { provider, resource, spanProcessor, shutdown: () => provider.shutdown() };
};

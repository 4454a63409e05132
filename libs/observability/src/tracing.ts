import { Resource } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  NoopSpanProcessor,
  ParentBasedSampler,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
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
  /** `OTEL_EXPORTER_OTLP_ENDPOINT`: spans go there over OTLP/HTTP. Unset, traces are not recorded; their ids still propagate. */
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
  // With nowhere to send spans, a trace started here is not recorded: its ids still propagate (through Temporal's
  // headers into the workflow and its activities, into the events and onto Kafka) marked unsampled, so the workflow's
  // interceptors make no spans to hand out of its isolate. A caller's sampled trace is still followed.
  const recording = settings.exporter !== undefined || settings.otlpEndpoint !== undefined;
  const sampler = new ParentBasedSampler({ root: recording ? new AlwaysOnSampler() : new AlwaysOffSampler() });
  const provider = new NodeTracerProvider({ resource, sampler, spanProcessors: [spanProcessor] });
  provider.register();
  return { provider, resource, spanProcessor, shutdown: () => provider.shutdown() };
};

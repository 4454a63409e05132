import { context, propagation, ROOT_CONTEXT, type Context } from '@opentelemetry/api';

/** A W3C trace context as it travels in an event's metadata or a message's headers. */
export interface TraceContextCarrier {
  traceparent?: string;
  tracestate?: string;
}

/**
 * The active span's context in W3C form, through the registered propagator: empty when no span is active or no
 * tracing was started, so untraced work stores nothing.
 */
export const currentTraceContext = (active: Context = context.active()): TraceContextCarrier => {
  const carrier: Record<string, string> = {};
  propagation.inject(active, carrier);
  return {
    ...(carrier['traceparent'] ? { traceparent: carrier['traceparent'] } : {}),
    ...(carrier['tracestate'] ? { tracestate: carrier['tracestate'] } : {}),
  };
};

/**
 * The context a carrier names, as the parent of the spans that continue it. Header values may arrive as buffers
 * (Kafka's), so anything with a `toString` is read as text.
 */
export const contextOfCarrier = (carrier: Record<string, { toString(): string } | undefined>): Context =>
  propagation.extract(ROOT_CONTEXT, carrier, {
    keys: (source) => Object.keys(source),
    get: (source, key) => source[key]?.toString(),
  });

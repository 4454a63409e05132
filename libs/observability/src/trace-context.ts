import { context, propagation, ROOT_CONTEXT, trace, type Context, type Link } from '@opentelemetry/api';

/** A W3C trace context as it travels in an event's metadata. */
export interface TraceContextCarrier {
  traceparent?: string;
  tracestate?: string;
}

/** Where a trace context is read from: metadata, or a message's headers, whose values may be buffers (Kafka's). */
export type CarrierSource = Record<string, { toString(): string } | undefined>;

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

/** The context a carrier names, as the parent of the spans that continue it; a missing or malformed one names none. */
export const contextOfCarrier = (carrier: CarrierSource): Context =>
  propagation.extract(ROOT_CONTEXT, carrier, {
    keys: (source) => Object.keys(source),
    get: (source, key) => source[key]?.toString(),
  });

/**
 * Where a span that processes several messages at once belongs: linked to the trace context each message carries,
 * and the child of the first when they all belong to one trace (as one command's events do), so that it shows in
 * that trace. Messages of several traces leave it a root, reachable from each through its link.
 */
export const batchSpanPlacement = (carriers: readonly CarrierSource[]): { parent: Context; links: Link[] } => {
  const links = carriers.flatMap((carrier): Link[] => {
    const spanContext = trace.getSpanContext(contextOfCarrier(carrier));
    return spanContext && trace.isSpanContextValid(spanContext) ? [{ context: spanContext }] : [];
  });
  const [first] = links;
  const oneTrace = first !== undefined && links.every((link) => link.context.traceId === first.context.traceId);
  return { parent: oneTrace ? trace.setSpanContext(ROOT_CONTEXT, first.context) : ROOT_CONTEXT, links };
};

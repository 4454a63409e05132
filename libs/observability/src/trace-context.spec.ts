import { context, trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { batchSpanPlacement, contextOfCarrier, currentTraceContext } from './trace-context';
import { startTracing, type Tracing } from './tracing';

const traceA = '0af7651916cd43dd8448eb211c80319c';
const traceB = '4bf92f3577b34da6a3ce929d0e0e4736';
const parentOf = (traceId: string, spanId: string) => `00-${traceId}-${spanId}-01`;

describe('trace context carriers (W3C, through the registered propagator)', () => {
  let tracing: Tracing;

  beforeAll(() => {
    tracing = startTracing({ serviceName: 'trace-context-test', exporter: new InMemorySpanExporter() });
  });
  afterAll(() => tracing.shutdown());

  it('gives the active span’s traceparent, and nothing outside a span', () => {
    expect(currentTraceContext()).toEqual({});
    const span = trace.getTracer('test').startSpan('append');
    const { traceId, spanId } = span.spanContext();
    expect(currentTraceContext(trace.setSpan(context.active(), span))).toEqual({ traceparent: parentOf(traceId, spanId) });
    span.end();
  });

  it('reads a context from Kafka’s buffer header values, and none from a malformed traceparent', () => {
    const read = trace.getSpanContext(contextOfCarrier({ traceparent: Buffer.from(parentOf(traceA, 'b7ad6b7169203331')) }));
    expect(read).toMatchObject({ traceId: traceA, spanId: 'b7ad6b7169203331', isRemote: true });
    expect(trace.getSpanContext(contextOfCarrier({ traceparent: '00-not-a-trace-01' }))).toBeUndefined();
  });

  it('places a batch of one trace’s messages under the first of them, linked to each', () => {
    const { parent, links } = batchSpanPlacement([
      { traceparent: parentOf(traceA, '1111111111111111') },
      { traceparent: parentOf(traceA, '2222222222222222') },
    ]);
    expect(trace.getSpanContext(parent)).toMatchObject({ traceId: traceA, spanId: '1111111111111111' });
    expect(links.map((link) => link.context.spanId)).toEqual(['1111111111111111', '2222222222222222']);
  });

  it('leaves a batch of several traces a root linked to each, and ignores messages carrying none', () => {
    const { parent, links } = batchSpanPlacement([
      { traceparent: parentOf(traceA, '1111111111111111') },
      {},
      { traceparent: parentOf(traceB, '3333333333333333') },
    ]);
    expect(trace.getSpanContext(parent)).toBeUndefined();
    expect(links.map((link) => link.context.traceId)).toEqual([traceA, traceB]);
    expect(batchSpanPlacement([{}, {}])).toEqual({ parent: expect.anything(), links: [] });
    expect(trace.getSpanContext(batchSpanPlacement([{}]).parent)).toBeUndefined();
  });
});

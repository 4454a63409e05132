import { context, trace, TraceFlags, type SpanContext } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { startTracing, type Tracing } from './tracing';

describe('startTracing: what is recorded', () => {
  let tracing: Tracing | undefined;
  afterEach(async () => {
    await tracing?.shutdown();
    tracing = undefined;
  });

  it('given nowhere to send spans, then a new trace is not recorded, but its ids are real and marked unsampled', () => {
    tracing = startTracing({ serviceName: 'test' });
    const span = tracing.provider.getTracer('test').startSpan('request');
    expect(span.isRecording()).toBe(false);
    expect(trace.isSpanContextValid(span.spanContext())).toBe(true);
    expect(span.spanContext().traceFlags & TraceFlags.SAMPLED).toBe(0);
    span.end();
  });

  it('given nowhere to send spans, then a caller’s sampled trace is still followed', () => {
    tracing = startTracing({ serviceName: 'test' });
    const parent: SpanContext = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: TraceFlags.SAMPLED, isRemote: true };
    const span = tracing.provider.getTracer('test').startSpan('request', {}, trace.setSpanContext(context.active(), parent));
    expect(span.isRecording()).toBe(true);
    expect(span.spanContext().traceId).toBe(parent.traceId);
    span.end();
  });

  it('given an exporter, then every trace is recorded and exported', async () => {
    const exporter = new InMemorySpanExporter();
    tracing = startTracing({ serviceName: 'test', exporter });
    const span = tracing.provider.getTracer('test').startSpan('request');
    expect(span.isRecording()).toBe(true);
    span.end();
    await tracing.provider.forceFlush();
    expect(exporter.getFinishedSpans().map((finished) => finished.name)).toEqual(['request']);
  });
});

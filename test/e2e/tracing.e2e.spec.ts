import { mintToken } from '@cls/auth';
import type { Actor, CommandResult } from '@cls/domain';
import { verifyProcess } from '@cls/event-store';
import { createKafka } from '@cls/kafka';
import { eventually, readTopic, testKafkaBrokers, type TopicReader } from '@cls/kafka/testing';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import { startStack, type Stack } from './fixtures';

/** The part of OTLP/HTTP's JSON encoding (ids in hex) that says which service made which span under which parent. */
const OtlpTraces = z.object({
  resourceSpans: z.array(
    z.object({
      resource: z.object({ attributes: z.array(z.object({ key: z.string(), value: z.object({ stringValue: z.string().optional() }) })) }),
      scopeSpans: z.array(
        z.object({
          spans: z.array(z.object({ traceId: z.string(), spanId: z.string(), parentSpanId: z.string().optional(), name: z.string(), kind: z.number() })),
        }),
      ),
    }),
  ),
});

interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  kind: number;
}

const spanKind = { server: 2, producer: 4, consumer: 5 } as const;

/** An OTLP/HTTP collector for the test: every process's exporter posts its spans here. */
const startCollector = async (): Promise<{ url: string; spans: ReceivedSpan[]; server: Server }> => {
  const spans: ReceivedSpan[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const text = (request.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString();
      const parsed = OtlpTraces.safeParse(JSON.parse(text));
      if (request.url !== '/v1/traces' || !parsed.success) {
        response.writeHead(400).end();
        return;
      }
      for (const { resource, scopeSpans } of parsed.data.resourceSpans) {
        const service = resource.attributes.find((attribute) => attribute.key === 'service.name')?.value.stringValue ?? '';
        for (const span of scopeSpans.flatMap((scope) => scope.spans)) {
          spans.push({ service, traceId: span.traceId, spanId: span.spanId, parentSpanId: span.parentSpanId || undefined, name: span.name, kind: span.kind });
        }
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, spans, server };
};

/**
 * One command's trace across every process, each real, exporting to a collector the test runs: the caller's
 * traceparent → the API's request → the workflow's update and activity → the relay's send, whose context the
 * Kafka message carries → the reporting consumer's projection.
 */
describe('a command’s trace crosses every process (all processes, real servers)', () => {
  const kafka = createKafka({ clientId: 'e2e-tracing', brokers: testKafkaBrokers() });
  let collector: Awaited<ReturnType<typeof startCollector>>;
  let stack: Stack;
  let reader: TopicReader | undefined;

  beforeAll(async () => {
    collector = await startCollector();
    stack = await startStack({ readModels: true, env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url } });
  }, 240_000);

  afterAll(async () => {
    await reader?.stop();
    await stack?.stop();
    await new Promise((resolve) => collector?.server.close(resolve));
  }, 60_000);

  it('follows POST /contracts from the caller to the read model in one trace', async () => {
    const alice: Actor = { id: 'alice', role: 'commissioner', organisation: 'somerset-council' };
    const traceId = randomBytes(16).toString('hex');
    const callerSpanId = randomBytes(8).toString('hex');
    reader = await readTopic(kafka, stack.topic);
    const created = await fetch(`${stack.apiUrl}/contracts`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await mintToken(alice, stack.auth)}`,
        'content-type': 'application/json',
        traceparent: `00-${traceId}-${callerSpanId}-01`,
      },
      body: JSON.stringify({ title: 'Short breaks, Taunton' }),
    });
    expect(created.status).toBe(201);
    const { contractId } = (await created.json()) as CommandResult;

    const inTrace = () => collector.spans.filter((span) => span.traceId === traceId);
    const one = (service: string, name: string): ReceivedSpan => {
      const found = inTrace().filter((span) => span.service === service && span.name === name);
      if (found.length !== 1) throw new Error(`${found.length} spans ${service} ${name} in the trace; it has ${JSON.stringify(inTrace().map((span) => `${span.service} ${span.name}`))}`);
      return found[0]!;
    };
    // Every process exports in batches, a few seconds apart.
    const spans = await eventually(
      () => ({
        request: one('api', 'POST /contracts'),
        activity: one('worker', 'RunActivity:appendEvents'),
        update: one('worker', 'HandleUpdate:command'),
        send: one('relay', `send ${stack.topic}`),
        projection: one('reporting', `process ${stack.topic}`),
      }),
      { timeoutMs: 90_000, intervalMs: 500 },
    );
    expect(spans.request).toMatchObject({ parentSpanId: callerSpanId, kind: spanKind.server });
    expect(spans.send).toMatchObject({ parentSpanId: spans.activity.spanId, kind: spanKind.producer });
    expect(spans.projection).toMatchObject({ parentSpanId: spans.send.spanId, kind: spanKind.consumer });

    const { rows } = await stack.db.pool.query<{ metadata: { traceparent?: string } }>('SELECT metadata FROM events WHERE stream_id = $1', [
      `contract-${contractId}`,
    ]);
    expect(rows.map((row) => row.metadata.traceparent)).toEqual([`00-${traceId}-${spans.activity.spanId}-01`]);
    // The trace context is metadata like any other: the hash chain covers it and stays intact.
    expect(await verifyProcess(stack.db.pool, contractId)).toMatchObject({ status: 'intact', events: 1, brokenEvents: 0 });

    const message = await eventually(() => {
      const found = reader!.received.find((received) => received.message.key?.toString() === contractId);
      if (!found) throw new Error('not on the topic yet');
      return found.message;
    }, { timeoutMs: 30_000 });
    expect(message.headers?.['traceparent']?.toString()).toBe(`00-${traceId}-${spans.send.spanId}-01`);
  });
});

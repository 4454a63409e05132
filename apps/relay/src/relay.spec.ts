import { startOfCommits, type CommitCheckpoint, type CommittedEvent } from '@cls/event-store';
import { startTracing } from '@cls/observability';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Message } from 'kafkajs';
import pino from 'pino';
import type { CheckpointStore } from './checkpoint-store';
import { Relay, type RelayDeps } from './relay';

const committed = (globalPosition: string): CommittedEvent => ({
  eventId: `00000000-0000-4000-8000-${globalPosition.padStart(12, '0')}`,
  type: 'CommissionOpened',
  schemaVersion: 1,
  streamId: 'contract-6f1c4c33-1d0c-4f57-a9a4-3d3b0f6a2b10',
  streamVersion: Number(globalPosition),
  globalPosition,
  transactionId: '900',
  data: {},
  metadata: {
    actor: { id: 'u-1', role: 'commissioner', organisation: 'org-1' },
    correlationId: 'corr-1',
    causationId: 'cmd-1',
    occurredAt: '2026-11-22T10:00:00.000Z',
    recordedAt: '2026-11-22T10:00:00.000Z',
  },
});

const deferred = () => {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
};

/** An in-memory event source and checkpoint: events after the checkpoint, in order. */
const fakes = (events: CommittedEvent[]) => {
  const saved: CommitCheckpoint[] = [];
  let reads = 0;
  const checkpoints: CheckpointStore = {
    load: async () => saved.at(-1) ?? startOfCommits,
    save: async (checkpoint) => void saved.push(checkpoint),
  };
  const store: RelayDeps['store'] = {
    readCommitted: async (after, limit) => {
      reads += 1;
      return events.filter((event) => BigInt(event.globalPosition) > BigInt(after.globalPosition)).slice(0, limit);
    },
  };
  return { saved, checkpoints, store, reads: () => reads };
};

const logger = pino({ level: 'silent' });

describe('Relay', () => {
  it('on stop, finishes the batch in flight and saves its checkpoint before it returns', async () => {
    const { saved, checkpoints, store } = fakes([committed('1'), committed('2')]);
    const sendStarted = deferred();
    const brokerAcks = deferred();
    const producer: RelayDeps['producer'] = {
      send: async () => {
        sendStarted.resolve();
        await brokerAcks.promise;
        return [];
      },
    };
    const relay = new Relay({ store, producer, checkpoints, logger }, { topic: 't', batchSize: 10, pollIntervalMs: 10 });
    let returned = false;
    const running = relay.run().then(() => (returned = true));

    await sendStarted.promise;
    relay.stop();
    await new Promise((resolve) => setImmediate(resolve));
    expect(returned).toBe(false);
    expect(saved).toEqual([]);

    brokerAcks.resolve();
    await running;
    expect(saved).toEqual([{ transactionId: '900', globalPosition: '2' }]);
  });

  it('reads again at once when woken during its pause, and otherwise waits for the poll interval', async () => {
    const { checkpoints, store, reads } = fakes([]);
    const producer: RelayDeps['producer'] = { send: async () => [] };
    const relay = new Relay({ store, producer, checkpoints, logger }, { topic: 't', batchSize: 10, pollIntervalMs: 60_000 });
    const running = relay.run();
    try {
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
      expect(reads()).toBe(1);
      relay.wake();
      await new Promise((resolve) => setImmediate(resolve));
      expect(reads()).toBe(2);
    } finally {
      relay.stop();
      await running;
    }
  });

  it('when woken for events an older open transaction still holds back, looks again soon rather than at the next poll', async () => {
    jest.useFakeTimers();
    const events: CommittedEvent[] = [];
    const { saved, checkpoints, store } = fakes(events);
    const producer: RelayDeps['producer'] = { send: async () => [] };
    const relay = new Relay({ store, producer, checkpoints, logger }, { topic: 't', batchSize: 10, pollIntervalMs: 60_000 });
    const running = relay.run();
    try {
      await jest.advanceTimersByTimeAsync(0);
      relay.wake();
      await jest.advanceTimersByTimeAsync(0);
      // Readable only now, once the older transaction has ended: nothing announces it.
      events.push(committed('1'));
      await jest.advanceTimersByTimeAsync(100);
      expect(saved).toEqual([{ transactionId: '900', globalPosition: '1' }]);
    } finally {
      relay.stop();
      await running;
      jest.useRealTimers();
    }
  });

  it('sends an event stored with a trace context in a span of that trace, whose context the message carries', async () => {
    const exporter = new InMemorySpanExporter();
    const tracing = startTracing({ serviceName: 'relay-test', exporter });
    try {
      const stored = { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', tracestate: 'cls=1' };
      const traced = { ...committed('1'), metadata: { ...committed('1').metadata, ...stored } };
      const { checkpoints, store } = fakes([traced, committed('2')]);
      const sent: Message[] = [];
      const producer: RelayDeps['producer'] = {
        send: async ({ messages }) => {
          sent.push(...messages);
          return [];
        },
      };
      const relay = new Relay({ store, producer, checkpoints, logger }, { topic: 'contract-events', batchSize: 10, pollIntervalMs: 10 });

      expect(await relay.publishNextBatch()).toBe(2);
      await tracing.provider.forceFlush();
      const [span, ...others] = exporter.getFinishedSpans();
      expect(others).toEqual([]);
      expect(span).toMatchObject({ name: 'send contract-events', kind: SpanKind.PRODUCER, parentSpanId: 'b7ad6b7169203331' });
      expect(span?.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
      expect(span?.attributes).toMatchObject({ 'messaging.message.id': traced.eventId, 'messaging.destination.name': 'contract-events' });
      expect(sent[0]?.headers).toMatchObject({ traceparent: `00-0af7651916cd43dd8448eb211c80319c-${span?.spanContext().spanId}-01`, tracestate: 'cls=1' });
      // An event stored untraced starts no trace of its own.
      expect(sent[1]?.headers).not.toHaveProperty('traceparent');
    } finally {
      await tracing.shutdown();
    }
  });

  it('after a failure, waits its backoff even when woken, then retries from the checkpoint', async () => {
    jest.useFakeTimers();
    const { saved, checkpoints, store, reads } = fakes([committed('1')]);
    let attempts = 0;
    const producer: RelayDeps['producer'] = {
      send: async () => {
        attempts += 1;
        if (attempts === 1) throw new Error('broker unavailable');
        return [];
      },
    };
    const relay = new Relay({ store, producer, checkpoints, logger }, { topic: 't', batchSize: 10, pollIntervalMs: 25 });
    const running = relay.run();
    try {
      await jest.advanceTimersByTimeAsync(0);
      relay.wake();
      await jest.advanceTimersByTimeAsync(49);
      expect(reads()).toBe(1);
      expect(saved).toEqual([]);

      await jest.advanceTimersByTimeAsync(1);
      expect(attempts).toBe(2);
      expect(saved).toEqual([{ transactionId: '900', globalPosition: '1' }]);
    } finally {
      relay.stop();
      await running;
      jest.useRealTimers();
    }
  });
});

import type { CommitCheckpoint, CommittedEvent } from '@cls/event-store';
import { encodeContractEvent } from '@cls/kafka';
import { contextOfCarrier, currentTraceContext } from '@cls/observability';
import { SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import type { Message, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import type { CheckpointStore } from './checkpoint-store';

export interface CommittedEventSource {
  readCommitted(after: CommitCheckpoint, limit: number): Promise<CommittedEvent[]>;
}

export interface RelayDeps {
  store: CommittedEventSource;
  producer: Pick<Producer, 'send'>;
  checkpoints: CheckpointStore;
  logger: Logger;
  /** Told how many events each batch published once its checkpoint is saved (the relay's Prometheus counter). */
  published?: { inc(count: number): void };
}

export interface RelayOptions {
  topic: string;
  batchSize: number;
  pollIntervalMs: number;
  /** After failures the wait doubles from pollIntervalMs up to this, so a broker outage is not hammered. */
  maxRetryDelayMs?: number;
}

const tracer = trace.getTracer('cls-relay');

/**
 * The message for an event, and for an event stored with its command's trace context the span that sends it: a child
 * of the span that stored the event, whose own context goes in the message's headers for the consumers to continue.
 * An event stored untraced starts no trace of its own.
 */
const tracedMessageOf = (event: CommittedEvent, topic: string): { message: Message; span?: Span } => {
  const message = encodeContractEvent(event);
  const { traceparent, tracestate } = event.metadata;
  if (!traceparent) return { message };
  const stored = contextOfCarrier({ traceparent, tracestate });
  const span = tracer.startSpan(
    `send ${topic}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'send',
        'messaging.destination.name': topic,
        'messaging.message.id': event.eventId,
        'messaging.kafka.message.key': String(message.key),
      },
    },
    stored,
  );
  return { message: { ...message, headers: { ...message.headers, ...currentTraceContext(trace.setSpan(stored, span)) } }, span };
};

/** The first look again after a notification whose events were not yet readable; each next waits twice as long. */
const heldBackFirstRecheckMs = 20;

/**
 * Publishes the event store to Kafka in commit order, at least once: a batch is sent, and only once the broker has
 * acknowledged all of it is the checkpoint moved past it. A crash between the two re-sends the batch; consumers
 * drop the repeats by event id.
 *
 * The relay waits between batches until woken (an append's notification) or until the poll interval passes. The
 * poll is not optional: an event held back by an older transaction that was still open becomes readable when that
 * transaction ends, and nothing notifies about that.
 */
export class Relay {
  private checkpoint: CommitCheckpoint | undefined;
  private wakeRequested = false;
  private stopRequested = false;
  private endPause: { wakeable: boolean; resolve: () => void } | undefined;

  constructor(
    private readonly deps: RelayDeps,
    private readonly options: RelayOptions,
  ) {}

  /** Publishes the next batch after the checkpoint, if any, and answers how many events it published. */
  async publishNextBatch(): Promise<number> {
    this.checkpoint ??= await this.deps.checkpoints.load();
    // Cleared before reading: whatever a notification announced before this point, the read below will see.
    this.wakeRequested = false;
    const events = await this.deps.store.readCommitted(this.checkpoint, this.options.batchSize);
    const last = events.at(-1);
    if (!last) return 0;
    const traced = events.map((event) => tracedMessageOf(event, this.options.topic));
    const spans = traced.flatMap(({ span }) => (span ? [span] : []));
    try {
      await this.deps.producer.send({ topic: this.options.topic, acks: -1, messages: traced.map(({ message }) => message) });
    } catch (error) {
      for (const span of spans) {
        span.recordException(error instanceof Error ? error : String(error));
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      throw error;
    } finally {
      for (const span of spans) span.end();
    }
    const next: CommitCheckpoint = { transactionId: last.transactionId, globalPosition: last.globalPosition };
    await this.deps.checkpoints.save(next);
    this.checkpoint = next;
    this.deps.published?.inc(events.length);
    this.deps.logger.debug({ count: events.length, checkpoint: next }, 'Published events');
    return events.length;
  }

  /** Publishes until stop() is called; resolves once the batch in flight is sent and its checkpoint saved. */
  async run(): Promise<void> {
    const maxRetryDelayMs = this.options.maxRetryDelayMs ?? 30_000;
    let failures = 0;
    let recheckMs: number | undefined;
    while (!this.stopRequested) {
      try {
        const woken = this.wakeRequested;
        const published = await this.publishNextBatch();
        failures = 0;
        if (published >= this.options.batchSize) continue;
        // Announced but not read: the events are committed yet held back behind an older transaction still open
        // somewhere in the cluster, whose end nothing announces. Look again soon, then less often, up to the poll.
        recheckMs = published === 0 && (woken || recheckMs !== undefined) ? (recheckMs ?? heldBackFirstRecheckMs / 2) * 2 : undefined;
        if (recheckMs !== undefined && recheckMs >= this.options.pollIntervalMs) recheckMs = undefined;
        await this.pause(recheckMs ?? this.options.pollIntervalMs, true);
      } catch (error) {
        failures += 1;
        const retryInMs = Math.min(this.options.pollIntervalMs * 2 ** failures, maxRetryDelayMs);
        this.deps.logger.error({ err: error, failures, retryInMs }, 'Publishing failed; retrying from the checkpoint');
        await this.pause(retryInMs, false);
      }
    }
  }

  /** New events were appended: look now instead of at the end of the poll interval. */
  wake(): void {
    this.wakeRequested = true;
    if (this.endPause?.wakeable) this.endPause.resolve();
  }

  stop(): void {
    this.stopRequested = true;
    this.endPause?.resolve();
  }

  private pause(ms: number, wakeable: boolean): Promise<void> {
    if (this.stopRequested || (wakeable && this.wakeRequested)) return Promise.resolve();
    return new Promise((resolve) => {
      const end = () => {
        clearTimeout(timer);
        this.endPause = undefined;
        resolve();
      };
      const timer = setTimeout(end, ms);
      this.endPause = { wakeable, resolve: end };
    });
  }
}

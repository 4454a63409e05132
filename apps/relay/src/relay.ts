import type { CommitCheckpoint, CommittedEvent } from '@cls/event-store';
import { encodeContractEvent } from '@cls/kafka';
import type { Producer } from 'kafkajs';
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
    await this.deps.producer.send({ topic: this.options.topic, acks: -1, messages: events.map(encodeContractEvent) });
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

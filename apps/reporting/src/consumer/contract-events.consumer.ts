import type { StoredEvent } from '@cls/domain';
import { deadLetterOf, decodeOrDeadLetter, ensureTopic, type DeadLetterSink } from '@cls/kafka';
import { batchSpanPlacement } from '@cls/observability';
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import type { Logger } from 'pino';
import type { ReportingConfig } from '../config';
import { byProcess, inParallel } from '../projections/batches';
import { Projectors } from '../projections/projectors';
import { ProjectionsRepository } from '../projections/projections.repository';
import { DEAD_LETTERS, KAFKA, REPORTING_CONFIG, ROOT_LOGGER } from '../tokens';
import { ProjectionLatency } from './projection-latency';

/** Processes applied at once from one batch: each holds a pool connection while it applies. */
const processesAtOnce = 4;

const tracer = trace.getTracer('cls-reporting-consumer');

/** Restarts after a crash kafkajs gives up on wait 1 s, then twice as long each time, up to 30 s. */
const restartMinMs = 1_000;
const restartMaxMs = 30_000;

/**
 * Feeds the contract events topic into every projection. kafkajs commits a batch's offsets only after its handler
 * returns, and the handler commits its database transactions first: a crash in between redelivers the batch, whose
 * events the projections then recognise by their ids.
 *
 * A broker or database outage never leaves the consumer dead. kafkajs restarts itself after errors it deems
 * retriable; after any other crash (a broker refusing connections can surface as one, and so does a database error
 * from a handler), and when it cannot start at all, this starts a fresh consumer, with backoff, until it joins its
 * group again. The service stays up meanwhile and its readiness says the consumer is not running.
 */
@Injectable()
export class ContractEventsConsumer implements OnModuleInit, OnApplicationShutdown {
  private readonly logger: Logger;
  private consumer: Consumer | undefined;
  private running = false;
  private stopping = false;
  private failures = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private starting: Promise<void> | undefined;

  constructor(
    @Inject(REPORTING_CONFIG) private readonly config: ReportingConfig,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(DEAD_LETTERS) private readonly deadLetters: DeadLetterSink,
    @Inject(ROOT_LOGGER) logger: Logger,
    private readonly projectors: Projectors,
    private readonly positions: ProjectionsRepository,
    private readonly latency: ProjectionLatency,
  ) {
    this.logger = logger.child({ component: 'contract-events-consumer' });
  }

  /** True while the consumer is a member of its group and fetching. */
  get isRunning(): boolean {
    return this.running;
  }

  /** The first attempt is awaited, so a service whose broker is up starts consuming; one whose broker is down starts all the same. */
  async onModuleInit(): Promise<void> {
    await this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    await this.starting;
    await this.consumer?.disconnect();
  }

  private start(): Promise<void> {
    this.starting = this.connect().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private async connect(): Promise<void> {
    if (this.stopping) return;
    const topic = this.config.KAFKA_TOPIC_CONTRACT_EVENTS;
    // A short fetch wait keeps shutdown quick: disconnecting waits for the fetch in flight. Idle, it costs one
    // fetch request a second.
    const consumer = this.kafka.consumer({ groupId: this.config.REPORTING_GROUP_ID, maxWaitTimeInMs: 1_000 });
    this.consumer = consumer;
    const { GROUP_JOIN, CRASH, STOP } = consumer.events;
    consumer.on(GROUP_JOIN, () => {
      this.running = true;
      this.failures = 0;
    });
    consumer.on(CRASH, ({ payload }) => {
      this.running = false;
      this.logger.error({ err: payload.error, restarting: payload.restart }, 'The contract events consumer crashed');
      if (!payload.restart) this.restartLater(consumer);
    });
    consumer.on(STOP, () => {
      this.running = false;
    });
    try {
      const admin = this.kafka.admin();
      await admin.connect();
      try {
        // The broker does not create topics on demand, and subscribing to a missing topic fails.
        await ensureTopic(admin, {
          topic,
          partitions: this.config.KAFKA_TOPIC_PARTITIONS,
          replicationFactor: this.config.KAFKA_TOPIC_REPLICATION_FACTOR,
          minInsyncReplicas: this.config.KAFKA_TOPIC_MIN_INSYNC_REPLICAS,
        });
      } finally {
        await admin.disconnect();
      }
      await consumer.connect();
      // A new group reads from the beginning: a read model is a fold of every event.
      await consumer.subscribe({ topic, fromBeginning: true });
      // A fetched batch is one partition's messages: each process's events among them apply to every projection in
      // one transaction.
      await consumer.run({ eachBatch: (payload) => this.handle(payload) });
    } catch (error) {
      this.logger.error({ err: error }, 'The contract events consumer could not start');
      await consumer.disconnect().catch(() => undefined);
      this.restartLater(consumer);
    }
  }

  /** Only for the consumer in use: a crash of one already replaced must not start a second. */
  private restartLater(consumer: Consumer): void {
    if (this.stopping || consumer !== this.consumer) return;
    this.failures += 1;
    const retryInMs = Math.min(restartMinMs * 2 ** (this.failures - 1), restartMaxMs);
    this.logger.warn({ failures: this.failures, retryInMs }, 'Starting the contract events consumer again after a pause');
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => void this.start(), retryInMs);
  }

  /** One dead letter per message, naming each projection that refused it and why; the others have applied it. */
  private async handle(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const { topic, partition } = batch;
    const received: { message: KafkaMessage; contractId: string; event: StoredEvent }[] = [];
    for (const message of batch.messages) {
      const decoded = await decodeOrDeadLetter({ topic, partition, message }, this.deadLetters);
      if (decoded) received.push({ message, contractId: decoded.contractId, event: decoded.event });
      else await this.positions.skipped(this.projectors.names, { topic, partition, offset: message.offset });
    }
    await inParallel(byProcess(received, (item) => item.contractId), processesAtOnce, async ([contractId, items]) => {
      // In the command's trace when its events are the process's messages here, linked to each message's context.
      const { parent, links } = batchSpanPlacement(items.map((item) => item.message.headers ?? {}));
      const attributes = {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'process',
        'messaging.destination.name': topic,
        'messaging.destination.partition.id': String(partition),
        'messaging.batch.message_count': items.length,
        'messaging.kafka.message.key': contractId,
      };
      await tracer.startActiveSpan(`process ${topic}`, { kind: SpanKind.CONSUMER, links, attributes }, parent, async (span) => {
        try {
          const rejections = items.map((): string[] => []);
          const applied = await this.projectors.applyAll(contractId, items.map((item) => item.event));
          for (const { projection, outcomes } of applied) {
            outcomes.forEach((outcome, index) => {
              if (outcome.kind === 'rejected') rejections[index]?.push(`${projection}: ${outcome.reason}`);
            });
          }
          for (const [index, item] of items.entries()) {
            const reasons = rejections[index] ?? [];
            if (reasons.length > 0) await this.deadLetters.report(deadLetterOf({ topic, partition, message: item.message }, reasons.join('; ')));
          }
          const committed = Date.now();
          for (const item of items) this.latency.observe(item.event.metadata.recordedAt, committed);
        } catch (error) {
          span.recordException(error instanceof Error ? error : String(error));
          span.setStatus({ code: SpanStatusCode.ERROR });
          throw error;
        } finally {
          span.end();
        }
      });
    });
    // Recorded once every process of the batch has committed: a process's last message may come after another
    // process's messages still being applied, and lag must not read as caught up while they are.
    const last = batch.messages.at(-1);
    if (last) await this.positions.handled(this.projectors.names, { topic, partition, offset: last.offset });
    this.logger.debug({ partition, messages: batch.messages.length }, 'Projected a batch');
    await payload.heartbeat();
  }
}

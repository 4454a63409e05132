import type { StoredEvent } from '@cls/domain';
import { deadLetterOf, decodeOrDeadLetter, ensureTopic, type DeadLetterSink } from '@cls/kafka';
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import type { Logger } from 'pino';
import type { ReportingConfig } from '../config';
import { byProcess, inParallel } from '../projections/batches';
import { Projectors } from '../projections/projectors';
import { ProjectionsRepository } from '../projections/projections.repository';
import { DEAD_LETTERS, KAFKA, REPORTING_CONFIG, ROOT_LOGGER } from '../tokens';

/** Processes applied at once from one batch: each holds a pool connection while it applies. */
const processesAtOnce = 4;

/**
 * Feeds the contract events topic into every projection. kafkajs commits a batch's offsets only after its handler
 * returns, and the handler commits its database transactions first: a crash in between redelivers the batch, whose
 * events the projections then recognise by their ids.
 */
@Injectable()
export class ContractEventsConsumer implements OnModuleInit, OnApplicationShutdown {
  private readonly consumer: Consumer;
  private readonly logger: Logger;
  private running = false;

  constructor(
    @Inject(REPORTING_CONFIG) private readonly config: ReportingConfig,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(DEAD_LETTERS) private readonly deadLetters: DeadLetterSink,
    @Inject(ROOT_LOGGER) logger: Logger,
    private readonly projectors: Projectors,
    private readonly positions: ProjectionsRepository,
  ) {
    this.logger = logger.child({ component: 'contract-events-consumer' });
    // A short fetch wait keeps shutdown quick: disconnecting waits for the fetch in flight. Idle, it costs one
    // fetch request a second.
    this.consumer = kafka.consumer({ groupId: config.REPORTING_GROUP_ID, maxWaitTimeInMs: 1_000 });
    const { GROUP_JOIN, CRASH, STOP } = this.consumer.events;
    this.consumer.on(GROUP_JOIN, () => {
      this.running = true;
    });
    this.consumer.on(CRASH, ({ payload }) => {
      this.running = false;
      this.logger.error({ err: payload.error, restarting: payload.restart }, 'The contract events consumer crashed');
    });
    this.consumer.on(STOP, () => {
      this.running = false;
    });
  }

  /** True while the consumer is a member of its group and fetching. */
  get isRunning(): boolean {
    return this.running;
  }

  async onModuleInit(): Promise<void> {
    const topic = this.config.KAFKA_TOPIC_CONTRACT_EVENTS;
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      // The broker does not create topics on demand, and subscribing to a missing topic fails.
      await ensureTopic(admin, {
        topic,
        partitions: this.config.KAFKA_TOPIC_PARTITIONS,
        replicationFactor: this.config.KAFKA_TOPIC_REPLICATION_FACTOR,
      });
    } finally {
      await admin.disconnect();
    }
    await this.consumer.connect();
    // A new group reads from the beginning: a read model is a fold of every event.
    await this.consumer.subscribe({ topic, fromBeginning: true });
    // A fetched batch is one partition's messages: each process's events among them apply in one transaction per
    // projection.
    await this.consumer.run({ eachBatch: (payload) => this.handle(payload) });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer.disconnect();
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
      const last = items.at(-1);
      if (!last) return;
      const source = { topic, partition, offset: last.message.offset };
      const rejections = items.map((): string[] => []);
      for (const projector of this.projectors.all) {
        const outcomes = await projector.applyAll(contractId, items.map((item) => item.event), { source });
        outcomes.forEach((outcome, index) => {
          if (outcome.kind === 'rejected') rejections[index]?.push(`${projector.name}: ${outcome.reason}`);
        });
      }
      for (const [index, item] of items.entries()) {
        const reasons = rejections[index] ?? [];
        if (reasons.length > 0) await this.deadLetters.report(deadLetterOf({ topic, partition, message: item.message }, reasons.join('; ')));
      }
    });
    this.logger.debug({ partition, messages: batch.messages.length }, 'Projected a batch');
    await payload.heartbeat();
  }
}

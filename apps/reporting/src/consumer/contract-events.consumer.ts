import { deadLetterOf, decodeOrDeadLetter, ensureTopic, type DeadLetterSink } from '@cls/kafka';
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Consumer, EachMessagePayload, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { ReportingConfig } from '../config';
import { Projectors } from '../projections/projectors';
import { ProjectionsRepository } from '../projections/projections.repository';
import { DEAD_LETTERS, KAFKA, REPORTING_CONFIG, ROOT_LOGGER } from '../tokens';

/**
 * Feeds the contract events topic into every projection, each applying the event in a transaction of its own. kafkajs commits a message's offset only after its handler
 * returns, and the handler commits its database transaction first: a crash in between redelivers the message,
 * which the projection then recognises by its event id.
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
    await this.consumer.run({ eachMessage: (payload) => this.handle(payload) });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer.disconnect();
  }

  /** One dead letter per message, naming each projection that refused it and why; the others have applied it. */
  private async handle(payload: EachMessagePayload): Promise<void> {
    const source = { topic: payload.topic, partition: payload.partition, offset: payload.message.offset };
    const decoded = await decodeOrDeadLetter(payload, this.deadLetters);
    if (!decoded) {
      await this.positions.skipped(this.projectors.names, source);
      return;
    }
    const rejections: { projection: string; reason: string }[] = [];
    for (const projector of this.projectors.all) {
      const outcome = await projector.apply(decoded.contractId, decoded.event, { source });
      if (outcome.kind === 'rejected') rejections.push({ projection: projector.name, reason: outcome.reason });
    }
    if (rejections.length > 0) {
      await this.deadLetters.report(deadLetterOf(payload, rejections.map(({ projection, reason }) => `${projection}: ${reason}`).join('; ')));
    }
    this.logger.debug({ eventId: decoded.event.eventId, type: decoded.event.type, rejections: rejections.length }, 'Projected');
  }
}

import { randomBytes, randomUUID } from 'node:crypto';
import { hs256SettingsOf, mintToken } from '@cls/auth';
import { loadConfig } from '@cls/config';
import type { Actor, StoredEvent } from '@cls/domain';
import { migrate } from '@cls/event-store';
import { createTestDatabase, type TestDatabase } from '@cls/event-store/testing';
import { createKafka, ensureTopic, type DeadLetter } from '@cls/kafka';
import { testKafkaBrokers, uniqueName } from '@cls/kafka/testing';
import type { INestApplication } from '@nestjs/common';
import type { Kafka, Message } from 'kafkajs';
import pino from 'pino';
import { ReportingConfig } from '../config';
import { createReportingApp } from '../create-app';
import { reportingMigrations } from '../database/reporting-migrations';

export interface ReportingTestApp {
  app: INestApplication;
  db: TestDatabase;
  config: ReportingConfig;
  deadLetters: DeadLetter[];
  publish(messages: Message[]): Promise<void>;
  /** A bearer token the app accepts, for the actor. */
  token(actor: Actor): Promise<string>;
  close(): Promise<void>;
}

export interface ReportingTestAppOptions {
  /** Settings beside the test's own database, topic and group. */
  env?: Record<string, string>;
  /** The app's Kafka client, by default one to the test broker. */
  kafka?: Kafka;
}

/** The reporting app on a database, topic and consumer group of its own, with dead letters collected. */
export const startReportingTestApp = async ({ env = {}, kafka: appKafka }: ReportingTestAppOptions = {}): Promise<ReportingTestApp> => {
  const db = await createTestDatabase();
  await migrate(db.url, reportingMigrations);
  const topic = uniqueName('reporting-test');
  const kafka = createKafka({ clientId: 'reporting-test', brokers: testKafkaBrokers() });
  const admin = kafka.admin();
  const producer = kafka.producer();
  await Promise.all([admin.connect(), producer.connect()]);
  await ensureTopic(admin, { topic, partitions: 3 });

  const deadLetters: DeadLetter[] = [];
  const config = loadConfig(ReportingConfig, {
    DATABASE_URL: db.url,
    KAFKA_BROKERS: testKafkaBrokers().join(','),
    KAFKA_TOPIC_CONTRACT_EVENTS: topic,
    REPORTING_GROUP_ID: uniqueName('reporting-test'),
    JWT_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'silent',
    ...env,
  });
  const hs256 = hs256SettingsOf(config);
  if (!hs256) throw new Error('The reporting test app signs its readers\' tokens with JWT_SECRET');
  const app = await createReportingApp(config, {
    logger: pino({ level: 'silent' }),
    ...(appKafka ? { kafka: appKafka } : {}),
    deadLetters: { report: async (letter) => void deadLetters.push(letter) },
  });
  return {
    app,
    db,
    config,
    deadLetters,
    token: (actor) => mintToken(actor, hs256),
    publish: async (messages) => {
      await producer.send({ topic, messages });
    },
    close: async () => {
      await app.close();
      await producer.disconnect();
      await admin.deleteTopics({ topics: [topic] });
      await admin.disconnect();
      await db.drop();
    },
  };
};

const actor = { id: 'u-1', role: 'commissioner', organisation: 'gloucestershire-cc' } as const;

/** Builds a contract's stored events, numbered from version 1 and an hour (or `spacingMs`) apart. */
export const contractStream = (contractId: string, startsAt: string, spacingMs = 3_600_000) => {
  let version = 0;
  const next = (type: string, data: Record<string, unknown> = {}): StoredEvent => {
    version += 1;
    const at = new Date(Date.parse(startsAt) + (version - 1) * spacingMs).toISOString();
    return {
      eventId: randomUUID(),
      type,
      schemaVersion: 1,
      streamId: `contract-${contractId}`,
      streamVersion: version,
      globalPosition: String(version),
      data,
      metadata: { actor, correlationId: 'corr-1', causationId: 'cmd-1', occurredAt: at, recordedAt: at },
    };
  };
  return {
    opened: (title = `Contract ${contractId.slice(0, 8)}`) =>
      next('CommissionOpened', { contractId, title, organisation: 'gloucestershire-cc', openedBy: actor }),
    assessed: () => next('NeedsAssessmentRecorded', { revision: 1 }),
    other: (type: string) => next(type),
  };
};

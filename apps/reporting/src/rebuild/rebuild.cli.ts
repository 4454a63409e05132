import { kafkaSecurityOf, loadConfig } from '@cls/config';
import { createPool, migrate } from '@cls/event-store';
import { createKafka } from '@cls/kafka';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { RebuildConfig } from '../config';
import { reportingMigrations } from '../database/reporting-migrations';
import { Projectors } from '../projections/projectors';
import { ContractRegisterProjector } from '../register/contract-register.projector';
import { ContractRegisterRepository } from '../register/contract-register.repository';
import { rebuildProjections, type RebuildProgress, type RebuildSource } from './rebuild';

const usage = 'Usage: npm run rebuild -w @cls/reporting -- [--from topic|store]';

const line = ({ source, events, rejected, position, offset, eventsPerSecond, done }: RebuildProgress): string =>
  [
    `[rebuild:${source}]`,
    done ? 'done:' : '',
    `${events} events applied`,
    rejected > 0 ? `(${rejected} rejected)` : '',
    `position ${position ?? '-'}`,
    offset ? `partition ${offset.partition} offset ${offset.offset}` : '',
    `${eventsPerSecond} events/s`,
  ]
    .filter(Boolean)
    .join(' ');

const main = async (): Promise<void> => {
  const { values } = parseArgs({ options: { from: { type: 'string', default: 'topic' }, help: { type: 'boolean', default: false } } });
  if (values.help) {
    console.log(usage);
    return;
  }
  if (values.from !== 'topic' && values.from !== 'store') throw new Error(`--from must be topic or store\n${usage}`);
  const source: RebuildSource = values.from;
  const concurrency = 4;
  const config = loadConfig(RebuildConfig);
  const logger = pino({ name: 'reporting-rebuild', level: config.LOG_LEVEL });
  await migrate(config.DATABASE_URL, reportingMigrations, (message) => logger.debug(message));
  const pool = createPool({
    connectionString: config.DATABASE_URL,
    // The rebuild applies `concurrency` processes at once, and holds its lock on one more connection.
    max: concurrency + 1,
    applicationName: 'cls-reporting-rebuild',
    onIdleError: (error) => logger.warn({ err: error }, 'idle database session ended'),
  });
  try {
    const projectors = new Projectors(pool, new ContractRegisterProjector(pool, new ContractRegisterRepository(pool)), config.CLS_MONITORING_POLICY);
    const result = await rebuildProjections({
      pool,
      projectors: projectors.all,
      source,
      kafka: createKafka({ clientId: config.KAFKA_CLIENT_ID, brokers: config.KAFKA_BROKERS, logger, ...kafkaSecurityOf(config) }),
      topic: config.KAFKA_TOPIC_CONTRACT_EVENTS,
      groupId: `${config.REPORTING_GROUP_ID}.rebuild.${new Date().toISOString()}`,
      concurrency,
      onProgress: (progress) => console.log(line(progress)),
      onRejection: (event, projection, reason) => logger.error({ eventId: event.eventId, type: event.type, projection }, reason),
    });
    if (result.rejected > 0) process.exitCode = 1;
  } finally {
    await pool.end();
  }
};

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

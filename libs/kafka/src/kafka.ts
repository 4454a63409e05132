import { Kafka, logLevel, type LogEntry, type logCreator } from 'kafkajs';
import type { Logger } from 'pino';

export interface KafkaClientConfig {
  clientId: string;
  brokers: string[];
  /** Where kafkajs logs go; without one the client is silent (tests), since kafkajs otherwise writes to stdout. */
  logger?: Logger;
}

/** kafkajs filters by level before formatting, so the level follows the logger's instead of formatting and dropping. */
const kafkaLevelOf = (pinoLevel: number): logLevel => {
  if (pinoLevel === Infinity) return logLevel.NOTHING;
  if (pinoLevel >= 50) return logLevel.ERROR;
  if (pinoLevel >= 40) return logLevel.WARN;
  if (pinoLevel >= 30) return logLevel.INFO;
  return logLevel.DEBUG;
};

const pinoMethodOf = (level: logLevel): 'error' | 'warn' | 'info' | 'debug' | undefined => {
  switch (level) {
    case logLevel.ERROR:
      return 'error';
    case logLevel.WARN:
      return 'warn';
    case logLevel.INFO:
      return 'info';
    case logLevel.DEBUG:
      return 'debug';
    case logLevel.NOTHING:
      return undefined;
  }
};

/** Routes kafkajs' own log lines into pino, keeping kafkajs' structured fields (broker, groupId, error …). */
export const pinoLogCreator =
  (logger: Logger): logCreator =>
  () => {
    const child = logger.child({ component: 'kafkajs' });
    return ({ namespace, level, log }: LogEntry) => {
      const method = pinoMethodOf(level);
      if (!method) return;
      // kafkajs stamps every entry with its own time and `logger: 'kafkajs'`; pino has both already.
      const { message, timestamp: _timestamp, logger: _logger, ...fields } = log;
      child[method]({ namespace, ...fields }, message);
    };
  };

export const createKafka = ({ clientId, brokers, logger }: KafkaClientConfig): Kafka =>
  logger
    ? new Kafka({ clientId, brokers, logLevel: kafkaLevelOf(logger.levelVal), logCreator: pinoLogCreator(logger) })
    : new Kafka({ clientId, brokers, logLevel: logLevel.NOTHING });

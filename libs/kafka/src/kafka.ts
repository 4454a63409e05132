import { Kafka, logLevel, type LogEntry, type logCreator, type SASLOptions } from 'kafkajs';
import type { Logger } from 'pino';

export interface KafkaClientConfig {
  clientId: string;
  brokers: string[];
  /** Where kafkajs logs go; without one the client is silent (tests), since kafkajs otherwise writes to stdout. */
  logger?: Logger;
  /** true: TLS against the system's CAs; or PEM CA, client certificate and key. */
  ssl?: true | { ca?: string[]; cert?: string; key?: string } | undefined;
  sasl?: KafkaSasl | undefined;
}

export interface KafkaSasl {
  mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
  username: string;
  password: string;
}

/** kafkajs types its SASL options as one variant per mechanism; each case narrows to its own. */
const saslOptionsOf = ({ mechanism, username, password }: KafkaSasl): SASLOptions => {
  switch (mechanism) {
    case 'plain':
      return { mechanism, username, password };
    case 'scram-sha-256':
      return { mechanism, username, password };
    case 'scram-sha-512':
      return { mechanism, username, password };
  }
};

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

export const createKafka = ({ clientId, brokers, logger, ssl, sasl }: KafkaClientConfig): Kafka => {
  const security = { ...(ssl ? { ssl } : {}), ...(sasl ? { sasl: saslOptionsOf(sasl) } : {}) };
  return logger
    ? new Kafka({ clientId, brokers, ...security, logLevel: kafkaLevelOf(logger.levelVal), logCreator: pinoLogCreator(logger) })
    : new Kafka({ clientId, brokers, ...security, logLevel: logLevel.NOTHING });
};

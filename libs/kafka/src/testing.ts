import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type ISocketFactory, type KafkaMessage } from 'kafkajs';
import net from 'node:net';

/** The single broker that `npm run infra:up` starts. */
export const testKafkaBrokers = (): string[] => (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:19092').split(',');

/** Topics and consumer groups are cluster-wide: a unique name per test keeps runs from seeing each other's data. */
export const uniqueName = (prefix: string): string => `${prefix}.${randomUUID()}`;

/**
 * Retries an assertion until it passes or the time is up, then fails with the assertion's last error. Waits on
 * Kafka and on asynchronous consumers are bounded this way instead of with fixed sleeps.
 */
export const eventually = async <T>(
  check: () => Promise<T> | T,
  { timeoutMs = 15_000, intervalMs = 50 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
};

export interface ReceivedMessage {
  partition: number;
  message: KafkaMessage;
}

export interface TopicReader {
  /** Every message read so far, in the order the consumer received it (per partition, the topic's order). */
  received: ReceivedMessage[];
  stop(): Promise<void>;
}

/** Reads a whole topic from its beginning with a consumer group of its own, until stopped. */
export const readTopic = async (kafka: Kafka, topic: string): Promise<TopicReader> => {
  const received: ReceivedMessage[] = [];
  // A short fetch wait, because disconnecting waits for the fetch in flight.
  const consumer = kafka.consumer({ groupId: uniqueName('test-reader'), maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      received.push({ partition, message });
    },
  });
  return { received, stop: () => consumer.disconnect() };
};

export interface SwitchableKafka {
  kafka: Kafka;
  /** Lets connections through to the broker. */
  up(): void;
  /** Resets every open connection, as a broker that is killed does, and refuses new ones until up(). */
  down(): void;
}

/**
 * A client of the test broker whose connections a test can cut and refuse, to stage a broker outage for one process
 * without touching the broker that other suites share. Starts down.
 */
export const switchableKafka = (clientId: string): SwitchableKafka => {
  let up = false;
  const sockets = new Set<net.Socket>();
  const socketFactory: ISocketFactory = ({ host, port, onConnect }) => {
    if (!up) {
      const refused = new net.Socket();
      process.nextTick(() => refused.destroy(Object.assign(new Error(`connect ECONNREFUSED ${host}:${port} (staged outage)`), { code: 'ECONNREFUSED' })));
      return refused;
    }
    const socket = net.connect({ host, port }, onConnect);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    return socket;
  };
  return {
    kafka: new Kafka({ clientId, brokers: testKafkaBrokers(), socketFactory, logLevel: logLevel.NOTHING, retry: { initialRetryTime: 100, retries: 3 } }),
    up: () => {
      up = true;
    },
    down: () => {
      up = false;
      for (const socket of sockets) socket.destroy(Object.assign(new Error('read ECONNRESET (staged outage)'), { code: 'ECONNRESET' }));
    },
  };
};

import type { EachMessagePayload } from 'kafkajs';
import type { Logger } from 'pino';
import { decodeContractEvent, type DecodedContractEvent } from './contract-events.codec';

/** Where a skipped message was and why it was skipped: enough to find it on the topic and replay it once fixed. */
export interface DeadLetter {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  reason: string;
  /** The start of the value, for a first look without fetching the message from the topic. */
  valuePreview: string | null;
}

export interface DeadLetterSink {
  report(letter: DeadLetter): Promise<void>;
}

const previewLength = 2048;

export const loggingDeadLetterSink = (logger: Logger): DeadLetterSink => ({
  report: async (letter) => {
    logger.error({ deadLetter: letter }, `Skipped a message on ${letter.topic}: ${letter.reason}`);
  },
});

export const deadLetterOf = (
  { topic, partition, message }: Pick<EachMessagePayload, 'topic' | 'partition' | 'message'>,
  reason: string,
): DeadLetter => ({
  topic,
  partition,
  offset: message.offset,
  key: message.key?.toString() ?? null,
  reason,
  valuePreview: message.value?.toString().slice(0, previewLength) ?? null,
});

/**
 * Decodes a contract event, or reports the message as a dead letter and answers undefined so the consumer moves
 * on: one malformed message must not stop a partition for good.
 */
export const decodeOrDeadLetter = async (
  payload: Pick<EachMessagePayload, 'topic' | 'partition' | 'message'>,
  sink: DeadLetterSink,
): Promise<Extract<DecodedContractEvent, { ok: true }> | undefined> => {
  const decoded = decodeContractEvent(payload.message);
  if (decoded.ok) return decoded;
  await sink.report(deadLetterOf(payload, decoded.reason));
  return undefined;
};

import type { KafkaMessage } from 'kafkajs';
import type { DeadLetter, DeadLetterSink } from './dead-letters';
import { decodeOrDeadLetter } from './dead-letters';

const collectingSink = (): DeadLetterSink & { letters: DeadLetter[] } => {
  const letters: DeadLetter[] = [];
  return { letters, report: async (letter) => void letters.push(letter) };
};

const message = (value: string): KafkaMessage => ({
  key: Buffer.from('k-1'),
  value: Buffer.from(value),
  headers: {},
  offset: '17',
  timestamp: '0',
  attributes: 0,
});

describe('decodeOrDeadLetter', () => {
  it('reports a malformed message with where it is and why, and answers undefined', async () => {
    const sink = collectingSink();
    const decoded = await decodeOrDeadLetter({ topic: 't', partition: 2, message: message('not json') }, sink);
    expect(decoded).toBeUndefined();
    expect(sink.letters).toEqual([
      { topic: 't', partition: 2, offset: '17', key: 'k-1', reason: expect.stringMatching(/not JSON/), valuePreview: 'not json' },
    ]);
  });

  it('keeps only the start of a large value in the report', async () => {
    const sink = collectingSink();
    await decodeOrDeadLetter({ topic: 't', partition: 0, message: message('x'.repeat(100_000)) }, sink);
    expect(sink.letters[0]?.valuePreview).toHaveLength(2048);
  });
});

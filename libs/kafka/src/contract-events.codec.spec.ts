import type { StoredEvent } from '@cls/domain';
import type { IHeaders, KafkaMessage } from 'kafkajs';
import { decodeContractEvent, encodeContractEvent, processIdOfStream } from './contract-events.codec';

const contractId = '6f1c4c33-1d0c-4f57-a9a4-3d3b0f6a2b10';

const stored = (overrides: Partial<StoredEvent> = {}): StoredEvent => ({
  eventId: '0b8f7a52-5d43-4d5e-9c1e-3f1b2a4c5d6e',
  type: 'CommissionOpened',
  schemaVersion: 1,
  streamId: `contract-${contractId}`,
  streamVersion: 1,
  globalPosition: '42',
  data: { contractId, title: 'Short breaks', organisation: 'gloucestershire-cc' },
  metadata: {
    actor: { id: 'u-1', role: 'commissioner', organisation: 'gloucestershire-cc' },
    correlationId: 'corr-1',
    causationId: 'cmd-1',
    occurredAt: '2026-11-22T10:00:00.000Z',
    recordedAt: '2026-11-22T10:00:00.123Z',
  },
  ...overrides,
});

/** What a consumer receives: kafkajs hands over keys, values and headers as buffers. */
const received = (message: { key?: string | Buffer | null; value: string | Buffer | null; headers?: IHeaders }) =>
  ({
    key: message.key === undefined || message.key === null ? null : Buffer.from(message.key),
    value: message.value === null ? null : Buffer.from(message.value),
    headers: Object.fromEntries(
      Object.entries(message.headers ?? {}).map(([name, value]) => [name, typeof value === 'string' ? Buffer.from(value) : value]),
    ),
  }) satisfies Pick<KafkaMessage, 'key' | 'value' | 'headers'>;

describe('contract events codec', () => {
  it('keys a message by process id and copies the envelope fields into headers', () => {
    const message = encodeContractEvent(stored());
    expect(message.key).toBe(contractId);
    expect(message.headers).toEqual({
      'event-type': 'CommissionOpened',
      'schema-version': '1',
      'correlation-id': 'corr-1',
      'causation-id': 'cmd-1',
      'event-id': '0b8f7a52-5d43-4d5e-9c1e-3f1b2a4c5d6e',
      'global-position': '42',
    });
    expect(message.timestamp).toBe(String(Date.parse('2026-11-22T10:00:00.123Z')));
  });

  it('publishes only the envelope, not fields a reader of the store added', () => {
    const fromStore: StoredEvent & { transactionId: string } = { ...stored(), transactionId: '991' };
    const message = encodeContractEvent(fromStore);
    expect(JSON.parse(String(message.value))).toEqual(stored());
  });

  it('decodes what it encodes', () => {
    const decoded = decodeContractEvent(received(encodeContractEvent(stored())));
    expect(decoded).toEqual({ ok: true, contractId, event: stored() });
  });

  it('derives the process id from every kind of stream of the process and refuses a stream that names none', () => {
    expect(processIdOfStream(`contract-${contractId}`)).toBe(contractId);
    expect(processIdOfStream(`tender-${contractId}.1`)).toBe(contractId);
    expect(processIdOfStream(`placement-${contractId}.12`)).toBe(contractId);
    expect(processIdOfStream(`plan-${contractId.toUpperCase()}.2`)).toBe(contractId);
    for (const stream of ['tender-1', 'contract-', `contract-${contractId}x`, `Contract-${contractId}`, `${contractId}`]) {
      expect(() => processIdOfStream(stream)).toThrow(/does not name a contracting process/);
    }
  });

  it('keys every stream of one process alike, so a process keeps one partition and its order', () => {
    const tenderEvent = stored({ streamId: `tender-${contractId}.1`, type: 'TenderPublished', globalPosition: '43' });
    expect(encodeContractEvent(tenderEvent).key).toBe(contractId);
    expect(decodeContractEvent(received(encodeContractEvent(tenderEvent)))).toEqual({ ok: true, contractId, event: tenderEvent });
  });

  describe('rejects, with a reason, a message that', () => {
    const good = encodeContractEvent(stored());

    it.each([
      ['has no value', { ...good, value: null }, /no value/],
      ['is not JSON', { ...good, value: '{"eventId":' }, /not JSON/],
      ['is not an envelope', { ...good, value: JSON.stringify({ ...stored(), globalPosition: 42 }) }, /globalPosition/],
      ['misses metadata', { ...good, value: JSON.stringify({ ...stored(), metadata: undefined }) }, /metadata/],
      [
        'belongs to another kind of stream',
        { ...good, value: JSON.stringify(stored({ streamId: 'tender-1' })) },
        /does not name a contracting process/,
      ],
      ['has another key', { ...good, key: 'someone-else' }, /key someone-else is not the process id/],
      ['has no key', { ...good, key: null }, /key \(none\)/],
      ['has no headers', { ...good, headers: {} }, /headers are missing/],
      [
        'repeats a header',
        { ...good, headers: { ...good.headers, 'event-id': ['a', 'b'] } },
        /headers are missing or repeated: event-id/,
      ],
      [
        'has headers that disagree with the value',
        { ...good, headers: { ...good.headers, 'event-type': 'ContractTerminated', 'global-position': '7' } },
        /disagree with the value: event-type, global-position/,
      ],
    ])('%s', (_, message, reason) => {
      const decoded = decodeContractEvent(received(message));
      expect(decoded.ok).toBe(false);
      expect(decoded.ok ? '' : decoded.reason).toMatch(reason);
    });
  });
});

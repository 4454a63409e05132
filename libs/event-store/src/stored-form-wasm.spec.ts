import { ByteSink } from './byte-sink';
import { TupleReader } from './copy-binary';
import { canonicalForm } from './hash-chain';
import { storedFieldCount, writeCanonicalFormOfStored } from './stored-form';
import { WasmSink, withWasmSink, writeStoredEvent } from './stored-form-wasm';

/** 2000-01-01T00:00:00Z, timestamptz's epoch, in milliseconds since 1970. */
const postgresEpochMs = Date.UTC(2000, 0, 1);

interface Event {
  position: string;
  eventId: string;
  streamId: string;
  streamVersion: number;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: unknown;
  /** Microseconds since 2000-01-01 UTC, as timestamptz holds them. */
  occurredAt: bigint;
  recordedAt: bigint;
}

/**
 * jsonb's text as PostgreSQL prints it: `": "` and `", "` between members and elements, and each object's names in
 * jsonb's order (shorter first, then by bytes) rather than canonical order, which the writers must restore.
 */
const jsonbText = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(jsonbText).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const names = Object.keys(value).sort((left, right) => {
      const [a, b] = [Buffer.from(left), Buffer.from(right)];
      return a.length - b.length || Buffer.compare(a, b);
    });
    return `{${names.map((name) => `${JSON.stringify(name)}: ${jsonbText((value as Record<string, unknown>)[name])}`).join(', ')}}`;
  }
  return JSON.stringify(value);
};

const word = (value: number, bytes: 2 | 4): Buffer => {
  const buffer = Buffer.alloc(bytes);
  if (bytes === 2) buffer.writeInt16BE(value);
  else buffer.writeInt32BE(value);
  return buffer;
};

/** The event's tuple as a binary COPY of storedColumns('binary') gives it. */
const tuple = (event: Event): Buffer => {
  const time = (micros: bigint): Buffer => {
    const buffer = Buffer.alloc(8);
    buffer.writeBigInt64BE(micros);
    return buffer;
  };
  const fields = [
    Buffer.from(event.position),
    Buffer.from(event.eventId),
    Buffer.from(event.streamId),
    word(event.streamVersion, 4),
    Buffer.from(event.type),
    Buffer.from(String(event.schemaVersion)),
    Buffer.concat([Buffer.of(1), Buffer.from(jsonbText(event.data))]),
    Buffer.concat([Buffer.of(1), Buffer.from(jsonbText(event.metadata))]),
    time(event.occurredAt),
    time(event.recordedAt),
    Buffer.alloc(32, 7),
  ];
  return Buffer.concat([word(fields.length, 2), ...fields.flatMap((field) => [word(field.length, 4), field])]);
};

const copyStream = (events: readonly Event[]): Buffer =>
  Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), word(0, 4), word(0, 4), ...events.map(tuple), word(-1, 2)]);

/** utcText's print of a time, from Date for the milliseconds and the microsecond digits after them. */
const utc = (micros: bigint): string => {
  const ms = Number(micros / 1000n) - (micros % 1000n < 0n ? 1 : 0);
  const sub = ((micros % 1000n) + 1000n) % 1000n;
  return `${new Date(postgresEpochMs + ms).toISOString().slice(0, 23)}${String(sub).padStart(3, '0')}Z`;
};

const expectedForm = (event: Event): string =>
  canonicalForm({ ...event, globalPosition: event.position, occurredAt: utc(event.occurredAt), recordedAt: utc(event.recordedAt) });

interface Written {
  /** What writeStoredEvent wrote, or false. */
  form: string | false;
  /** What the reference wrote from the same tuple, or false. */
  reference: string | false;
  /** Whether the module wrote it rather than declining it. */
  compiled: boolean;
}

/** Reads the stream with a TupleReader into `sink`, as verification does, and writes each event both ways. */
const written = (events: readonly Event[], sink: WasmSink, chunk = 4096): Written[] => {
  const results: Written[] = [];
  const reader = new TupleReader(storedFieldCount, sink, (buffer, fields, start, end) => {
    const reference = new ByteSink(0, 64);
    const referenceWritten = writeCanonicalFormOfStored(reference, Buffer.from(buffer), fields, 'binary');
    sink.truncate();
    const compiled = sink.storedForm(start);
    sink.truncate();
    const form = writeStoredEvent(sink, fields, start, end, 'binary') && sink.toString();
    results.push({ form, reference: referenceWritten && reference.toString(), compiled });
    sink.truncate();
  });
  const stream = copyStream(events);
  for (let at = 0; at < stream.length; at += chunk) reader.chunk(stream.subarray(at, at + chunk));
  reader.end();
  return results;
};

const at = (iso: string, extraMicros = 0n): bigint => BigInt(Date.parse(iso) - postgresEpochMs) * 1000n + extraMicros;

const event = (data: unknown, overrides: Partial<Event> = {}): Event => ({
  position: '1234567',
  eventId: '0b9f3c1e-8a8e-4f43-9a59-3c1f4f0d2a11',
  streamId: 'contract-65c7894f-f385-4962-ac3f-0d938e16fc79',
  streamVersion: 42,
  type: 'KpiReturnSubmitted',
  schemaVersion: 1,
  data,
  metadata: { actor: { id: 'u-1', role: 'contract-manager', organisationId: 'somerset-council' }, correlationId: 'c-1', causationId: 'c-0' },
  occurredAt: at('2026-11-22T10:00:00.123Z', 456n),
  recordedAt: at('2026-11-22T10:00:00.5Z', 1n),
  ...overrides,
});

/** Events the module writes itself: the rule in a real store. */
const plain: [string, Event][] = [
  ['a flat object', event({ contractId: 'c-1', rating: 'good', score: 87, late: false, note: null })],
  ['nested objects and arrays, empty ones too', event({ a: [[], {}, [[{ z: [1, { y: null, x: true }] }]]], b: { c: { d: { e: [1, 2, 3] } } } })],
  ['names jsonb orders differently from canonical order', event({ zz: 1, a: 2, bbb: 3, B: 4, '10': 5, '9': 6, 'a b': 7, 'a!': 8, '': 9 })],
  ['UTF-8 below U+E000 in names and strings', event({ 'é': 'café', 'ß': '日本語 ½', 'Ω': '\u2028 \u2029', name: 'x'.repeat(300) })],
  ['integers up to fifteen digits', event({ values: [0, -1, 7, 123456789012345, -123456789012345, 10, 100] })],
  ['long strings and long arrays', event({ text: 'long '.repeat(2_000), list: Array.from({ length: 500 }, (_, index) => index) })],
  ['times on either side of 2000', event({}, { occurredAt: at('1901-07-04T06:07:08.009Z', 10n), recordedAt: at('2140-11-22T10:00:00.5Z') })],
  ['a microsecond before the epoch', event({}, { occurredAt: -1n, recordedAt: 0n })],
  ['a leap day', event({}, { occurredAt: at('2024-02-29T23:59:59.999Z', 999n) })],
  ['a version past 2^16 and a large position', event({}, { streamVersion: 2_000_000_000, position: '9007199254740993' })],
  ['nesting 64 deep', event(JSON.parse(`${'{"a":'.repeat(63)}1${'}'.repeat(63)}`))],
];

/** Events the module leaves to the reference, whose form must be the reference's all the same. */
const declined: [string, Event][] = [
  ['a string with escapes', event({ text: 'quote " backslash \\ newline \n control \u0001' })],
  ['a name with an escape', event({ 'a"b': 1 })],
  ['a stream id with a quote', event({}, { streamId: 'contract-"odd"' })],
  ['a name at or past U+E000, whose UTF-8 and UTF-16 orders differ', event({ '\ue000': 1, '𝄞': 2, a: 3 })],
  ['fractions and exponents', event({ values: [0.1, 1.5, 1e-7, 1e21, 5e-324, -1.5e-10] })],
  ['an integer of sixteen digits', event({ value: 1234567890123456 })],
  ['nesting 65 deep', event(JSON.parse(`${'['.repeat(65)}${']'.repeat(65)}`))],
];

describe('the WebAssembly stored-form writer', () => {
  it.each(plain)('writes %s itself, as canonicalForm does', (_, plainEvent) => {
    const [result] = written([plainEvent], new WasmSink());
    expect(result).toEqual({ form: expectedForm(plainEvent), reference: expectedForm(plainEvent), compiled: true });
  });

  it.each(declined)('declines %s, and writeStoredEvent gives the reference form', (_, declinedEvent) => {
    const [result] = written([declinedEvent], new WasmSink());
    expect(result).toEqual({ form: expectedForm(declinedEvent), reference: expectedForm(declinedEvent), compiled: false });
  });

  it('leaves times too far from 2000 to the reading again, as the reference does', () => {
    const far = event({}, { occurredAt: 2n ** 52n });
    expect(written([far], new WasmSink())).toEqual([{ form: false, reference: false, compiled: false }]);
  });

  it('writes every event of a stream read in small chunks, growing from a tiny sink', () => {
    const events = [...plain, ...declined].map(([, each]) => each);
    const results = written(events, new WasmSink(16, 16), 7);
    expect(results.map((result) => result.form)).toEqual(events.map(expectedForm));
    expect(results.map((result) => result.compiled)).toEqual([...plain.map(() => true), ...declined.map(() => false)]);
  });

  it('agrees with the reference on random events', () => {
    let state = 0x2545f491;
    const next = (): number => {
      state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
      return state / 2 ** 32;
    };
    const alphabet = ['a', 'Z', '0', ' ', 'é', '日', '😀', '"', '\\', '\n', '\u0001', '\ue000', '/'];
    const text = (): string => Array.from({ length: Math.floor(next() * 12) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
    const value = (depth: number): unknown => {
      const draw = next();
      if (depth > 4 || draw < 0.25) return text();
      if (draw < 0.4) return Math.floor((next() - 0.5) * 10 ** Math.floor(next() * 17));
      if (draw < 0.45) return (next() - 0.5) * 10 ** Math.floor(next() * 30 - 15);
      if (draw < 0.5) return [true, false, null][Math.floor(next() * 3)];
      if (draw < 0.7) return Array.from({ length: Math.floor(next() * 5) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(next() * 6) }, () => [text(), value(depth + 1)]));
    };
    const events = Array.from({ length: 400 }, (_, index) =>
      event(value(0), { streamVersion: index + 1, occurredAt: BigInt(Math.floor((next() - 0.5) * 2 ** 51)) }),
    );
    const results = written(events, new WasmSink(64, 64), 97);
    expect(results.map((result) => result.form)).toEqual(events.map(expectedForm));
    const compiled = results.filter((result) => result.compiled).length;
    // Both paths are exercised, so neither is agreeing with itself.
    expect(compiled).toBeGreaterThan(40);
    expect(compiled).toBeLessThan(events.length);
  });

  it('lends a sink to one read at a time and hands it back empty', async () => {
    const first = await withWasmSink(async (sink) => {
      sink.text('left behind');
      return sink;
    });
    const [again, other] = await Promise.all([
      withWasmSink(async (sink) => sink),
      withWasmSink(async (sink) => {
        await new Promise((resolve) => setImmediate(resolve));
        return sink;
      }),
    ]);
    expect(again).toBe(first);
    expect(other).not.toBe(first);
    expect(again.length).toBe(0);
  });
});

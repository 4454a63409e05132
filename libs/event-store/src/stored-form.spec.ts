import { ByteSink } from './byte-sink';
import { writeUtcTime } from './stored-form';

/** 2000-01-01T00:00:00Z, timestamptz's epoch, in milliseconds since 1970. */
const postgresEpochMs = Date.UTC(2000, 0, 1);

/** A timestamptz's binary form: microseconds since 2000-01-01 UTC, 64 bits big-endian. */
const binary = (micros: bigint): Buffer => {
  const buffer = Buffer.alloc(8);
  buffer.writeBigInt64BE(micros);
  return buffer;
};

const written = (micros: bigint): string | false => {
  const sink = new ByteSink(0, 8);
  return writeUtcTime(sink, binary(micros), 0) && sink.toString();
};

/** What utcText prints, from Date for the milliseconds and the microsecond digits after them. */
const expected = (micros: bigint): string => {
  const ms = Number(micros / 1000n) - (micros % 1000n < 0n ? 1 : 0);
  const sub = ((micros % 1000n) + 1000n) % 1000n;
  return `"${new Date(postgresEpochMs + ms).toISOString().slice(0, 23)}${String(sub).padStart(3, '0')}Z"`;
};

const at = (iso: string, extraMicros = 0n): bigint => BigInt(Date.parse(iso) - postgresEpochMs) * 1000n + extraMicros;

describe('writeUtcTime', () => {
  it.each([
    ['the epoch', at('2000-01-01T00:00:00Z')],
    ['a microsecond before it', at('2000-01-01T00:00:00Z', -1n)],
    ['a leap day', at('2024-02-29T23:59:59.999Z', 999n)],
    ['the day after a century that is not a leap year', at('2100-03-01T00:00:00Z')],
    ['the last day of a year', at('2026-12-31T12:34:56.789Z', 123n)],
    ['long before 2000', at('1901-07-04T06:07:08.009Z', 10n)],
    ['long after', at('2140-11-22T10:00:00.5Z')],
  ])('writes %s as utcText prints it', (_, micros) => {
    expect(written(micros)).toBe(expected(micros));
  });

  it('agrees with Date over random times across the years it writes', () => {
    let state = 0x1234567;
    const next = (): number => {
      state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
      return state / 2 ** 32;
    };
    const span = 140n * 365n * 86_400_000_000n;
    for (let index = 0; index < 5_000; index += 1) {
      const micros = BigInt(Math.floor((next() * 2 - 1) * Number(span)));
      expect(written(micros)).toBe(expected(micros));
    }
  });

  it('leaves to utcText the times too far from 2000 to be exact as doubles, and infinity', () => {
    expect(written(2n ** 52n)).toBe(false);
    expect(written(-(2n ** 52n) - 1n)).toBe(false);
    expect(written(2n ** 63n - 1n)).toBe(false);
    expect(written(-(2n ** 63n))).toBe(false);
  });
});

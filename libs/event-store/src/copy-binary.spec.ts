import { ByteSink } from './byte-sink';
import { TupleReader } from './copy-binary';

/** A binary COPY stream as PostgreSQL writes it: signature, flags, header extension, tuples, trailer. */
const copyStream = (tuples: readonly (readonly (Buffer | null)[])[], extension = Buffer.alloc(0)): Buffer => {
  const parts: Buffer[] = [Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1')];
  const word = (value: number, bytes: 2 | 4): Buffer => {
    const buffer = Buffer.alloc(bytes);
    if (bytes === 2) buffer.writeInt16BE(value);
    else buffer.writeInt32BE(value);
    return buffer;
  };
  parts.push(word(0, 4), word(extension.length, 4), extension);
  for (const tuple of tuples) {
    parts.push(word(tuple.length, 2));
    for (const field of tuple) parts.push(field === null ? word(-1, 4) : Buffer.concat([word(field.length, 4), field]));
  }
  parts.push(word(-1, 2));
  return Buffer.concat(parts);
};

/** What a reader hands on, as texts (null for null), fed the stream in chunks of the sizes given, cycled. */
const read = (stream: Buffer, fieldCount: number, chunkSizes: readonly number[], sink = new ByteSink(16, 16)): (string | null)[][] => {
  const tuples: (string | null)[][] = [];
  const reader = new TupleReader(fieldCount, sink, (buffer, fields) => {
    const tuple: (string | null)[] = [];
    for (let field = 0; field < fieldCount; field += 1) {
      const length = fields[field * 2 + 1] as number;
      const start = fields[field * 2] as number;
      tuple.push(length === -1 ? null : buffer.toString('utf8', start, start + length));
    }
    tuples.push(tuple);
    // Writing output meanwhile, as verification does, may replace the buffer the input lies in.
    sink.truncate();
    sink.text('x'.repeat(40));
  });
  let at = 0;
  for (let index = 0; at < stream.length; index += 1) {
    const size = chunkSizes[index % chunkSizes.length] as number;
    reader.chunk(stream.subarray(at, at + size));
    at += size;
  }
  reader.end();
  return tuples;
};

describe('TupleReader', () => {
  const tuples = [
    [Buffer.from('1'), Buffer.from('first'), null],
    [Buffer.from('22'), Buffer.from(''), Buffer.from('é'.repeat(300))],
    [Buffer.from('333'), Buffer.from('third'), Buffer.from('x')],
  ];
  const expected = tuples.map((tuple) => tuple.map((field) => (field === null ? null : field.toString('utf8'))));

  it.each([[[1]], [[2, 3, 5]], [[7]], [[64]], [[100_000]]])('hands on every tuple whole whatever the chunks (%j bytes)', (sizes) => {
    expect(read(copyStream(tuples), 3, sizes)).toEqual(expected);
  });

  it('skips a header extension', () => {
    expect(read(copyStream(tuples, Buffer.from('extension')), 3, [5])).toEqual(expected);
  });

  it('refuses what is not a binary COPY stream, a tuple of another width, and a stream cut off inside a tuple', () => {
    expect(() => read(Buffer.from('COPY 1\n1\tfirst\n'.repeat(3)), 3, [64])).toThrow('not a binary COPY stream');
    expect(() => read(copyStream(tuples), 2, [64])).toThrow('a COPY tuple of 3 fields, expected 2');
    const whole = copyStream(tuples);
    expect(() => read(whole.subarray(0, whole.length - 5), 3, [64])).toThrow('the COPY stream ended inside a tuple');
  });
});

import type { PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { ByteSink } from './byte-sink';

/**
 * PostgreSQL's binary COPY format, read tuple by tuple as the chunks arrive: an 11-byte signature, a flags word and
 * a header extension, then per tuple a 16-bit field count (-1 ends the data) and per field a 32-bit length (-1 for
 * null) followed by that many bytes in the type's binary form. Verification reads events this way because it
 * needs their bytes, not strings: nothing is decoded that it does not use.
 */
const signature = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const headerLength = signature.length + 8;

/**
 * Where one tuple's fields lie in `buffer` (the sink's, when the call starts): field i starts at `fields[2i]` and is
 * `fields[2i + 1]` bytes long (-1 for null). Both are valid only during the call.
 */
export type TupleHandler = (buffer: Buffer, fields: Int32Array) => void;

/**
 * Reads tuples into the sink's input region (see ByteSink), so that the handler copies their bytes within one
 * buffer. A tuple cut off at the end of a chunk is moved to the region's start and completed by the next.
 */
export class TupleReader {
  /** The buffer holding the input: the sink's, unless writing output has replaced it since. */
  private input: Buffer;
  /** Input bytes received, and how many of them whole tuples have used. */
  private filled = 0;
  private used = 0;
  private headerRead = false;
  private ended = false;
  private readonly fields: Int32Array;

  constructor(
    private readonly fieldCount: number,
    private readonly sink: ByteSink,
    private readonly onTuple: TupleHandler,
  ) {
    this.fields = new Int32Array(fieldCount * 2);
    this.input = sink.buffer;
  }

  chunk(chunk: Buffer): void {
    const kept = this.filled - this.used;
    let buffer = this.sink.buffer;
    if (this.input !== buffer) this.input.copy(buffer, 0, this.used, this.filled);
    else if (this.used > 0 && kept > 0) buffer.copyWithin(0, this.used, this.filled);
    if (kept + chunk.length > this.sink.base) {
      this.sink.growInput(kept + chunk.length, kept);
      buffer = this.sink.buffer;
    }
    chunk.copy(buffer, kept);
    this.input = buffer;
    this.filled = kept + chunk.length;
    this.used = 0;
    const filled = this.filled;
    let at = 0;
    if (!this.headerRead) {
      if (filled < headerLength) return;
      if (!buffer.subarray(0, signature.length).equals(signature)) throw new Error('not a binary COPY stream');
      const header = headerLength + buffer.readInt32BE(signature.length + 4);
      if (filled < header) return;
      at = header;
      this.headerRead = true;
    }
    const fields = this.fields;
    for (;;) {
      if (this.ended || filled - at < 2) break;
      const count = buffer.readInt16BE(at);
      if (count === -1) {
        this.ended = true;
        at += 2;
        break;
      }
      if (count !== this.fieldCount) throw new Error(`a COPY tuple of ${count} fields, expected ${this.fieldCount}`);
      let next = at + 2;
      let whole = true;
      for (let field = 0; field < count; field += 1) {
        if (filled - next < 4) {
          whole = false;
          break;
        }
        const length = buffer.readInt32BE(next);
        next += 4;
        if (length > 0 && filled - next < length) {
          whole = false;
          break;
        }
        fields[field * 2] = next;
        fields[field * 2 + 1] = length;
        if (length > 0) next += length;
      }
      if (!whole) break;
      this.onTuple(buffer, fields);
      at = next;
    }
    this.used = at;
  }

  end(): void {
    if (!this.ended || this.used !== this.filled) throw new Error('the COPY stream ended inside a tuple');
  }
}

/**
 * Runs `COPY (query) TO STDOUT (FORMAT binary)` on the client and hands each tuple to `onTuple` as it arrives, so
 * the tuples already received are worked on while the database reads and sends the rest. COPY takes no
 * parameters: the query's values must be literals (pg's escapeLiteral for text). An error thrown by `onTuple` ends
 * the reading and is thrown once the stream has closed.
 */
export const copyTuples = async (
  client: PoolClient,
  query: string,
  fieldCount: number,
  sink: ByteSink,
  onTuple: TupleHandler,
): Promise<void> => {
  const reader = new TupleReader(fieldCount, sink, onTuple);
  await new Promise<void>((resolve, reject) => {
    const stream = client.query(copyTo(`COPY (${query}) TO STDOUT (FORMAT binary)`));
    let failure: { error: unknown } | undefined;
    stream.on('data', (chunk: Buffer) => {
      if (failure) return;
      try {
        reader.chunk(chunk);
      } catch (error) {
        failure = { error };
      }
    });
    stream.on('error', reject);
    stream.on('end', () => {
      try {
        if (failure) throw failure.error;
        reader.end();
        resolve();
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
};

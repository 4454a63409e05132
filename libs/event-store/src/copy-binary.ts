import type { PoolClient } from 'pg';
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
 * Where one tuple lies in `buffer` (the sink's, when the call starts; read the sink's again after writing to it):
 * from `start` to `end`, field i at `fields[2i]`, `fields[2i + 1]` bytes long (-1 for null). Valid only during the
 * call.
 */
export type TupleHandler = (buffer: Buffer, fields: Int32Array, start: number, end: number) => void;

/**
 * Reads tuples into the sink's input region (see ByteSink), so that the handler copies their bytes within one
 * buffer. A tuple cut off at the end of a chunk is moved to the region's start and completed by the next.
 */
export class TupleReader {
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
  }

  chunk(chunk: Buffer): void {
    const kept = this.filled - this.used;
    // The sink keeps the input where it was when output writes grow its buffer (see ByteSink).
    let buffer = this.sink.buffer;
    if (this.used > 0 && kept > 0) buffer.copyWithin(0, this.used, this.filled);
    if (kept + chunk.length > this.sink.base) {
      this.sink.growInput(kept + chunk.length, kept);
      buffer = this.sink.buffer;
    }
    chunk.copy(buffer, kept);
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
      this.onTuple(buffer, fields, at, next);
      buffer = this.sink.buffer;
      at = next;
    }
    this.used = at;
  }

  end(): void {
    if (!this.ended || this.used !== this.filled) throw new Error('the COPY stream ended inside a tuple');
  }
}

/**
 * `COPY … TO STDOUT` as a query of pg's own (a Submittable): pg's parser frames the CopyData messages, and each one
 * is handed on as a view of the parser's buffer, valid during the call. Not pg-copy-streams: it copies the data of
 * every socket read into a new zero-filled buffer, and at 3 MB a verification that garbage brings on a full
 * collection every few calls (external memory pressure), the tail of verify's latency.
 */
class CopyOut {
  private failure: Error | undefined;

  constructor(
    private readonly text: string,
    private readonly onData: (chunk: Buffer) => void,
    private readonly settle: (error?: Error) => void,
  ) {}

  submit(connection: { query(text: string): void }): void {
    connection.query(this.text);
  }

  handleCopyData(message: { chunk: Buffer }): void {
    if (this.failure) return;
    try {
      this.onData(message.chunk);
    } catch (error) {
      this.failure = error instanceof Error ? error : new Error(String(error));
    }
  }

  /** pg calls it on every query it runs; the statement settles at ReadyForQuery. */
  handleCommandComplete(): void {}

  handleReadyForQuery(): void {
    this.settle(this.failure);
  }

  /** pg has dropped the query by now: no ReadyForQuery reaches it. */
  handleError(error: Error): void {
    this.settle(error);
  }
}

/**
 * Runs `COPY (query) TO STDOUT (FORMAT binary)` on the client and hands each tuple to `onTuple` as it arrives, so
 * the tuples already received are worked on while the database reads and sends the rest. COPY takes no
 * parameters: the query's values must be literals (pg's escapeLiteral for text). An error thrown by `onTuple` ends
 * the reading and is thrown once the database has finished the statement.
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
    const copy = new CopyOut(
      `COPY (${query}) TO STDOUT (FORMAT binary)`,
      (chunk) => reader.chunk(chunk),
      (error) => {
        if (error) {
          reject(error);
          return;
        }
        try {
          reader.end();
          resolve();
        } catch (failure) {
          reject(failure instanceof Error ? failure : new Error(String(failure)));
        }
      },
    );
    client.query(copy);
  });
};

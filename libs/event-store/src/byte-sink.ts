/**
 * The bytes verification works in: the input it reads (the tuples of a COPY, or any JSON text) at the start of one
 * buffer, and after it the output it writes (a canonical form, behind room for the hash it chains on). Both in one
 * buffer because copying within a buffer (copyWithin) is a plain memmove, while copying from one buffer into part
 * of another allocates a view each time, and a loop costs a few nanoseconds a byte: canonicalising is mostly
 * copying tokens from input to output, so this is where verification spends its time.
 *
 * Offsets into `buffer` are absolute. The output may grow without moving anything (the buffer is reallocated with
 * both regions where they were), so callers read `buffer` again after any write; the input region grows only while
 * no output is being written (see TupleReader).
 */
export class ByteSink {
  buffer: Buffer;
  /** Where the output starts: the input region's capacity. */
  base: number;
  /** Where the next output byte goes. */
  at: number;

  /** `buffer`: storage of at least both capacities that a subclass provides (see `grown`). */
  constructor(inputCapacity = 64 * 1024, outputCapacity = 64 * 1024, buffer = Buffer.allocUnsafe(inputCapacity + outputCapacity)) {
    this.buffer = buffer;
    this.base = inputCapacity;
    this.at = inputCapacity;
  }

  /** The output written so far. */
  get length(): number {
    return this.at - this.base;
  }

  /** Empties the output, or keeps only its first `length` bytes. */
  truncate(length = 0): void {
    this.at = this.base + length;
  }

  output(): Buffer {
    return this.buffer.subarray(this.base, this.at);
  }

  toString(): string {
    return this.buffer.toString('utf8', this.base, this.at);
  }

  /** Makes the input region at least `bytes` long, keeping the first `keep` bytes of input. Discards the output. */
  growInput(bytes: number, keep: number): void {
    if (bytes <= this.base) return;
    const outputCapacity = this.buffer.length - this.base;
    const inputCapacity = Math.max(bytes, this.base * 2);
    this.buffer = this.grown(inputCapacity + outputCapacity, keep);
    this.base = inputCapacity;
    this.at = inputCapacity;
  }

  /** Room for `bytes` more output; `buffer` may be replaced, so callers read it again after any write. */
  reserve(bytes: number): void {
    const needed = this.at + bytes;
    if (needed <= this.buffer.length) return;
    this.buffer = this.grown(Math.max(needed, this.buffer.length * 2), this.at);
  }

  /**
   * Storage of at least `capacity` bytes whose first `keep` bytes are the buffer's: a new buffer here. Offsets stay
   * valid across it, so what lay in the old buffer is read from the new one (a subclass may detach the old).
   */
  protected grown(capacity: number, keep: number): Buffer {
    const grown = Buffer.allocUnsafe(capacity);
    this.buffer.copy(grown, 0, 0, keep);
    return grown;
  }

  byte(value: number): void {
    if (this.at === this.buffer.length) this.reserve(1);
    this.buffer[this.at] = value;
    this.at += 1;
  }

  /** Input bytes `start` to `end` (or bytes of another buffer: constants, and texts canonicalised alone). */
  copy(source: Buffer, start: number, end: number): void {
    const count = end - start;
    // Bytes of this sink's own buffer lie before `at`, so they are where they were after reserve has grown it.
    const inPlace = source === this.buffer;
    this.reserve(count);
    const target = this.buffer;
    if (inPlace) {
      if (count <= 8) {
        let at = this.at;
        for (let index = start; index < end; index += 1) target[at++] = target[index] as number;
      } else target.copyWithin(this.at, start, end);
    } else if (count < 64) {
      let at = this.at;
      for (let index = start; index < end; index += 1) target[at++] = source[index] as number;
    } else {
      source.copy(target, this.at, start, end);
    }
    this.at += count;
  }

  /** A short constant's bytes. */
  bytes(source: Buffer): void {
    this.copy(source, 0, source.length);
  }

  /** UTF-8 of a text. */
  text(value: string): void {
    this.reserve(value.length * 3);
    this.at += this.buffer.write(value, this.at, 'utf8');
  }

  /** Decimal digits of a non-negative safe integer, without a string. */
  digits(value: number): void {
    let width = 1;
    for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) width += 1;
    this.padded(value, width);
  }

  /** Decimal digits of a non-negative integer, zero-padded to `width` (times' fields). */
  padded(value: number, width: number): void {
    this.reserve(width);
    let rest = value;
    for (let at = this.at + width - 1; at >= this.at; at -= 1) {
      this.buffer[at] = 0x30 + (rest % 10);
      rest = Math.floor(rest / 10);
    }
    this.at += width;
  }
}

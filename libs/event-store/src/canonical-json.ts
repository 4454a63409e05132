import { ByteSink } from './byte-sink';

/**
 * The RFC 8785 (JCS) form of a JSON text, written as UTF-8 bytes from the text's own UTF-8 bytes instead of from
 * parsed values. Verification reads every event's `data` and `metadata` as PostgreSQL sends jsonb and needs only
 * their canonical bytes to hash; decoding them into strings or objects and serialising those again cost more than
 * the rest of verification together.
 *
 * For any well-formed JSON text in UTF-8 (as every text from the database is, so no string holds a lone surrogate),
 * the bytes are exactly the UTF-8 of `canonicalize(JSON.parse(text))`, member for member:
 * - insignificant whitespace goes;
 * - a string without a backslash is copied as it stands: it holds no `"`, no `\` and no control character (JSON
 *   forbids them unescaped) and no lone surrogate, which is all JSON.stringify would escape, so it is what
 *   JSON.stringify would write for it; a string with a backslash is written by JSON.stringify from its JSON.parse;
 * - a number is written as ECMAScript writes the double nearest to it (`String(Number(token))`, as JSON.stringify
 *   does after JSON.parse), which for an integer token of at most 15 digits is the token itself, except `-0`;
 *   a number too large for a double has no canonical form and throws, as canonicalize does for Infinity;
 * - object members are sorted by their decoded names in UTF-16 code units (JavaScript's `<` on strings), and of
 *   members sharing a name only the last counts, as JSON.parse keeps it (jsonb never prints two). Names are
 *   compared as bytes where that gives the same order: UTF-8's byte order is code point order, which differs from
 *   UTF-16's only between U+E000–U+FFFF (lead bytes EE, EF) and the supplementary planes (F0–F4). An object's
 *   members are written as they come and then, if out of order, moved into order within the output.
 * The text must be well-formed JSON; PostgreSQL's output always is. canonical-json.spec.ts checks the equality
 * against the canonicalize package, and verify.int.spec.ts over PostgreSQL's own output of awkward values.
 */
export const writeCanonicalJson = (source: Buffer, start: number, end: number, sink: ByteSink): void => {
  writer.document(source, start, end, sink);
};

/** The canonical text of a JSON text: writeCanonicalJson for callers that hold strings. */
export const canonicalJsonText = (text: string): string => {
  const length = Buffer.byteLength(text, 'utf8');
  const sink = new ByteSink(length, length + 16);
  sink.buffer.write(text, 0, 'utf8');
  writeCanonicalJson(sink.buffer, 0, length, sink);
  return sink.toString();
};

const quote = 0x22;
const backslash = 0x5c;
const comma = 0x2c;
const colon = 0x3a;
const braceOpen = 0x7b;
const braceClose = 0x7d;
const bracketOpen = 0x5b;
const bracketClose = 0x5d;
/** Strings up to this many bytes are scanned in a loop; longer ones by indexOf. */
const shortString = 48;
/** The lowest lead byte at which UTF-8's byte order and UTF-16's code unit order part (U+E000). */
const orderPartsAt = 0xee;

const literals = { true: Buffer.from('true'), false: Buffer.from('false'), null: Buffer.from('null') };

/**
 * Where each member of the objects being written lies in the output, four numbers a member: where it starts (its
 * name's opening quote), where its name ends (after the closing quote), where it ends, and whether its name's bytes
 * order it as its code units would (1) or it must be decoded first (0; see orderPartsAt).
 */
const memberStart = 0;
const memberNameEnd = 1;
const memberEnd = 2;
const memberPlainName = 3;
const memberFields = 4;

class CanonicalWriter {
  private source: Buffer = Buffer.alloc(0);
  /** Where the document being written ends in `source`. */
  private end = 0;
  private at = 0;
  private sink: ByteSink = new ByteSink(0);
  /** Where the next backslash in `source` is, found once and reused until passed (-2: none); most texts have none. */
  private backslashAt = -1;
  /** Whether the string stringEnd last found holds a backslash. */
  private escaped = false;
  /** The members of every object still open, innermost last; reused across documents. */
  private members = new Int32Array(320);
  private top = 0;

  document(source: Buffer, start: number, end: number, sink: ByteSink): void {
    if (source !== this.source) this.backslashAt = -1;
    this.source = source;
    this.at = start;
    this.end = end;
    this.sink = sink;
    this.top = 0;
    this.value();
    this.skipWhitespace();
    if (this.at !== this.end) this.malformed();
  }

  private value(): void {
    this.skipWhitespace();
    if (this.at >= this.end) this.malformed();
    const code = this.source[this.at];
    if (code === quote) this.string();
    else if (code === braceOpen) this.object();
    else if (code === bracketOpen) this.array();
    else if (code === 0x74) this.literal(literals.true);
    else if (code === 0x66) this.literal(literals.false);
    else if (code === 0x6e) this.literal(literals.null);
    else this.number();
  }

  private skipWhitespace(): void {
    const source = this.source;
    while (this.at < this.end) {
      const code = source[this.at];
      if (code !== 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) return;
      this.at += 1;
    }
  }

  private literal(word: Buffer): void {
    if (this.at + word.length > this.end) this.malformed();
    for (let index = 0; index < word.length; index += 1) {
      if (this.source[this.at + index] !== word[index]) this.malformed();
    }
    this.at += word.length;
    this.sink.bytes(word);
  }

  /** The string token at `at`, canonical. */
  private string(): void {
    const start = this.at;
    this.at = this.stringEnd(start);
    if (this.escaped) this.sink.text(JSON.stringify(JSON.parse(this.source.toString('utf8', start, this.at)) as string));
    else this.sink.copy(this.source, start, this.at);
  }

  /** Where the string token at `start` ends (after its closing quote); `escaped` tells whether it holds a backslash. */
  private stringEnd(start: number): number {
    const source = this.source;
    // Most strings are short (names, codes, ids): a loop finds their end for less than a call to indexOf.
    const shortEnd = Math.min(start + shortString, this.end);
    for (let index = start + 1; index < shortEnd; index += 1) {
      const code = source[index];
      if (code === quote) {
        this.escaped = false;
        return index + 1;
      }
      if (code === backslash) return this.escapedEnd(start);
    }
    const close = source.indexOf(quote, shortEnd);
    if (close === -1 || close >= this.end) this.malformed();
    if (this.backslashAt !== -2 && this.backslashAt < start) {
      const found = source.indexOf(backslash, start);
      this.backslashAt = found === -1 ? -2 : found;
    }
    if (this.backslashAt !== -2 && this.backslashAt < close) return this.escapedEnd(start);
    this.escaped = false;
    return close + 1;
  }

  private escapedEnd(start: number): number {
    const source = this.source;
    let index = start + 1;
    for (;;) {
      if (index >= this.end) this.malformed();
      const code = source[index];
      if (code === quote) break;
      index += code === backslash ? 2 : 1;
    }
    this.escaped = true;
    return index + 1;
  }

  private number(): void {
    const source = this.source;
    const start = this.at;
    let plain = true;
    while (this.at < this.end) {
      const code = source[this.at] as number;
      if ((code >= 0x30 && code <= 0x39) || (code === 0x2d && this.at === start)) this.at += 1;
      else if (code === 0x2e || code === 0x65 || code === 0x45 || code === 0x2b || code === 0x2d) {
        plain = false;
        this.at += 1;
      } else break;
    }
    const negative = source[start] === 0x2d;
    const digits = this.at - start - (negative ? 1 : 0);
    if (plain && digits > 0 && digits <= 15 && !(negative && digits === 1 && source[start + 1] === 0x30)) {
      this.sink.copy(source, start, this.at);
      return;
    }
    if (this.at === start) this.malformed();
    const token = source.toString('latin1', start, this.at);
    const value = Number(token);
    if (Number.isNaN(value)) this.malformed();
    if (!Number.isFinite(value)) throw new RangeError(`${token} has no canonical JSON form: it is beyond a double`);
    this.sink.text(String(value));
  }

  private array(): void {
    this.at += 1;
    this.sink.byte(bracketOpen);
    this.skipWhitespace();
    if (this.source[this.at] === bracketClose && this.at < this.end) {
      this.at += 1;
      this.sink.byte(bracketClose);
      return;
    }
    for (;;) {
      this.value();
      this.skipWhitespace();
      if (this.at >= this.end) this.malformed();
      const code = this.source[this.at];
      this.at += 1;
      if (code === bracketClose) break;
      if (code !== comma) this.malformed();
      this.sink.byte(comma);
    }
    this.sink.byte(bracketClose);
  }

  /**
   * Writes the members as they come, then puts them in canonical order if they are not already in it: within the
   * output buffer, that is two memmoves.
   */
  private object(): void {
    const source = this.source;
    this.at += 1;
    this.skipWhitespace();
    if (source[this.at] === braceClose && this.at < this.end) {
      this.at += 1;
      this.sink.bytes(emptyObject);
      return;
    }
    this.sink.byte(braceOpen);
    const base = this.top;
    for (;;) {
      this.skipWhitespace();
      if (source[this.at] !== quote || this.at >= this.end) this.malformed();
      const start = this.sink.at;
      const nameFrom = this.at;
      this.string();
      const plain = !this.escaped && this.bytesOrderName(nameFrom + 1, this.at - 1);
      const nameEnd = this.sink.at;
      this.skipWhitespace();
      if (source[this.at] !== colon || this.at >= this.end) this.malformed();
      this.at += 1;
      this.sink.byte(colon);
      this.value();
      this.push(start, nameEnd, this.sink.at, plain ? 1 : 0);
      this.skipWhitespace();
      if (this.at >= this.end) this.malformed();
      const code = source[this.at];
      this.at += 1;
      if (code === braceClose) break;
      if (code !== comma) this.malformed();
      this.sink.byte(comma);
    }
    this.order(base);
    this.top = base;
    this.sink.byte(braceClose);
  }

  /** Whether a name's bytes order it as its UTF-16 code units would: no byte from the lead byte where they part. */
  private bytesOrderName(start: number, end: number): boolean {
    const source = this.source;
    for (let index = start; index < end; index += 1) if ((source[index] as number) >= orderPartsAt) return false;
    return true;
  }

  private push(start: number, nameEnd: number, end: number, plain: number): void {
    if (this.top + memberFields > this.members.length) {
      const grown = new Int32Array(this.members.length * 2);
      grown.set(this.members);
      this.members = grown;
    }
    const members = this.members;
    members[this.top + memberStart] = start;
    members[this.top + memberNameEnd] = nameEnd;
    members[this.top + memberEnd] = end;
    members[this.top + memberPlainName] = plain;
    this.top += memberFields;
  }

  /**
   * Puts the members written since `base` in canonical order and keeps only the last of members sharing a name.
   * Sorted in place by insertion (objects have a handful of members; it costs one comparison a member when they
   * are already in order; it is stable, so of equal names the last, the one JSON.parse keeps, stays last). Then,
   * unless nothing moved, the members are copied past the output's end and back in order.
   */
  private order(base: number): void {
    const members = this.members;
    const from = members[base + memberStart] as number;
    let moved = false;
    let equalNames = false;
    for (let member = base + memberFields; member < this.top; member += memberFields) {
      const order = this.compareNames(member - memberFields, member);
      if (order < 0) continue;
      if (order === 0) {
        equalNames = true;
        continue;
      }
      moved = true;
      const movingStart = members[member + memberStart] as number;
      const movingNameEnd = members[member + memberNameEnd] as number;
      const movingEnd = members[member + memberEnd] as number;
      const movingPlain = members[member + memberPlainName] as number;
      let to = member - memberFields;
      for (; to >= base; to -= memberFields) {
        const against = this.compareRanges(
          members[to + memberStart] as number,
          members[to + memberNameEnd] as number,
          members[to + memberPlainName] === 1,
          movingStart,
          movingNameEnd,
          movingPlain === 1,
        );
        if (against === 0) equalNames = true;
        if (against <= 0) break;
        members.copyWithin(to + memberFields, to, to + memberFields);
      }
      const at = to + memberFields;
      members[at + memberStart] = movingStart;
      members[at + memberNameEnd] = movingNameEnd;
      members[at + memberEnd] = movingEnd;
      members[at + memberPlainName] = movingPlain;
    }
    if (!moved && !equalNames) return;
    const sink = this.sink;
    const end = sink.at;
    sink.reserve(end - from);
    const buffer = sink.buffer;
    buffer.copyWithin(end, from, end);
    const shift = end - from;
    let at = from;
    for (let member = base; member < this.top; member += memberFields) {
      if (equalNames && member + memberFields < this.top && this.compareNames(member, member + memberFields) === 0) continue;
      if (at > from) buffer[at++] = comma;
      const start = (members[member + memberStart] as number) + shift;
      const stop = (members[member + memberEnd] as number) + shift;
      buffer.copyWithin(at, start, stop);
      at += stop - start;
    }
    sink.at = at;
  }

  private compareNames(left: number, right: number): number {
    const members = this.members;
    return this.compareRanges(
      members[left + memberStart] as number,
      members[left + memberNameEnd] as number,
      members[left + memberPlainName] === 1,
      members[right + memberStart] as number,
      members[right + memberNameEnd] as number,
      members[right + memberPlainName] === 1,
    );
  }

  /** Two canonical names in the output (quotes included), in UTF-16 code unit order of what they decode to. */
  private compareRanges(leftStart: number, leftEnd: number, leftPlain: boolean, rightStart: number, rightEnd: number, rightPlain: boolean): number {
    const source = this.sink.buffer;
    if (leftPlain && rightPlain) {
      // Names are short: a loop costs less than a call into the runtime's compare.
      const leftLength = leftEnd - leftStart;
      const rightLength = rightEnd - rightStart;
      const shared = Math.min(leftLength, rightLength) - 1;
      for (let index = 1; index < shared; index += 1) {
        const difference = (source[leftStart + index] as number) - (source[rightStart + index] as number);
        if (difference !== 0) return difference;
      }
      return leftLength - rightLength;
    }
    const leftName = JSON.parse(source.toString('utf8', leftStart, leftEnd)) as string;
    const rightName = JSON.parse(source.toString('utf8', rightStart, rightEnd)) as string;
    return leftName < rightName ? -1 : leftName > rightName ? 1 : 0;
  }

  private malformed(): never {
    throw new SyntaxError(`not well-formed JSON at offset ${this.at}`);
  }
}

const emptyObject = Buffer.from('{}');
const writer = new CanonicalWriter();

/**
 * The RFC 8785 (JCS) form of a JSON text, produced from the text itself instead of from parsed values. Verification
 * reads every event's `data` and `metadata` as PostgreSQL prints them and needs only their canonical text; parsing
 * them into objects and serialising those again cost more than the rest of verification together.
 *
 * For any JSON text decoded from UTF-8 (as every text from the database is, so no string holds a lone surrogate),
 * the result is exactly `canonicalize(JSON.parse(text))`, member for member:
 * - insignificant whitespace goes;
 * - a string without a backslash is copied as it stands: it holds no `"`, no `\` and no control character (JSON
 *   forbids them unescaped) and no lone surrogate, which is all JSON.stringify would escape, so it is what
 *   JSON.stringify would write for it; a string with a backslash is written by JSON.stringify from its JSON.parse;
 * - a number is written as ECMAScript writes the double nearest to it (`String(Number(token))`, as JSON.stringify
 *   does after JSON.parse), which for an integer token of at most 15 digits is the token itself, except `-0`;
 *   a number too large for a double has no canonical form and throws, as canonicalize does for Infinity;
 * - object members are sorted by their decoded names in UTF-16 code units (JavaScript's `<` on strings), and of
 *   members sharing a name only the last counts, as JSON.parse keeps it (jsonb never prints two).
 * The text must be well-formed JSON; PostgreSQL's output always is. canonical-json.spec.ts checks the equality
 * against the canonicalize package over PostgreSQL's own output of awkward values.
 */
export const canonicalJsonText = (text: string): string => new CanonicalWriter(text).document();

interface Member {
  name: string;
  text: string;
}

const quote = 0x22;
const backslash = 0x5c;

class CanonicalWriter {
  private at = 0;
  /** Where the next backslash is, found once and reused until passed: most texts have none. */
  private backslashAt = -1;

  constructor(private readonly text: string) {}

  document(): string {
    const value = this.value();
    this.skipWhitespace();
    if (this.at !== this.text.length) this.malformed();
    return value;
  }

  private value(): string {
    this.skipWhitespace();
    const code = this.text.charCodeAt(this.at);
    if (code === quote) return this.string();
    if (code === 0x7b) return this.object();
    if (code === 0x5b) return this.array();
    if (code === 0x74) return this.literal('true');
    if (code === 0x66) return this.literal('false');
    if (code === 0x6e) return this.literal('null');
    return this.number();
  }

  private skipWhitespace(): void {
    for (;;) {
      const code = this.text.charCodeAt(this.at);
      if (code !== 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) return;
      this.at += 1;
    }
  }

  private literal(word: string): string {
    if (!this.text.startsWith(word, this.at)) this.malformed();
    this.at += word.length;
    return word;
  }

  /** A string token's canonical text. */
  private string(): string {
    const start = this.at;
    const end = this.text.indexOf('"', start + 1);
    if (end === -1) this.malformed();
    if (this.backslashAt !== -2 && this.backslashAt < start) {
      const found = this.text.indexOf('\\', start);
      this.backslashAt = found === -1 ? -2 : found;
    }
    if (this.backslashAt === -2 || this.backslashAt > end) {
      this.at = end + 1;
      return this.text.slice(start, this.at);
    }
    let index = start + 1;
    for (;;) {
      const code = this.text.charCodeAt(index);
      if (Number.isNaN(code)) this.malformed();
      if (code === quote) break;
      index += code === backslash ? 2 : 1;
    }
    this.at = index + 1;
    return JSON.stringify(JSON.parse(this.text.slice(start, this.at)));
  }

  private number(): string {
    const start = this.at;
    let plain = true;
    for (;;) {
      const code = this.text.charCodeAt(this.at);
      if ((code >= 0x30 && code <= 0x39) || (code === 0x2d && this.at === start)) this.at += 1;
      else if (code === 0x2e || code === 0x65 || code === 0x45 || code === 0x2b || code === 0x2d) {
        plain = false;
        this.at += 1;
      } else break;
    }
    const token = this.text.slice(start, this.at);
    if (token.length === 0) this.malformed();
    const digits = token.charCodeAt(0) === 0x2d ? token.length - 1 : token.length;
    if (plain && digits > 0 && digits <= 15 && token !== '-0') return token;
    const value = Number(token);
    if (Number.isNaN(value)) this.malformed();
    if (!Number.isFinite(value)) throw new RangeError(`${token} has no canonical JSON form: it is beyond a double`);
    return String(value);
  }

  private array(): string {
    this.at += 1;
    this.skipWhitespace();
    if (this.text.charCodeAt(this.at) === 0x5d) {
      this.at += 1;
      return '[]';
    }
    let out = '[';
    for (;;) {
      out += this.value();
      this.skipWhitespace();
      const code = this.text.charCodeAt(this.at);
      this.at += 1;
      if (code === 0x5d) return `${out}]`;
      if (code !== 0x2c) this.malformed();
      out += ',';
    }
  }

  private object(): string {
    this.at += 1;
    this.skipWhitespace();
    if (this.text.charCodeAt(this.at) === 0x7d) {
      this.at += 1;
      return '{}';
    }
    const members: Member[] = [];
    for (;;) {
      this.skipWhitespace();
      if (this.text.charCodeAt(this.at) !== quote) this.malformed();
      const name = this.string();
      this.skipWhitespace();
      if (this.text.charCodeAt(this.at) !== 0x3a) this.malformed();
      this.at += 1;
      // A canonical string holds a backslash only where it escapes something.
      const decoded = name.includes('\\') ? (JSON.parse(name) as string) : name.slice(1, -1);
      members.push({ name: decoded, text: `${name}:${this.value()}` });
      this.skipWhitespace();
      const code = this.text.charCodeAt(this.at);
      this.at += 1;
      if (code === 0x7d) break;
      if (code !== 0x2c) this.malformed();
    }
    sortByName(members);
    let out = '{';
    for (let index = 0; index < members.length; index += 1) {
      const member = members[index] as Member;
      const next = members[index + 1];
      if (next !== undefined && next.name === member.name) continue;
      if (out.length > 1) out += ',';
      out += member.text;
    }
    return `${out}}`;
  }

  private malformed(): never {
    throw new SyntaxError(`not well-formed JSON at offset ${this.at}`);
  }
}

/**
 * Insertion sort: objects have a handful of members, and it is stable, so of members sharing a name the last
 * (the one JSON.parse keeps) stays last.
 */
const sortByName = (members: Member[]): void => {
  for (let index = 1; index < members.length; index += 1) {
    const member = members[index] as Member;
    let to = index - 1;
    while (to >= 0 && (members[to] as Member).name > member.name) {
      members[to + 1] = members[to] as Member;
      to -= 1;
    }
    members[to + 1] = member;
  }
};

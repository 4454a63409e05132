import canonicalize from 'canonicalize';
import { ByteSink } from './byte-sink';
import { canonicalJsonText, writeCanonicalJson } from './canonical-json';

/** Seeded (mulberry32), so a failure repeats. */
const seededRandom = (seed: number): (() => number) => {
  let state = seed;
  return (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/** What verification used to compute, and what an outsider computes: parse, then RFC 8785. */
const reference = (text: string): string | undefined => canonicalize(JSON.parse(text));

describe('canonicalJsonText', () => {
  it.each([
    ['whitespace anywhere JSON allows it', ' {\n\t"b" : [ 1 ,2 , { } , [ ] ] ,\r\n "a":null } '],
    ['members sorted by UTF-16 code units, not by length (jsonb) or code points', '{"role": 1, "id": 2, "organisation": 3, "\u{1d11e}": 4, "\ue000": 5, "": 6, "B": 7, "a": 8}'],
    ['names that look like array indexes sorted as text', '{"10": 1, "9": 2, "1": 3, "01": 4}'],
    ['names that are also Object.prototype members', '{"__proto__": {"x": 1}, "constructor": 2, "toString": "s", "toJSON": 3}'],
    ['escapes normalised to what JSON.stringify writes', '["\\u00e9", "\\/", "\\"", "\\\\", "\\b\\f\\n\\r\\t", "\\u0001\\u001F", "\\u2028", "\\ud834\\udd1e", "\\u007f"]'],
    ['escaped names sorted by what they decode to', '{"\\u0062": 1, "a\\n": 2, "a": 3, "\\u00e9": 4}'],
    ['unescaped text copied as it stands', '["é", "日本語", "😀", "\u2028", "\u007f", "tab\\tinside"]'],
    ['integers up to 15 digits as written, -0 as 0', '[0, -0, 7, -7, 123456789012345, -123456789012345]'],
    [
      'other numbers as ECMAScript writes the nearest double',
      '[1.0, 1.50, 1e2, 1E+2, 1e-7, 0.000001, 0.0000001, 0.1, 1234567890123456, 9007199254740993, 12345678901234567890, 1e20, 1e21, 5e-324, 1e-400, 1.7976931348623157e308, -1.5e-10, 100000000000000000000]',
    ],
    ['literals', '[true, false, null, {"t": true, "f": false, "n": null}]'],
    ['a bare scalar', '"just a string"'],
    ['deep nesting', '{"a": [{"b": [{"c": [[[{"z": 1, "y": [2, {"x": 3, "w": 4}]}]]]}]}]}'],
  ])('equals canonicalize(JSON.parse(text)) for %s', (_, text) => {
    expect(canonicalJsonText(text)).toBe(reference(text));
  });

  it('keeps the last of members that share a name, as JSON.parse does', () => {
    const text = '{"a": 1, "b": 2, "a": 3, "\\u0061": 4}';
    expect(canonicalJsonText(text)).toBe(reference(text));
    expect(canonicalJsonText(text)).toBe('{"a":4,"b":2}');
  });

  it('refuses a number beyond a double, which has no canonical form', () => {
    expect(() => canonicalJsonText('{"n": 1e400}')).toThrow(RangeError);
    expect(() => reference('{"n": 1e400}')).toThrow();
  });

  it.each(['', '{', '{"a" 1}', '{"a": 1,}', '[1 2]', '"open', 'nul', '{"a": 1} x', '[-]'])(
    'refuses malformed JSON: %j',
    (text) => {
      expect(() => canonicalJsonText(text)).toThrow(SyntaxError);
    },
  );

  it('reads only the part of a buffer it is given, as verification reads the fields of a COPY tuple', () => {
    const parts = ['{"b": "say \\"hi\\"", "a": [1, 2]}', '["plain", {"z": 0, "y": "\\\\"}]', '"open', '" {"late": true}'];
    const buffer = Buffer.from(parts.join(''));
    const canonical = (index: number): string => {
      const start = Buffer.byteLength(parts.slice(0, index).join(''));
      const sink = new ByteSink(0);
      writeCanonicalJson(buffer, start, start + Buffer.byteLength(parts[index] as string), sink);
      return sink.toString();
    };
    expect(canonical(0)).toBe(reference(parts[0] as string));
    expect(canonical(1)).toBe(reference(parts[1] as string));
    // The closing quote lies beyond the part: the part is malformed, however well the buffer reads on.
    expect(() => canonical(2)).toThrow(SyntaxError);
  });

  it('equals the reference for generated values of every kind', () => {
    const random = seededRandom(0x0c0ffee);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const alphabet = ['a', 'b', 'Z', '0', ' ', '"', '\\', '\n', '\u0000', '\u001f', 'é', '\u2028', '\ue000', '\uffff', '😀', '𝄞', '/'];
    const text = (): string => Array.from({ length: Math.floor(random() * 6) }, () => pick(alphabet)).join('');
    const number = (): number =>
      pick([() => Math.floor(random() * 1e6) - 5e5, () => random() * 10 ** Math.floor(random() * 40 - 20), () => -random(), () => 2 ** 53 + 2, () => 0]
      )();
    const value = (depth: number): unknown => {
      const kind = Math.floor(random() * (depth > 3 ? 4 : 6));
      if (kind === 0) return text();
      if (kind === 1) return number();
      if (kind === 2) return pick([true, false]);
      if (kind === 3) return null;
      if (kind === 4) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(random() * 5) }, () => [text(), value(depth + 1)]));
    };
    for (let index = 0; index < 2_000; index += 1) {
      const json = JSON.stringify(value(0), null, pick([undefined, 1, '\t']));
      expect(canonicalJsonText(json)).toBe(reference(json));
    }
  });
});

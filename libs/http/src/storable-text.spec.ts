import { isStorableText, maxUnstorableTextProblems, unstorableTextProblems } from './storable-text';

const fields = (value: unknown) => unstorableTextProblems(value).map((problem) => problem.field);

describe('isStorableText', () => {
  it.each([
    ['plain text', 'Late returns in Q3', true],
    ['accents and an astral character (a well-formed surrogate pair)', 'café 😀 𝔘', true],
    ['the empty string', '', true],
    ['a NUL', 'bad\u0000byte', false],
    ['a lone high surrogate', 'x\ud800y', false],
    ['a lone low surrogate', 'x\udc00y', false],
    ['a pair in the wrong order', '\ude00\ud83d', false],
    ['a high surrogate at the end', 'end\ud83d', false],
  ])('%s', (_case, text, storable) => {
    expect(isStorableText(text)).toBe(storable);
  });
});

describe('unstorableTextProblems', () => {
  it('finds nothing in storable values of every JSON kind', () => {
    expect(unstorableTextProblems({ a: 'ok', b: [1, true, null, { c: '😀' }], d: 2.5 })).toEqual([]);
    expect(unstorableTextProblems(undefined)).toEqual([]);
    expect(unstorableTextProblems(42)).toEqual([]);
  });

  it('names each culprit by its dotted path, in the order it was written, with the rule and why', () => {
    const problems = unstorableTextProblems({ summary: 'bad\u0000byte', kpis: [{ comment: 'ok' }, { comment: 'x\ud800y' }], reason: 'fine' });
    expect(problems).toEqual([
      { field: 'summary', rule: 'text.unstorable', message: 'The text contains a NUL character (U+0000), which cannot be stored' },
      { field: 'kpis.1.comment', rule: 'text.unstorable', message: 'The text contains a UTF-16 surrogate that is not part of a pair, which cannot be stored' },
    ]);
  });

  it('refuses a field name, shown with U+FFFD in place of the culprit, and does not look inside it', () => {
    const problems = unstorableTextProblems({ data: { 'a\u0000b': 'bad\u0000too', ['x\udfff']: 1 } });
    expect(problems.map(({ field, message }) => ({ field, message }))).toEqual([
      { field: 'data.a\uFFFDb', message: 'The field name contains a NUL character (U+0000), which cannot be stored' },
      { field: 'data.x\uFFFD', message: 'The field name contains a UTF-16 surrogate that is not part of a pair, which cannot be stored' },
    ]);
  });

  it('names a string that is the whole body (body), and walks arrays at the top', () => {
    expect(fields('\u0000')).toEqual(['(body)']);
    expect(fields(['ok', '\u0000'])).toEqual(['1']);
  });

  it('reaches a culprit nested deeper than the call stack would allow', () => {
    const depth = 100_000;
    const text = `${'['.repeat(depth)}"\\u0000"${']'.repeat(depth)}`;
    const problems = unstorableTextProblems(JSON.parse(text) as unknown);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.field.split('.')).toHaveLength(depth);
  });

  it('stops at the first few culprits of a body full of them', () => {
    expect(unstorableTextProblems(Array.from({ length: 10_000 }, () => '\u0000'))).toHaveLength(maxUnstorableTextProblems);
  });
});

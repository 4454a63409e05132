import { z } from 'zod';
import { fieldProblemsOf } from './zod-problems';

describe('fieldProblemsOf', () => {
  const Body = z.object({ note: z.string().min(1), approver: z.object({ name: z.string() }).strict() }).strict();

  it('names each unknown field by its own path', () => {
    const result = Body.safeParse({ note: 'n', colour: 'red', size: 3, approver: { name: 'A', rank: 'x' } });
    expect(result.success).toBe(false);
    const problems = result.success ? [] : fieldProblemsOf(result.error);
    expect(problems.map(({ field, rule }) => ({ field, rule }))).toEqual(
      expect.arrayContaining([
        { field: 'colour', rule: 'unrecognized_keys' },
        { field: 'size', rule: 'unrecognized_keys' },
        { field: 'approver.rank', rule: 'unrecognized_keys' },
      ]),
    );
    expect(problems).toHaveLength(3);
  });

  it('names a broken field by its dotted path under the prefix, the body itself when there is none', () => {
    const nested = Body.safeParse({ note: '', approver: { name: 'A' } });
    expect(nested.success ? [] : fieldProblemsOf(nested.error, 'data')).toEqual([
      expect.objectContaining({ field: 'data.note', rule: 'too_small' }),
    ]);
    const whole = Body.safeParse('not an object');
    expect(whole.success ? [] : fieldProblemsOf(whole.error).map((problem) => problem.field)).toEqual(['(body)']);
  });
});

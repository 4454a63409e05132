import type { z } from 'zod';
import type { FieldProblem } from './problem-details';

const fieldOf = (prefix: string | undefined, path: readonly PropertyKey[]): string =>
  [prefix, path.map(String).join('.')].filter(Boolean).join('.') || '(body)';

/**
 * Turns zod issues into field problems that name the field (dotted path) and the rule (zod's issue code). An
 * unknown field is named itself, one problem each: zod reports them together on the object that holds them.
 */
export const fieldProblemsOf = (error: z.ZodError, prefix?: string): FieldProblem[] =>
  error.issues.flatMap((issue): FieldProblem[] =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ field: fieldOf(prefix, [...issue.path, key]), rule: issue.code, message: `${key} is not a field of this request` }))
      : [{ field: fieldOf(prefix, issue.path), rule: issue.code, message: issue.message }],
  );

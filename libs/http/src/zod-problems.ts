import type { z } from 'zod';
import type { FieldProblem } from './problem-details';

/** Turns zod issues into field problems that name the field (dotted path) and the rule (zod's issue code). */
export const fieldProblemsOf = (error: z.ZodError, prefix?: string): FieldProblem[] =>
  error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    const field = [prefix, path].filter(Boolean).join('.') || '(body)';
    return { field, rule: issue.code, message: issue.message };
  });

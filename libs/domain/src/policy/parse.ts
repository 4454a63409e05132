import type { z } from 'zod';
import { invalid } from '../shared/errors';

/**
 * Parses input with a policy schema and turns the first problem into a DomainError ('invalid').
 * A custom rule names itself through `params.code` (e.g. `criteria.weights-must-sum-to-100`); any other problem
 * (a missing field, a wrong type) takes the fallback code. The field is the dotted path of the problem.
 */
export const parseOrRefuse = <Schema extends z.ZodType>(schema: Schema, input: unknown, fallbackCode: string): z.output<Schema> => {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw invalid(fallbackCode, 'The input is invalid');
  const ruleCode: unknown = issue.code === 'custom' ? issue.params?.['code'] : undefined;
  const field = issue.path.map(String).join('.');
  throw invalid(typeof ruleCode === 'string' ? ruleCode : fallbackCode, issue.message, field || undefined);
};

import { DomainError } from '@cls/domain';
import { ProblemException, statusOfKind, type FieldProblem } from '@cls/http';
import { CommandNotRecordedError, CommandUnavailableError } from '@cls/temporal';
import { ZodValidationException } from 'nestjs-zod';
import { z } from 'zod';

/** What an error answers: the exception the problem filter renders, and a Retry-After where retrying is the remedy. */
export interface CommandProblem {
  exception: unknown;
  retryAfterSeconds?: number;
}

/**
 * Temporal's failures as the caller should read them: not confirmed in time, or unavailable, is 503 with
 * Retry-After (the command may yet complete, and a retry with the same Idempotency-Key answers its outcome); events
 * the store refused are a 500 to quote by correlation id, since a retry would be refused the same way. Everything
 * else is left to the problem filter as it is.
 */
export const commandProblemOf = (error: unknown, settings: { waitSeconds: number; retryAfterSeconds: number }): CommandProblem => {
  if (error instanceof CommandUnavailableError) {
    return {
      exception: new ProblemException(
        503,
        'command.unavailable',
        `Temporal did not answer within ${settings.waitSeconds} s; retry (a command retried with the same Idempotency-Key is answered with its outcome)`,
      ),
      retryAfterSeconds: settings.retryAfterSeconds,
    };
  }
  if (error instanceof CommandNotRecordedError) {
    const state = error.sqlState === undefined ? '' : ` (SQLSTATE ${error.sqlState})`;
    return {
      exception: new ProblemException(500, 'command.not-recorded', `The store refused the command's events${state}; nothing was recorded. Quote the correlation id`),
    };
  }
  return { exception: error };
};

/** A refusal as it is kept for a retry: enough to render the same problem again. */
export const StoredProblem = z.object({
  code: z.string(),
  detail: z.string(),
  errors: z.array(z.object({ field: z.string(), rule: z.string(), message: z.string() })).optional(),
});
export type StoredProblem = z.infer<typeof StoredProblem>;

/**
 * The 4xx a decided command answered, to keep for its retries; undefined for anything else. Refusals are the
 * domain's and the HTTP layer's own, rendered by the problem filter from these same fields.
 */
export const refusalOf = (error: unknown): { status: number; problem: StoredProblem } | undefined => {
  const refusal = (status: number, code: string, detail: string, errors?: FieldProblem[]) =>
    status >= 400 && status < 500 ? { status, problem: { code, detail, ...(errors && errors.length > 0 ? { errors } : {}) } } : undefined;
  if (error instanceof DomainError) {
    return refusal(statusOfKind[error.kind], error.code, error.message, error.field ? [{ field: error.field, rule: error.code, message: error.message }] : undefined);
  }
  if (error instanceof ProblemException) return refusal(error.status, error.code, error.message, error.errors);
  return undefined;
};

/** A body or parameter that failed validation: the request never reached Temporal. */
export const isInvalidInput = (error: unknown): boolean => error instanceof ZodValidationException;

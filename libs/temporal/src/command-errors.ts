import { DomainError, type DomainErrorShape } from '@cls/domain';
import { ActivityFailure, ApplicationFailure, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { z } from 'zod';

/**
 * Temporal could not confirm the command's outcome in time, or failed in a way that is not the domain's refusal:
 * the update was not finished within the bounded wait, Temporal was unreachable, an update-with-start was slow or
 * failed, a workflow task is failing. The command may still complete; retrying with the same update id attaches to
 * it rather than applying it again, so the caller is told to retry, not that something broke for good.
 */
export class CommandUnavailableError extends Error {
  override readonly name = 'CommandUnavailableError';
}

/**
 * The store refused the command's events as data (the append activity's non-retryable `EventRejected` failure):
 * nothing was recorded and the same command would be refused again, so this is a fault to report, not to retry.
 */
export class CommandNotRecordedError extends Error {
  override readonly name = 'CommandNotRecordedError';
  constructor(
    message: string,
    readonly sqlState: string | undefined,
  ) {
    super(message);
  }
}

const DomainErrorDetails = z.object({
  kind: z.enum(['invalid', 'unauthorised', 'forbidden', 'not-found', 'conflict']),
  code: z.string(),
  message: z.string(),
  field: z.string().optional(),
});

/** The worker's append activity names refused events so; the string is the contract between the two processes. */
const eventRejected = 'EventRejected';
const EventRejectedDetails = z.object({ sqlState: z.string(), message: z.string() });

/** An ApplicationFailure of `type`, raised by the update's handler itself or by an activity it awaited. */
const applicationFailureOf = (cause: unknown, type: string): ApplicationFailure | undefined => {
  if (cause instanceof ApplicationFailure && cause.type === type) return cause;
  if (cause instanceof ActivityFailure && cause.cause instanceof ApplicationFailure && cause.cause.type === type) return cause.cause;
  return undefined;
};

/**
 * Turns what Temporal reports back into the refusals the domain made, so the API maps one kind of error. A refused
 * append is `CommandNotRecordedError`; anything else is `CommandUnavailableError` (with the original as its cause,
 * for the log): an error of Temporal's that the API does not recognise is a reason to retry, never an opaque fault.
 */
export const domainErrorOf = (error: unknown, notFound: () => DomainError): Error => {
  if (error instanceof DomainError || error instanceof CommandUnavailableError || error instanceof CommandNotRecordedError) return error;
  if (error instanceof WorkflowNotFoundError) return notFound();
  if (error instanceof WorkflowUpdateFailedError) {
    const domain = applicationFailureOf(error.cause, 'DomainError');
    const details = DomainErrorDetails.safeParse(domain?.details?.[0]);
    if (details.success) {
      const shape: DomainErrorShape = details.data;
      return new DomainError(shape.kind, shape.code, shape.message, shape.field);
    }
    if (applicationFailureOf(error.cause, 'WrongExpectedVersion')) {
      return new DomainError('conflict', 'aggregate.concurrent-change', 'The record changed while the command was applied; retry');
    }
    const rejected = applicationFailureOf(error.cause, eventRejected);
    if (rejected) {
      const refusal = EventRejectedDetails.safeParse(rejected.details?.[0]);
      return new CommandNotRecordedError(
        `The command's events were refused by the store: ${refusal.success ? refusal.data.message : rejected.message}`,
        refusal.success ? refusal.data.sqlState : undefined,
      );
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  return new CommandUnavailableError(`Temporal did not confirm the command: ${message}`, { cause: error });
};

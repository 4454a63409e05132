import { DomainError, type DomainErrorShape } from '@cls/domain';
import { ActivityFailure, ApplicationFailure, type Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { z } from 'zod';

const DomainErrorDetails = z.object({
  kind: z.enum(['invalid', 'unauthorised', 'forbidden', 'not-found', 'conflict']),
  code: z.string(),
  message: z.string(),
  field: z.string().optional(),
});

/**
 * Turns what Temporal reports back into the refusals the domain made, so the API maps one kind of error.
 * Anything unrecognised is rethrown untouched: it is a fault, not a refusal, and must surface as a 500.
 */
export const domainErrorOf = (error: unknown, notFound: () => DomainError): unknown => {
  if (error instanceof WorkflowNotFoundError) return notFound();
  if (!(error instanceof WorkflowUpdateFailedError)) return error;
  const cause = error.cause;
  if (cause instanceof ApplicationFailure && cause.type === 'DomainError') {
    const details = DomainErrorDetails.safeParse(cause.details?.[0]);
    if (details.success) {
      const shape: DomainErrorShape = details.data;
      return new DomainError(shape.kind, shape.code, shape.message, shape.field);
    }
  }
  if (cause instanceof ActivityFailure && cause.cause instanceof ApplicationFailure && cause.cause.type === 'WrongExpectedVersion') {
    return new DomainError('conflict', 'aggregate.concurrent-change', 'The record changed while the command was applied; retry');
  }
  return error;
};

/** The names an aggregate's workflow serves, and how its workflow id follows from the aggregate's id. */
export interface AggregateWorkflowProtocol {
  workflowType: string;
  commandUpdate: string;
  stateQuery: string;
  workflowIdOf: (id: string) => string;
  notFound: () => DomainError;
}

/** Sends commands to one kind of aggregate workflow and reads their state; the API's door to Temporal. */
export class AggregateWorkflowClient<Request, Result, View extends { state: { status: string } }> {
  constructor(
    protected readonly client: Client,
    protected readonly protocol: AggregateWorkflowProtocol,
  ) {}

  protected refusal(error: unknown): unknown {
    return domainErrorOf(error, this.protocol.notFound);
  }

  /** Delivers a command to a running workflow; the update id makes a retried request apply once. */
  async execute(id: string, request: Request, updateId: string): Promise<Result> {
    try {
      return await this.client.workflow
        .getHandle(this.protocol.workflowIdOf(id))
        .executeUpdate<Result, [Request]>(this.protocol.commandUpdate, { args: [request], updateId });
    } catch (error) {
      throw this.refusal(error);
    }
  }

  async view(id: string): Promise<View> {
    let view: View;
    try {
      view = await this.client.workflow.getHandle(this.protocol.workflowIdOf(id)).query<View>(this.protocol.stateQuery);
    } catch (error) {
      throw this.refusal(error);
    }
    if (view.state.status === 'none') throw this.protocol.notFound();
    return view;
  }
}

import type { DomainError } from '@cls/domain';
import type { Client } from '@temporalio/client';
import { domainErrorOf } from './command-errors';

/** The names an aggregate's workflow serves, and how its workflow id follows from the aggregate's id. */
export interface AggregateWorkflowProtocol {
  workflowType: string;
  commandUpdate: string;
  stateQuery: string;
  workflowIdOf: (id: string) => string;
  notFound: () => DomainError;
}

export interface CommandWaitSettings {
  /**
   * How long a caller waits for Temporal to finish a command (or answer a query) before being told to retry. A
   * command that runs on keeps its update id, so a retry with it attaches to the same update.
   */
  waitMs: number;
}

export const defaultCommandWait: CommandWaitSettings = { waitMs: 20_000 };

/** Sends commands to one kind of aggregate workflow and reads their state; the API's door to Temporal. */
export class AggregateWorkflowClient<Request, Result, View extends { state: { status: string } }> {
  constructor(
    protected readonly client: Client,
    protected readonly protocol: AggregateWorkflowProtocol,
    protected readonly wait: CommandWaitSettings = defaultCommandWait,
  ) {}

  protected refusal(error: unknown): Error {
    return domainErrorOf(error, this.protocol.notFound);
  }

  /**
   * Runs one exchange with Temporal under the bounded wait: every gRPC call within it (the SDK's polls for an
   * update's outcome too) shares the deadline, and what fails is translated by `domainErrorOf`.
   */
  protected async bounded<T>(exchange: () => Promise<T>): Promise<T> {
    try {
      return await this.client.withDeadline(Date.now() + this.wait.waitMs, exchange);
    } catch (error) {
      throw this.refusal(error);
    }
  }

  /** Delivers a command to a running workflow; the update id makes a retried request apply once. */
  execute(id: string, request: Request, updateId: string): Promise<Result> {
    return this.bounded(() =>
      this.client.workflow.getHandle(this.protocol.workflowIdOf(id)).executeUpdate<Result, [Request]>(this.protocol.commandUpdate, { args: [request], updateId }),
    );
  }

  async view(id: string): Promise<View> {
    const view = await this.bounded(() => this.client.workflow.getHandle(this.protocol.workflowIdOf(id)).query<View>(this.protocol.stateQuery));
    if (view.state.status === 'none') throw this.protocol.notFound();
    return view;
  }
}

import { DomainError, planProtocol, planVisibleTo, planWorkflowIdOf, type PlanCommandResult, type PlanRequest, type PlanView } from '@cls/domain';
import type { Client } from '@temporalio/client';
import { AggregateWorkflowClient, defaultCommandWait, type CommandWaitSettings } from './aggregate-client';

const planNotFound = () => new DomainError('not-found', 'plan.not-found', 'No such corrective action plan');

/** Sends commands to corrective action plan workflows (started by their contract's workflow) and reads their state. */
export class PlanClient extends AggregateWorkflowClient<PlanRequest, PlanCommandResult, PlanView> {
  constructor(client: Client, wait: CommandWaitSettings = defaultCommandWait) {
    super(client, { ...planProtocol, workflowIdOf: planWorkflowIdOf, notFound: planNotFound }, wait);
  }

  /**
   * A closed plan's workflow has ended, so Temporal finds no running execution to take the command; the plan still
   * exists, and to whoever may read it the answer is the rule's own (`plan.closed`), not that it is missing.
   */
  override async execute(id: string, request: PlanRequest, updateId: string): Promise<PlanCommandResult> {
    try {
      return await super.execute(id, request, updateId);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'plan.not-found') throw error;
      const view = await this.view(id).catch(() => undefined);
      if (view?.state.status !== 'closed') throw error;
      const closed = planVisibleTo(request.context.actor, view.state);
      if (closed.status !== 'closed') throw error;
      throw new DomainError('conflict', 'plan.closed', `The plan was closed as ${closed.outcome} on ${closed.closedOn}`);
    }
  }
}

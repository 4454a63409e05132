import { DomainError, planProtocol, planWorkflowIdOf, type PlanCommandResult, type PlanRequest, type PlanView } from '@cls/domain';
import type { Client } from '@temporalio/client';
import { AggregateWorkflowClient } from './aggregate-client';

/** Sends commands to corrective action plan workflows (started by their contract's workflow) and reads their state. */
export class PlanClient extends AggregateWorkflowClient<PlanRequest, PlanCommandResult, PlanView> {
  constructor(client: Client) {
    super(client, {
      ...planProtocol,
      workflowIdOf: planWorkflowIdOf,
      notFound: () => new DomainError('not-found', 'plan.not-found', 'No such corrective action plan'),
    });
  }
}

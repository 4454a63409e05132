import {
  contractProtocol,
  contractWorkflowId,
  DomainError,
  type CommandRequest,
  type CommandResult,
  type ContractView,
  type DomainErrorShape,
} from '@cls/domain';
import {
  ActivityFailure,
  ApplicationFailure,
  type Client,
  WithStartWorkflowOperation,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Workflow,
} from '@temporalio/client';
import { z } from 'zod';

const DomainErrorDetails = z.object({
  kind: z.enum(['invalid', 'unauthorised', 'forbidden', 'not-found', 'conflict']),
  code: z.string(),
  message: z.string(),
  field: z.string().optional(),
});

const notFound = () => new DomainError('not-found', 'contract.not-found', 'No such contract');

/**
 * Turns what Temporal reports back into the refusals the domain made, so the API maps one kind of error.
 * Anything unrecognised is rethrown untouched: it is a fault, not a refusal, and must surface as a 500.
 */
export const domainErrorOf = (error: unknown): unknown => {
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
    return new DomainError('conflict', 'contract.concurrent-change', 'The contract changed while the command was applied; retry');
  }
  return error;
};

export interface ContractClientOptions {
  taskQueue: string;
}

/** Sends commands to contract workflows and reads their state; the API's only door to Temporal. */
export class ContractClient {
  constructor(
    private readonly client: Client,
    private readonly options: ContractClientOptions,
  ) {}

  /**
   * Starts the contract's workflow if it is not running and delivers the command in the same call
   * (update-with-start), so opening a contract is one round trip that answers with the new state.
   */
  async open(contractId: string, request: CommandRequest, updateId: string): Promise<CommandResult> {
    const startWorkflowOperation = new WithStartWorkflowOperation(contractProtocol.workflowType, {
      workflowId: contractWorkflowId(contractId),
      taskQueue: this.options.taskQueue,
      args: [{ contractId }],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    try {
      return await this.client.workflow.executeUpdateWithStart<Workflow, CommandResult, [CommandRequest]>(
        contractProtocol.commandUpdate,
        { args: [request], updateId, startWorkflowOperation },
      );
    } catch (error) {
      throw domainErrorOf(error);
    }
  }

  /** Delivers a command to a running contract; the update id makes a retried request apply once. */
  async execute(contractId: string, request: CommandRequest, updateId: string): Promise<CommandResult> {
    try {
      return await this.client.workflow
        .getHandle(contractWorkflowId(contractId))
        .executeUpdate<CommandResult, [CommandRequest]>(contractProtocol.commandUpdate, { args: [request], updateId });
    } catch (error) {
      throw domainErrorOf(error);
    }
  }

  async view(contractId: string): Promise<ContractView> {
    let view: ContractView;
    try {
      view = await this.client.workflow.getHandle(contractWorkflowId(contractId)).query<ContractView>(contractProtocol.stateQuery);
    } catch (error) {
      throw domainErrorOf(error);
    }
    if (view.state.status === 'none') throw notFound();
    return view;
  }
}

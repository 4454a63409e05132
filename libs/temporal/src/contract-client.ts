import {
  contractProtocol,
  contractWorkflowId,
  DomainError,
  type CommandRequest,
  type CommandResult,
  type ContractView,
  type MonitoringPolicyInput,
  type ProcurementPolicyInput,
} from '@cls/domain';
import { type Client, WithStartWorkflowOperation, type Workflow } from '@temporalio/client';
import { AggregateWorkflowClient, defaultCommandWait, type CommandWaitSettings } from './aggregate-client';

export interface ContractClientOptions {
  taskQueue: string;
  /** The deployment's procurement policy, given to each contract's workflow when it starts. */
  policy?: ProcurementPolicyInput;
  /** The deployment's monitoring policy, given to each contract's workflow when it starts. */
  monitoring?: MonitoringPolicyInput;
  wait?: CommandWaitSettings;
}

/** Sends commands to contract workflows and reads their state. */
export class ContractClient extends AggregateWorkflowClient<CommandRequest, CommandResult, ContractView> {
  constructor(
    client: Client,
    private readonly options: ContractClientOptions,
  ) {
    super(
      client,
      {
        ...contractProtocol,
        workflowIdOf: contractWorkflowId,
        notFound: () => new DomainError('not-found', 'contract.not-found', 'No such contract'),
      },
      options.wait ?? defaultCommandWait,
    );
  }

  /**
   * Starts the contract's workflow if it is not running and delivers the command in the same call
   * (update-with-start), so opening a contract is one round trip that answers with the new state.
   */
  open(contractId: string, request: CommandRequest, updateId: string): Promise<CommandResult> {
    const startWorkflowOperation = new WithStartWorkflowOperation(contractProtocol.workflowType, {
      workflowId: contractWorkflowId(contractId),
      taskQueue: this.options.taskQueue,
      args: [
        {
          contractId,
          ...(this.options.policy === undefined ? {} : { policy: this.options.policy }),
          ...(this.options.monitoring === undefined ? {} : { monitoring: this.options.monitoring }),
        },
      ],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    return this.bounded(() =>
      this.client.workflow.executeUpdateWithStart<Workflow, CommandResult, [CommandRequest]>(contractProtocol.commandUpdate, {
        args: [request],
        updateId,
        startWorkflowOperation,
      }),
    );
  }
}

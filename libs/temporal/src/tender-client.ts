import { DomainError, tenderProtocol, tenderWorkflowId, type TenderCommandResult, type TenderRequest, type TenderView } from '@cls/domain';
import type { Client } from '@temporalio/client';
import { AggregateWorkflowClient, defaultCommandWait, type CommandWaitSettings } from './aggregate-client';

/** Sends commands to tender workflows (started by their contract's workflow) and reads their state. */
export class TenderClient extends AggregateWorkflowClient<TenderRequest, TenderCommandResult, TenderView> {
  constructor(client: Client, wait: CommandWaitSettings = defaultCommandWait) {
    super(
      client,
      {
        ...tenderProtocol,
        workflowIdOf: tenderWorkflowId,
        notFound: () => new DomainError('not-found', 'tender.not-found', 'No such tender'),
      },
      wait,
    );
  }
}

import { ContractClient, PlanClient, TenderClient } from '@cls/temporal';
import { Module } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { commandWaitOf, type ApiConfig } from './config';
import { API_CONFIG, TEMPORAL_CLIENT } from './tokens';

/**
 * The API's doors to the process workflows, made once from the deployment's settings for every module that gives
 * commands or reads state: contracts start on the configured task queue with the configured policies, and every
 * exchange waits as long as the configuration says before answering 503.
 */
@Module({
  providers: [
    {
      provide: ContractClient,
      inject: [TEMPORAL_CLIENT, API_CONFIG],
      useFactory: (client: Client, config: ApiConfig) =>
        new ContractClient(client, {
          taskQueue: config.TEMPORAL_TASK_QUEUE,
          ...(config.CLS_PROCUREMENT_POLICY === undefined ? {} : { policy: config.CLS_PROCUREMENT_POLICY }),
          ...(config.CLS_MONITORING_POLICY === undefined ? {} : { monitoring: config.CLS_MONITORING_POLICY }),
          wait: commandWaitOf(config),
        }),
    },
    { provide: TenderClient, inject: [TEMPORAL_CLIENT, API_CONFIG], useFactory: (client: Client, config: ApiConfig) => new TenderClient(client, commandWaitOf(config)) },
    { provide: PlanClient, inject: [TEMPORAL_CLIENT, API_CONFIG], useFactory: (client: Client, config: ApiConfig) => new PlanClient(client, commandWaitOf(config)) },
  ],
  exports: [ContractClient, TenderClient, PlanClient],
})
export class WorkflowClientsModule {}

import { parseMonitoringPolicy } from '@cls/domain';
import { ContractClient, TenderClient } from '@cls/temporal';
import { Module } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { commandWaitOf, type ApiConfig } from '../config';
import { API_CONFIG, TEMPORAL_CLIENT } from '../tokens';
import { ContractsController } from './contracts.controller';
import { ContractsService, MONITORING_POLICY } from './contracts.service';

@Module({
  controllers: [ContractsController],
  providers: [
    ContractsService,
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
    // What the monitoring view schedules by: the policy each new contract's workflow is given.
    { provide: MONITORING_POLICY, inject: [API_CONFIG], useFactory: (config: ApiConfig) => parseMonitoringPolicy(config.CLS_MONITORING_POLICY ?? {}) },
    // The progress query reads the contract's tender too.
    { provide: TenderClient, inject: [TEMPORAL_CLIENT, API_CONFIG], useFactory: (client: Client, config: ApiConfig) => new TenderClient(client, commandWaitOf(config)) },
  ],
})
export class ContractsModule {}

import { parseMonitoringPolicy } from '@cls/domain';
import { Module } from '@nestjs/common';
import type { ApiConfig } from '../config';
import { API_CONFIG } from '../tokens';
import { WorkflowClientsModule } from '../workflow-clients.module';
import { ContractsController } from './contracts.controller';
import { ContractsService, MONITORING_POLICY } from './contracts.service';

@Module({
  // The progress query reads the contract's tender too.
  imports: [WorkflowClientsModule],
  controllers: [ContractsController],
  providers: [
    ContractsService,
    // What the monitoring view schedules by: the policy each new contract's workflow is given.
    { provide: MONITORING_POLICY, inject: [API_CONFIG], useFactory: (config: ApiConfig) => parseMonitoringPolicy(config.CLS_MONITORING_POLICY ?? {}) },
  ],
})
export class ContractsModule {}

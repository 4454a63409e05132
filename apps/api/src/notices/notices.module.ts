import { ContractClient, TenderClient } from '@cls/temporal';
import { Module } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { commandWaitOf, type ApiConfig } from '../config';
import { OcdsModule } from '../ocds/ocds.module';
import { API_CONFIG, TEMPORAL_CLIENT } from '../tokens';
import { NoticesController } from './notices.controller';
import { NoticesService } from './notices.service';

/** Procurement Act notices: read from the record as the OCDS export reads it, approved in the process's workflows. */
@Module({
  imports: [OcdsModule],
  controllers: [NoticesController],
  providers: [
    NoticesService,
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
  ],
})
export class NoticesModule {}

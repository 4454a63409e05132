import { ContractClient } from '@cls/temporal';
import { Module } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { commandWaitOf, type ApiConfig } from '../config';
import { API_CONFIG, TEMPORAL_CLIENT } from '../tokens';
import { PaymentsController } from './payments.controller';
import { PaymentsService } from './payments.service';

/** Invoices and payments against a contract, given to and read from the contract's workflow. */
@Module({
  controllers: [PaymentsController],
  providers: [
    PaymentsService,
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
  ],
})
export class PaymentsModule {}

import { parseProcurementPolicy } from '@cls/domain';
import { TenderClient } from '@cls/temporal';
import { Module } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { commandWaitOf, type ApiConfig } from '../config';
import { API_CONFIG, TEMPORAL_CLIENT } from '../tokens';
import { TendersController } from './tenders.controller';
import { TENDER_POLICY, TendersService } from './tenders.service';

@Module({
  controllers: [TendersController],
  providers: [
    TendersService,
    { provide: TenderClient, inject: [TEMPORAL_CLIENT, API_CONFIG], useFactory: (client: Client, config: ApiConfig) => new TenderClient(client, commandWaitOf(config)) },
    { provide: TENDER_POLICY, inject: [API_CONFIG], useFactory: (config: ApiConfig) => parseProcurementPolicy(config.CLS_PROCUREMENT_POLICY ?? {}) },
  ],
})
export class TendersModule {}

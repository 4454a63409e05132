import { parseProcurementPolicy } from '@cls/domain';
import { Module } from '@nestjs/common';
import type { ApiConfig } from '../config';
import { API_CONFIG } from '../tokens';
import { WorkflowClientsModule } from '../workflow-clients.module';
import { TendersController } from './tenders.controller';
import { TENDER_POLICY, TendersService } from './tenders.service';

@Module({
  imports: [WorkflowClientsModule],
  controllers: [TendersController],
  providers: [
    TendersService,
    { provide: TENDER_POLICY, inject: [API_CONFIG], useFactory: (config: ApiConfig) => parseProcurementPolicy(config.CLS_PROCUREMENT_POLICY ?? {}) },
  ],
})
export class TendersModule {}

import { PlanClient } from '@cls/temporal';
import { Module } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { commandWaitOf, type ApiConfig } from '../config';
import { API_CONFIG, TEMPORAL_CLIENT } from '../tokens';
import { PlansController } from './plans.controller';
import { PlansService } from './plans.service';

@Module({
  controllers: [PlansController],
  providers: [
    PlansService,
    { provide: PlanClient, inject: [TEMPORAL_CLIENT, API_CONFIG], useFactory: (client: Client, config: ApiConfig) => new PlanClient(client, commandWaitOf(config)) },
  ],
})
export class PlansModule {}

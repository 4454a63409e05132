import { PlanClient } from '@cls/temporal';
import { Module } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { TEMPORAL_CLIENT } from '../tokens';
import { PlansController } from './plans.controller';
import { PlansService } from './plans.service';

@Module({
  controllers: [PlansController],
  providers: [PlansService, { provide: PlanClient, inject: [TEMPORAL_CLIENT], useFactory: (client: Client) => new PlanClient(client) }],
})
export class PlansModule {}

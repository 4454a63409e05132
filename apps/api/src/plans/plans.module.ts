import { Module } from '@nestjs/common';
import { WorkflowClientsModule } from '../workflow-clients.module';
import { PlansController } from './plans.controller';
import { PlansService } from './plans.service';

@Module({
  imports: [WorkflowClientsModule],
  controllers: [PlansController],
  providers: [PlansService],
})
export class PlansModule {}

import { Module } from '@nestjs/common';
import { WorkflowClientsModule } from '../workflow-clients.module';
import { PaymentsController } from './payments.controller';
import { PaymentsService } from './payments.service';

/** Invoices and payments against a contract, given to and read from the contract's workflow. */
@Module({
  imports: [WorkflowClientsModule],
  controllers: [PaymentsController],
  providers: [PaymentsService],
})
export class PaymentsModule {}

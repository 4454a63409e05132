import { Module } from '@nestjs/common';
import { OcdsModule } from '../ocds/ocds.module';
import { WorkflowClientsModule } from '../workflow-clients.module';
import { NoticesController } from './notices.controller';
import { NoticesService } from './notices.service';

/** Procurement Act notices: read from the record as the OCDS export reads it, approved in the process's workflows. */
@Module({
  imports: [OcdsModule, WorkflowClientsModule],
  controllers: [NoticesController],
  providers: [NoticesService],
})
export class NoticesModule {}

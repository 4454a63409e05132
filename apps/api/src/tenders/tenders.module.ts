import { TenderClient } from '@cls/temporal';
import { Module } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { TEMPORAL_CLIENT } from '../tokens';
import { TendersController } from './tenders.controller';
import { TendersService } from './tenders.service';

@Module({
  controllers: [TendersController],
  providers: [TendersService, { provide: TenderClient, inject: [TEMPORAL_CLIENT], useFactory: (client: Client) => new TenderClient(client) }],
})
export class TendersModule {}

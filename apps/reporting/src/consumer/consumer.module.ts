import { Module } from '@nestjs/common';
import { ProjectionsModule } from '../projections/projections.module';
import { ContractEventsConsumer } from './contract-events.consumer';

@Module({
  imports: [ProjectionsModule],
  providers: [ContractEventsConsumer],
  exports: [ContractEventsConsumer],
})
export class ConsumerModule {}

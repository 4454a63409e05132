import { Module } from '@nestjs/common';
import { ProjectionsModule } from '../projections/projections.module';
import { ContractEventsConsumer } from './contract-events.consumer';
import { ProjectionLatency } from './projection-latency';

@Module({
  imports: [ProjectionsModule],
  providers: [ContractEventsConsumer, ProjectionLatency],
  exports: [ContractEventsConsumer, ProjectionLatency],
})
export class ConsumerModule {}

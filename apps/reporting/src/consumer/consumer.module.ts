import { Module } from '@nestjs/common';
import { RegisterModule } from '../register/register.module';
import { ContractEventsConsumer } from './contract-events.consumer';

@Module({
  imports: [RegisterModule],
  providers: [ContractEventsConsumer],
  exports: [ContractEventsConsumer],
})
export class ConsumerModule {}

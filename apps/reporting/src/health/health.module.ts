import { Module } from '@nestjs/common';
import { ConsumerModule } from '../consumer/consumer.module';
import { ProjectionsModule } from '../projections/projections.module';
import { HealthController } from './health.controller';

@Module({ imports: [ConsumerModule, ProjectionsModule], controllers: [HealthController] })
export class HealthModule {}

import { Module } from '@nestjs/common';
import { RegisterModule } from '../register/register.module';
import { Pipeline } from './pipeline';
import { Projectors } from './projectors';
import { ProjectionsController } from './projections.controller';
import { ProjectionsRepository } from './projections.repository';

@Module({
  imports: [RegisterModule],
  controllers: [ProjectionsController],
  providers: [Pipeline, Projectors, ProjectionsRepository],
  exports: [Pipeline, Projectors, ProjectionsRepository],
})
export class ProjectionsModule {}

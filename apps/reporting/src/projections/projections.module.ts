import { Module } from '@nestjs/common';
import { RegisterModule } from '../register/register.module';
import { Projectors } from './projectors';
import { ProjectionsController } from './projections.controller';
import { ProjectionsRepository } from './projections.repository';

@Module({
  imports: [RegisterModule],
  controllers: [ProjectionsController],
  providers: [Projectors, ProjectionsRepository],
  exports: [Projectors, ProjectionsRepository],
})
export class ProjectionsModule {}

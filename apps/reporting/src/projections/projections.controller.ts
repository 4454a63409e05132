import type { Actor } from '@cls/domain';
import { CurrentActor } from '@cls/http';
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Kafka } from 'kafkajs';
import { ReaderTenancy } from '../auth/reader-tenancy';
import type { ReportingConfig } from '../config';
import { KAFKA, REPORTING_CONFIG } from '../tokens';
import { projectionLag } from './projection-lag';
import { Projectors } from './projectors';
import { ProjectionsRepository } from './projections.repository';
import { ProjectionsReportDto, type ProjectionsReport } from './projections.schema';

@ApiTags('projections')
@ApiBearerAuth()
@Controller('projections')
export class ProjectionsController {
  constructor(
    @Inject(REPORTING_CONFIG) private readonly config: ReportingConfig,
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly projectors: Projectors,
    private readonly repository: ProjectionsRepository,
    private readonly tenancy: ReaderTenancy,
  ) {}

  /** How far behind the topic each projection is; the clock is read here, at the edge. */
  @Get()
  @ApiOkResponse({ type: ProjectionsReportDto.Output, description: 'Each projection’s position and its lag behind the topic' })
  async report(@CurrentActor() actor: Actor): Promise<ProjectionsReport> {
    this.tenancy.of('projections', actor);
    const topic = this.config.KAFKA_TOPIC_CONTRACT_EVENTS;
    const admin = this.kafka.admin();
    await admin.connect();
    const watermarks = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
    const [positions, offsets] = await Promise.all([this.repository.positions(), this.repository.offsets(topic)]);
    const now = new Date();
    return { topic, at: now.toISOString(), projections: projectionLag(this.projectors.names, positions, offsets, watermarks, now) };
  }
}

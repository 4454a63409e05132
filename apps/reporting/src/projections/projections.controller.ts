import type { Actor } from '@cls/domain';
import { CurrentActor, problemContentType } from '@cls/http';
import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { ReaderTenancy } from '../auth/reader-tenancy';
import type { ReportingConfig } from '../config';
import { unavailable } from '../http/unavailable';
import { REPORTING_CONFIG, ROOT_LOGGER } from '../tokens';
import { Pipeline } from './pipeline';
import { appliedBy, projectionLag } from './projection-lag';
import { Projectors } from './projectors';
import { ProjectionsRepository } from './projections.repository';
import {
  ProjectionsReportDto,
  ProjectionsUnavailableDto,
  type ProjectionsReport,
  type ProjectionsUnavailable,
} from './projections.schema';

@ApiTags('projections')
@ApiBearerAuth()
@Controller('projections')
export class ProjectionsController {
  constructor(
    @Inject(REPORTING_CONFIG) private readonly config: ReportingConfig,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
    private readonly pipeline: Pipeline,
    private readonly projectors: Projectors,
    private readonly repository: ProjectionsRepository,
    private readonly tenancy: ReaderTenancy,
  ) {}

  /** How far behind the store the topic is (the relay), and each projection behind the topic; the clock is read here. */
  @Get()
  @ApiOperation({ summary: 'The relay’s lag behind the store, and each projection’s position and lag behind the topic' })
  @ApiOkResponse({ type: ProjectionsReportDto.Output, description: 'The relay’s lag behind the store, and each projection’s position and lag behind the topic' })
  @ApiExtraModels(ProjectionsUnavailableDto.Output)
  @ApiServiceUnavailableResponse({
    content: { [problemContentType]: { schema: { $ref: getSchemaPath(ProjectionsUnavailableDto.Output) } } },
    description: 'Kafka is unreachable: problem+json with the relay’s lag and each projection’s own position',
  })
  async report(
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ProjectionsReport | ProjectionsUnavailable> {
    this.tenancy.of('projections', actor);
    const topic = this.config.KAFKA_TOPIC_CONTRACT_EVENTS;
    const watermarks = this.pipeline.watermarks().then(
      (offsets) => ({ offsets }),
      (error: unknown) => ({ error }),
    );
    const [positions, offsets, topicState] = await Promise.all([this.repository.positions(), this.repository.offsets(topic), watermarks]);
    const now = new Date();
    const relay = await this.pipeline.relayLag(now);
    if ('error' in topicState) {
      this.logger.warn({ err: topicState.error }, 'Projection lag: Kafka is unreachable');
      const projections = this.projectors.names.map((projection) => {
        return { projection, ...appliedBy(positions.find((candidate) => candidate.projection === projection)) };
      });
      return unavailable(request, response, 'projections.kafka-unreachable', 'Kafka is unreachable: lag behind the topic cannot be measured', {
        topic,
        at: now.toISOString(),
        relay,
        projections,
      });
    }
    return {
      topic,
      at: now.toISOString(),
      relay,
      projections: projectionLag(this.projectors.names, positions, offsets, topicState.offsets, now),
    };
  }
}

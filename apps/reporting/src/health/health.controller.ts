import { problemContentType, Public } from '@cls/http';
import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { ContractEventsConsumer } from '../consumer/contract-events.consumer';
import { unavailable } from '../http/unavailable';
import { Pipeline, type RelayLag } from '../projections/pipeline';
import { Projectors } from '../projections/projectors';
import { ProjectionsRepository } from '../projections/projections.repository';
import { ROOT_LOGGER } from '../tokens';
import { HealthReportDto, HealthUnavailableDto, type HealthReport, type HealthUnavailable } from './health.schema';

const outcome = <T>(work: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> =>
  work.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

/** The readiness probe: open to the process supervisor, and naming nothing of any process. */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
    private readonly consumer: ContractEventsConsumer,
    private readonly pipeline: Pipeline,
    private readonly projectors: Projectors,
    private readonly repository: ProjectionsRepository,
  ) {}

  /**
   * Ready only when the read models can be read and are being kept current: the database answers, the broker
   * answers, the consumer runs, and the relay has left no event unpublished for longer than RELAY_STALL_SECONDS
   * (every projection may be caught up with a topic that has stopped growing).
   */
  @Get()
  @ApiOperation({ summary: 'Ready, with the store’s head, the relay’s checkpoint and each projection’s position' })
  @ApiOkResponse({ type: HealthReportDto.Output, description: 'Ready, with the store’s head, the relay’s checkpoint and each projection’s position' })
  @ApiExtraModels(HealthUnavailableDto.Output)
  @ApiServiceUnavailableResponse({
    content: { [problemContentType]: { schema: { $ref: getSchemaPath(HealthUnavailableDto.Output) } } },
    description: 'Not ready: problem+json naming what failed',
  })
  async check(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<HealthReport | HealthUnavailable> {
    const [database, kafka] = await Promise.all([
      outcome(Promise.all([this.pipeline.relayLag(new Date()), this.repository.positions()])),
      outcome(this.pipeline.watermarks()),
    ]);
    if (!database.ok) this.logger.warn({ err: database.error }, 'Health check: the database is unreachable');
    if (!kafka.ok) this.logger.warn({ err: kafka.error }, 'Health check: Kafka is unreachable');
    const relay: RelayLag | null = database.ok ? database.value[0] : null;
    const projections = database.ok
      ? this.projectors.names.map((projection) => ({
          projection,
          globalPosition: database.value[1].find((position) => position.projection === projection)?.globalPosition ?? null,
        }))
      : null;
    const consumerRunning = this.consumer.isRunning;
    if (relay && projections && kafka.ok && consumerRunning && !relay.stalled) {
      return { status: 'ok', checks: { database: 'up', kafka: 'up', consumer: 'running', relay: 'current' }, relay, projections };
    }
    const failing = [
      ...(relay ? [] : ['the database is unreachable']),
      ...(kafka.ok ? [] : ['Kafka is unreachable']),
      ...(consumerRunning ? [] : ['the consumer is not running']),
      ...(relay?.stalled ? [`the relay has left events unpublished for ${Math.round(relay.lagSeconds)} s`] : []),
    ];
    return unavailable(request, response, 'health.unavailable', `Not ready: ${failing.join(' and ')}`, {
      checks: {
        database: relay ? ('up' as const) : ('down' as const),
        kafka: kafka.ok ? ('up' as const) : ('down' as const),
        consumer: consumerRunning ? ('running' as const) : ('stopped' as const),
        relay: !relay ? ('unknown' as const) : relay.stalled ? ('stalled' as const) : ('current' as const),
      },
      relay,
      projections,
    });
  }
}

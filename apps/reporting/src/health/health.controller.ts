import { ProblemException, Public } from '@cls/http';
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { ContractEventsConsumer } from '../consumer/contract-events.consumer';
import { PG_POOL, ROOT_LOGGER } from '../tokens';
import { HealthReportDto, type HealthReport } from './health.schema';

/** The readiness probe: open to the process supervisor, and naming nothing of any process. */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
    private readonly consumer: ContractEventsConsumer,
  ) {}

  /** Ready only when both halves work: the register can be read (database) and is being kept current (consumer). */
  @Get()
  @ApiOkResponse({ type: HealthReportDto.Output, description: 'Ready: the database answers and the consumer is running' })
  async check(): Promise<HealthReport> {
    const databaseUp = await this.pool.query('SELECT 1').then(
      () => true,
      (error: unknown) => {
        this.logger.warn({ err: error }, 'Health check: the database is unreachable');
        return false;
      },
    );
    const consumerRunning = this.consumer.isRunning;
    if (!databaseUp || !consumerRunning) {
      const failing = [
        ...(databaseUp ? [] : ['the database is unreachable']),
        ...(consumerRunning ? [] : ['the consumer is not running']),
      ];
      throw new ProblemException(503, 'health.unavailable', `Not ready: ${failing.join(' and ')}`);
    }
    return { status: 'ok', checks: { database: 'up', consumer: 'running' } };
  }
}

import { ProblemException, Public } from '@cls/http';
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthDto } from '../docs/responses';
import type { Client } from '@temporalio/client';
import type { ApiConfig } from '../config';
import { API_CONFIG, TEMPORAL_CLIENT } from '../tokens';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /** Ready when Temporal answers: without it no command can be applied and no state read. */
  @Get()
  @ApiOperation({ summary: 'Ready when Temporal answers; no token needed' })
  @ApiOkResponse({ type: HealthDto.Output })
  @ApiServiceUnavailableResponse({ description: 'Temporal is unreachable (`health.temporal-unreachable`)' })
  async check(): Promise<{ status: 'ok'; temporal: 'ok' }> {
    try {
      await this.temporal.workflowService.describeNamespace({ namespace: this.config.TEMPORAL_NAMESPACE });
    } catch (error) {
      throw new ProblemException(503, 'health.temporal-unreachable', `Temporal is unreachable: ${(error as Error).message}`);
    }
    return { status: 'ok', temporal: 'ok' };
  }
}

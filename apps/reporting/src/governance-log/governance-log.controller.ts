import type { Actor } from '@cls/domain';
import { CurrentActor } from '@cls/http';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ReaderTenancy } from '../auth/reader-tenancy';
import { GovernanceLogRepository } from './governance-log.repository';
import { GovernanceLogPageDto, GovernanceLogQueryDto, type GovernanceLogPage } from './governance-log.schema';

@ApiTags('governance-log')
@ApiBearerAuth()
@Controller('governance-log')
export class GovernanceLogController {
  constructor(
    private readonly repository: GovernanceLogRepository,
    private readonly tenancy: ReaderTenancy,
  ) {}

  @Get()
  @ApiOperation({ summary: 'A page of governance decisions, newest first' })
  @ApiOkResponse({ type: GovernanceLogPageDto.Output, description: 'A page of governance decisions, newest first' })
  list(@Query() query: GovernanceLogQueryDto, @CurrentActor() actor: Actor): Promise<GovernanceLogPage> {
    return this.repository.list(this.tenancy.of('governance-log', actor), query);
  }
}

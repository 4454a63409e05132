import type { Actor } from '@cls/domain';
import { CurrentActor } from '@cls/http';
import { Controller, Get, Query } from '@nestjs/common';
import { ZodValidationPipe } from 'nestjs-zod';
import { ReaderTenancy } from '../auth/reader-tenancy';
import { GovernanceLogRepository, type GovernanceLogPage } from './governance-log.repository';
import { GovernanceLogQuery } from './governance-log.schema';

@Controller('governance-log')
export class GovernanceLogController {
  constructor(
    private readonly repository: GovernanceLogRepository,
    private readonly tenancy: ReaderTenancy,
  ) {}

  @Get()
  list(@Query(new ZodValidationPipe(GovernanceLogQuery)) query: GovernanceLogQuery, @CurrentActor() actor: Actor): Promise<GovernanceLogPage> {
    return this.repository.list(this.tenancy.of('governance-log', actor), query);
  }
}

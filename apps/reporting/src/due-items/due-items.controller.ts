import type { Actor } from '@cls/domain';
import { CurrentActor } from '@cls/http';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ReaderTenancy } from '../auth/reader-tenancy';
import { dayOf } from '../http/query';
import { DueItemsRepository } from './due-items.repository';
import { DueItemsPageDto, DueItemsQueryDto, type DueItemsPage } from './due-items.schema';

@ApiTags('due-items')
@ApiBearerAuth()
@Controller('due-items')
export class DueItemsController {
  constructor(
    private readonly repository: DueItemsRepository,
    private readonly tenancy: ReaderTenancy,
  ) {}

  /** "Today" is read here, at the edge, or given as `now`: the projection never reads a clock. */
  @Get()
  @ApiOperation({ summary: 'Open items, soonest due first, as of the day the listing names' })
  @ApiOkResponse({ type: DueItemsPageDto.Output, description: 'Open items, soonest due first, as of the day the listing names' })
  list(@Query() query: DueItemsQueryDto, @CurrentActor() actor: Actor): Promise<DueItemsPage> {
    const today = dayOf(query.now ?? new Date());
    return this.repository.list(this.tenancy.of('due-items', actor), today, query);
  }
}

import type { Actor } from '@cls/domain';
import { ProblemException, CurrentActor } from '@cls/http';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ReaderTenancy } from '../auth/reader-tenancy';
import { PlanTrackerRepository } from './plan-tracker.repository';
import { PlanListQueryDto, PlanPageDto, PlanParamsDto, TrackedPlanViewDto, type PlanPage, type TrackedPlanView } from './plan-tracker.schema';

@ApiTags('plans')
@ApiBearerAuth()
@Controller('plans')
export class PlanTrackerController {
  constructor(
    private readonly repository: PlanTrackerRepository,
    private readonly tenancy: ReaderTenancy,
  ) {}

  @Get()
  @ApiOperation({ summary: 'A page of corrective action plans, newest first' })
  @ApiOkResponse({ type: PlanPageDto.Output, description: 'A page of corrective action plans, newest first' })
  list(@Query() query: PlanListQueryDto, @CurrentActor() actor: Actor): Promise<PlanPage> {
    return this.repository.list(this.tenancy.of('plan-tracker', actor), query);
  }

  /** A plan the reader may not see answers exactly as one that does not exist. */
  @Get(':planId')
  @ApiOperation({ summary: 'The plan, its actions and its escalations' })
  @ApiOkResponse({ type: TrackedPlanViewDto.Output, description: 'The plan, its actions and its escalations' })
  async get(@Param() { planId }: PlanParamsDto, @CurrentActor() actor: Actor): Promise<TrackedPlanView> {
    const plan = await this.repository.find(this.tenancy.of('plan-tracker', actor), planId);
    if (!plan) throw new ProblemException(404, 'plans.plan-not-found', `No plan ${planId}`);
    return plan;
  }
}

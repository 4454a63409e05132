import type { Actor, PlanView } from '@cls/domain';
import type { PlanAnswer } from '../contracts/command-answer';
import { CurrentActor } from '@cls/http';
import { Body, Controller, Get, HttpCode, Param, Post, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IdempotencyKeyHeader, PlanCommandDocs, ProcessReadDocs } from '../docs/operation-docs';
import { PlanViewDto } from '../docs/responses';
import { CommandInterceptor } from '../idempotency/command.interceptor';
import { CommandMetadata } from '../contracts/command-meta.decorator';
import type { CommandMeta } from '../contracts/contracts.service';
import { ActionParamsDto, AgreeActionsDto, ClosePlanDto, PlanParamsDto, RecordActionProgressDto, ReviewPlanDto } from './plans.schema';
import { PlansService } from './plans.service';

/**
 * One endpoint per command a person gives on a corrective action plan. A plan is opened from its contract
 * (`POST /contracts/:id/corrective-plans`, or by the contract itself on a red rating, an inadequate KPI or a serious
 * concern); missed milestones and escalations are the plan workflow's own timers.
 */
@ApiTags('plans')
@ApiBearerAuth()
@IdempotencyKeyHeader()
@UseInterceptors(CommandInterceptor)
@Controller('plans/:planId')
export class PlansController {
  constructor(private readonly plans: PlansService) {}

  @Get()
  @ProcessReadDocs('The plan: its approach, actions with owners and due dates, reviews and escalation', PlanViewDto.Output)
  view(@Param() { planId }: PlanParamsDto, @CurrentActor() actor: Actor): Promise<PlanView> {
    return this.plans.view(planId, actor);
  }

  @Post('actions')
  @HttpCode(200)
  @PlanCommandDocs('AgreeActions', 'Agree actions with their owners and due dates (contract manager)')
  agreeActions(@Param() { planId }: PlanParamsDto, @Body() { reason, ...data }: AgreeActionsDto, @CommandMetadata() meta: CommandMeta): Promise<PlanAnswer> {
    return this.plans.execute(planId, { type: 'AgreeActions', data }, meta, reason);
  }

  @Post('actions/:actionId/progress')
  @HttpCode(200)
  @PlanCommandDocs('RecordActionProgress', 'Progress on an action: in progress, completed, or not completed (contract manager only)')
  recordProgress(
    @Param() { planId, actionId }: ActionParamsDto,
    @Body() { reason, ...data }: RecordActionProgressDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<PlanAnswer> {
    return this.plans.execute(planId, { type: 'RecordActionProgress', data: { ...data, actionId } }, meta, reason);
  }

  @Post('review')
  @HttpCode(200)
  @PlanCommandDocs('ReviewPlan', 'Review the plan (contract manager or lead professional)')
  review(@Param() { planId }: PlanParamsDto, @Body() { reason, ...data }: ReviewPlanDto, @CommandMetadata() meta: CommandMeta): Promise<PlanAnswer> {
    return this.plans.execute(planId, { type: 'ReviewPlan', data }, meta, reason);
  }

  @Post('closure')
  @HttpCode(200)
  @PlanCommandDocs('ClosePlan', 'Close the plan as successful or failed once reviewed and no action is open (contract manager)')
  close(@Param() { planId }: PlanParamsDto, @Body() data: ClosePlanDto, @CommandMetadata() meta: CommandMeta): Promise<PlanAnswer> {
    return this.plans.execute(planId, { type: 'ClosePlan', data }, meta);
  }
}

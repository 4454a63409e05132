import type { Actor, CommandResult, ContractView } from '@cls/domain';
import { correlationIdOf } from '@cls/http';
import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { CurrentActor } from '../auth/actor.decorator';
import {
  AgreeSpecificationDto,
  ContractParamsDto,
  DecideRouteDto,
  OpenCommissionDto,
  RecordNeedsAssessmentDto,
} from './contracts.schema';
import { ContractsService } from './contracts.service';
import { IdempotencyKeyHeader } from './idempotency-key.decorator';

@ApiTags('contracts')
@ApiBearerAuth()
@ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Retrying with the same key applies the command once' })
@Controller('contracts')
export class ContractsController {
  constructor(private readonly contracts: ContractsService) {}

  @Post()
  @HttpCode(201)
  async open(
    @Body() body: OpenCommissionDto,
    @CurrentActor() actor: Actor,
    @IdempotencyKeyHeader() idempotencyKey: string | undefined,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandResult> {
    const { reason, contractId, ...data } = body;
    const id = contractId ?? randomUUID();
    const result = await this.contracts.open(
      { type: 'OpenCommission', data: { ...data, contractId: id } },
      { actor, correlationId: correlationIdOf(request), ...optional({ idempotencyKey, reason }) },
    );
    response.location(`/contracts/${id}`);
    return result;
  }

  @Post(':contractId/needs-assessment')
  @HttpCode(200)
  recordNeedsAssessment(
    @Param() { contractId }: ContractParamsDto,
    @Body() body: RecordNeedsAssessmentDto,
    @CurrentActor() actor: Actor,
    @IdempotencyKeyHeader() idempotencyKey: string | undefined,
    @Req() request: Request,
  ): Promise<CommandResult> {
    const { reason, ...data } = body;
    return this.contracts.execute(
      contractId,
      { type: 'RecordNeedsAssessment', data },
      { actor, correlationId: correlationIdOf(request), ...optional({ idempotencyKey, reason }) },
    );
  }

  @Post(':contractId/route-decision')
  @HttpCode(200)
  decideRoute(
    @Param() { contractId }: ContractParamsDto,
    @Body() body: DecideRouteDto,
    @CurrentActor() actor: Actor,
    @IdempotencyKeyHeader() idempotencyKey: string | undefined,
    @Req() request: Request,
  ): Promise<CommandResult> {
    const { reason, ...data } = body;
    return this.contracts.execute(
      contractId,
      { type: 'DecideRoute', data },
      { actor, correlationId: correlationIdOf(request), ...optional({ idempotencyKey, reason }) },
    );
  }

  @Post(':contractId/specification')
  @HttpCode(200)
  agreeSpecification(
    @Param() { contractId }: ContractParamsDto,
    @Body() body: AgreeSpecificationDto,
    @CurrentActor() actor: Actor,
    @IdempotencyKeyHeader() idempotencyKey: string | undefined,
    @Req() request: Request,
  ): Promise<CommandResult> {
    const { reason, ...data } = body;
    return this.contracts.execute(
      contractId,
      { type: 'AgreeSpecification', data },
      { actor, correlationId: correlationIdOf(request), ...optional({ idempotencyKey, reason }) },
    );
  }

  @Get(':contractId')
  view(
    @Param() { contractId }: ContractParamsDto,
    @CurrentActor() actor: Actor,
  ): Promise<ContractView> {
    return this.contracts.view(contractId, actor);
  }
}

const optional = <T extends Record<string, string | undefined>>(values: T): Partial<Record<keyof T, string>> =>
  Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<Record<keyof T, string>>;

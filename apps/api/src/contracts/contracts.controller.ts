import type { Actor, CommandResult, ContractView } from '@cls/domain';
import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { randomUUID } from 'node:crypto';
import { CurrentActor } from '../auth/actor.decorator';
import {
  AgreeSpecificationDto,
  ContractParamsDto,
  DecideRouteDto,
  OpenCommissionDto,
  RecordNeedsAssessmentDto,
} from './contracts.schema';
import { CommandMetadata } from './command-meta.decorator';
import { ContractsService, type CommandMeta } from './contracts.service';

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
    @CommandMetadata() meta: CommandMeta,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandResult> {
    const contractId = body.contractId ?? randomUUID();
    const result = await this.contracts.open({ ...body, contractId }, meta);
    response.location(`/contracts/${contractId}`);
    return result;
  }

  @Post(':contractId/needs-assessment')
  @HttpCode(200)
  recordNeedsAssessment(
    @Param() { contractId }: ContractParamsDto,
    @Body() body: RecordNeedsAssessmentDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<CommandResult> {
    return this.contracts.execute(contractId, 'RecordNeedsAssessment', body, meta);
  }

  @Post(':contractId/route-decision')
  @HttpCode(200)
  decideRoute(
    @Param() { contractId }: ContractParamsDto,
    @Body() body: DecideRouteDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<CommandResult> {
    return this.contracts.execute(contractId, 'DecideRoute', body, meta);
  }

  @Post(':contractId/specification')
  @HttpCode(200)
  agreeSpecification(
    @Param() { contractId }: ContractParamsDto,
    @Body() body: AgreeSpecificationDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<CommandResult> {
    return this.contracts.execute(contractId, 'AgreeSpecification', body, meta);
  }

  @Get(':contractId')
  view(
    @Param() { contractId }: ContractParamsDto,
    @CurrentActor() actor: Actor,
  ): Promise<ContractView> {
    return this.contracts.view(contractId, actor);
  }
}


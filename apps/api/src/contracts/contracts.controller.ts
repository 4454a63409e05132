import type { Actor, CommandResult, ContractView } from '@cls/domain';
import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { randomUUID } from 'node:crypto';
import { CurrentActor } from '../auth/actor.decorator';
import {
  ActivateContractDto,
  AgreeSpecificationDto,
  AuthoriseContractDto,
  AwardDirectlyDto,
  ContractParamsDto,
  DecideRouteDto,
  IssueContractDto,
  OpenCommissionDto,
  RecordMasterCopyDto,
  RecordNeedsAssessmentDto,
  SignContractDto,
  StartMobilisationDto,
  StartTenderDto,
} from './contracts.schema';
import { CommandMetadata } from './command-meta.decorator';
import { ContractsService, type CommandMeta, type ContractProgress } from './contracts.service';

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

  /** Starts the contract's tender; its id is the Location to follow (`/tenders/<contractId>.<n>`). */
  @Post(':contractId/tender')
  @HttpCode(201)
  async startTender(
    @Param() { contractId }: ContractParamsDto,
    @Body() body: StartTenderDto,
    @CommandMetadata() meta: CommandMeta,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandResult> {
    const result = await this.contracts.execute(contractId, 'StartTender', body, meta);
    if (result.state.status === 'open' && result.state.tender) response.location(`/tenders/${result.state.tender.tenderId}`);
    return result;
  }

  @Post(':contractId/award')
  @HttpCode(200)
  awardDirectly(@Param() { contractId }: ContractParamsDto, @Body() body: AwardDirectlyDto, @CommandMetadata() meta: CommandMeta): Promise<CommandResult> {
    return this.contracts.execute(contractId, 'AwardDirectly', body, meta);
  }

  @Post(':contractId/contract')
  @HttpCode(200)
  issueContract(@Param() { contractId }: ContractParamsDto, @Body() body: IssueContractDto, @CommandMetadata() meta: CommandMeta): Promise<CommandResult> {
    return this.contracts.execute(contractId, 'IssueContract', body, meta);
  }

  @Post(':contractId/authorisation')
  @HttpCode(200)
  authoriseContract(
    @Param() { contractId }: ContractParamsDto,
    @Body() body: AuthoriseContractDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<CommandResult> {
    return this.contracts.execute(contractId, 'AuthoriseContract', body, meta);
  }

  @Post(':contractId/signatures')
  @HttpCode(200)
  signContract(@Param() { contractId }: ContractParamsDto, @Body() body: SignContractDto, @CommandMetadata() meta: CommandMeta): Promise<CommandResult> {
    return this.contracts.execute(contractId, 'SignContract', body, meta);
  }

  @Post(':contractId/master-copy')
  @HttpCode(200)
  recordMasterCopy(
    @Param() { contractId }: ContractParamsDto,
    @Body() body: RecordMasterCopyDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<CommandResult> {
    return this.contracts.execute(contractId, 'RecordMasterCopy', body, meta);
  }

  @Post(':contractId/mobilisation')
  @HttpCode(200)
  startMobilisation(
    @Param() { contractId }: ContractParamsDto,
    @Body() body: StartMobilisationDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<CommandResult> {
    return this.contracts.execute(contractId, 'StartMobilisation', body, meta);
  }

  @Post(':contractId/activation')
  @HttpCode(200)
  activateContract(
    @Param() { contractId }: ContractParamsDto,
    @Body() body: ActivateContractDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<CommandResult> {
    return this.contracts.execute(contractId, 'ActivateContract', body, meta);
  }

  /** Where the commission is and what happens next, by when. */
  @Get(':contractId/progress')
  progress(@Param() { contractId }: ContractParamsDto, @CurrentActor() actor: Actor): Promise<ContractProgress> {
    return this.contracts.progress(contractId, actor);
  }

  @Get(':contractId')
  view(
    @Param() { contractId }: ContractParamsDto,
    @CurrentActor() actor: Actor,
  ): Promise<ContractView> {
    return this.contracts.view(contractId, actor);
  }
}


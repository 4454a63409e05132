import type { Actor, ContractView } from '@cls/domain';
import { answerOf, createdBy, eventIdField, type ContractAnswer } from './command-answer';
import { CurrentActor } from '@cls/http';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiTags } from '@nestjs/swagger';
import { ContractCommandDocs, IdempotencyKeyHeader, ProcessReadDocs } from '../docs/operation-docs';
import {
  AssessmentCommentedDto,
  ConcernLoggedDto,
  ContractMonitoringDto,
  ContractProgressDto,
  ContractViewDto,
  ExtensionExercisedDto,
  InspectionRecordedDto,
  MonitoringReportRecordedDto,
  PlacementStartedDto,
  PlanOpenedDto,
  ReturnSubmittedDto,
  ReviewHeldDto,
  TenderStartedDto,
  VariationRecordedDto,
} from '../docs/responses';
import { CommandInterceptor } from '../idempotency/command.interceptor';
import type { Response } from 'express';
import {
  ActivateContractDto,
  AgreeSpecificationDto,
  AssessmentParamsDto,
  AuthoriseContractDto,
  AwardDirectlyDto,
  CommentOnAssessmentDto,
  ConcernParamsDto,
  ContractParamsDto,
  DecideOnExpiryDto,
  DecideRouteDto,
  EndPlacementDto,
  ExerciseExtensionDto,
  GiveTerminationNoticeDto,
  HoldReviewDto,
  IssueContractDto,
  LogConcernDto,
  MonitoringQueryDto,
  OpenCommissionDto,
  OpenCorrectivePlanDto,
  PlacementParamsDto,
  RecordInspectionOutcomeDto,
  RecordMasterCopyDto,
  RecordMonitoringReportDto,
  RecordNeedsAssessmentDto,
  RecordSupplyImpactReviewDto,
  RequestTerminationDto,
  ResumeContractDto,
  ReviewParamsDto,
  SignContractDto,
  StartMobilisationDto,
  StartPlacementDto,
  StartTenderDto,
  SubmitReturnDto,
  SuspendContractDto,
  UpdateConcernDto,
  VaryContractDto,
} from './contracts.schema';
import { CommandMetadata } from './command-meta.decorator';
import { ContractsService, type CommandMeta, type ContractMonitoring, type ContractProgress } from './contracts.service';

@ApiTags('contracts')
@ApiBearerAuth()
@IdempotencyKeyHeader()
@UseInterceptors(CommandInterceptor)
@Controller('contracts')
export class ContractsController {
  constructor(private readonly contracts: ContractsService) {}

  @Post()
  @HttpCode(201)
  @ContractCommandDocs('OpenCommission', 'Opens a commission: the need the contract will meet, for the caller’s organisation', { location: 'The new contract: /contracts/<contractId>' })
  async open(
    @Body() body: OpenCommissionDto,
    @CommandMetadata() meta: CommandMeta,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ContractAnswer> {
    const contractId = body.contractId ?? meta.createdId;
    const result = await this.contracts.open({ ...body, contractId }, meta);
    response.location(`/contracts/${contractId}`);
    return answerOf(result);
  }

  @Post(':contractId/needs-assessment')
  @HttpCode(200)
  @ContractCommandDocs('RecordNeedsAssessment', 'Records the needs assessment: the need, its evidence, the outcomes sought')
  recordNeedsAssessment(
    @Param() { contractId }: ContractParamsDto,
    @Body() body: RecordNeedsAssessmentDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<ContractAnswer> {
    return this.contracts.answer(contractId, 'RecordNeedsAssessment', body, meta);
  }

  @Post(':contractId/route-decision')
  @HttpCode(200)
  @ContractCommandDocs('DecideRoute', 'Decides the route to market (tender or direct award) and the authority to purchase')
  decideRoute(
    @Param() { contractId }: ContractParamsDto,
    @Body() body: DecideRouteDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<ContractAnswer> {
    return this.contracts.answer(contractId, 'DecideRoute', body, meta);
  }

  @Post(':contractId/specification')
  @HttpCode(200)
  @ContractCommandDocs('AgreeSpecification', 'Agrees the specification: KPIs, monitoring, the payment–performance link and, for a tender, the criteria')
  agreeSpecification(
    @Param() { contractId }: ContractParamsDto,
    @Body() body: AgreeSpecificationDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<ContractAnswer> {
    return this.contracts.answer(contractId, 'AgreeSpecification', body, meta);
  }

  /** Starts the contract's tender; its id is the Location to follow (`/tenders/<contractId>.<n>`). */
  @Post(':contractId/tender')
  @HttpCode(201)
  @ContractCommandDocs('StartTender', 'Starts the contract’s tender; its id is the Location to follow', { location: 'The tender: /tenders/<contractId>.<n>', result: TenderStartedDto.Output })
  async startTender(
    @Param() { contractId }: ContractParamsDto,
    @Body() body: StartTenderDto,
    @CommandMetadata() meta: CommandMeta,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ContractAnswer & { tenderId: string }> {
    const result = await this.contracts.execute(contractId, 'StartTender', body, meta);
    const tenderId = createdBy(result, 'TenderStarted', 'tenderId');
    response.location(`/tenders/${tenderId}`);
    return { ...answerOf(result), tenderId };
  }

  @Post(':contractId/award')
  @HttpCode(200)
  @ContractCommandDocs('AwardDirectly', 'Awards the contract directly, where the route decided is a direct award')
  awardDirectly(@Param() { contractId }: ContractParamsDto, @Body() body: AwardDirectlyDto, @CommandMetadata() meta: CommandMeta): Promise<ContractAnswer> {
    return this.contracts.answer(contractId, 'AwardDirectly', body, meta);
  }

  @Post(':contractId/contract')
  @HttpCode(200)
  @ContractCommandDocs('IssueContract', 'Issues the contract to the supplier awarded it, on its terms')
  issueContract(@Param() { contractId }: ContractParamsDto, @Body() body: IssueContractDto, @CommandMetadata() meta: CommandMeta): Promise<ContractAnswer> {
    return this.contracts.answer(contractId, 'IssueContract', body, meta);
  }

  @Post(':contractId/authorisation')
  @HttpCode(200)
  @ContractCommandDocs('AuthoriseContract', 'Records the authority to purchase for the issued contract')
  authoriseContract(
    @Param() { contractId }: ContractParamsDto,
    @Body() body: AuthoriseContractDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<ContractAnswer> {
    return this.contracts.answer(contractId, 'AuthoriseContract', body, meta);
  }

  @Post(':contractId/signatures')
  @HttpCode(200)
  @ContractCommandDocs('SignContract', 'Signs the contract for the authority or for the provider')
  signContract(@Param() { contractId }: ContractParamsDto, @Body() body: SignContractDto, @CommandMetadata() meta: CommandMeta): Promise<ContractAnswer> {
    return this.contracts.answer(contractId, 'SignContract', body, meta);
  }

  @Post(':contractId/master-copy')
  @HttpCode(200)
  @ContractCommandDocs('RecordMasterCopy', 'Records where the signed master copy is kept')
  recordMasterCopy(
    @Param() { contractId }: ContractParamsDto,
    @Body() body: RecordMasterCopyDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<ContractAnswer> {
    return this.contracts.answer(contractId, 'RecordMasterCopy', body, meta);
  }

  @Post(':contractId/mobilisation')
  @HttpCode(200)
  @ContractCommandDocs('StartMobilisation', 'Starts mobilisation of the signed contract')
  startMobilisation(
    @Param() { contractId }: ContractParamsDto,
    @Body() body: StartMobilisationDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<ContractAnswer> {
    return this.contracts.answer(contractId, 'StartMobilisation', body, meta);
  }

  @Post(':contractId/activation')
  @HttpCode(200)
  @ContractCommandDocs('ActivateContract', 'Activates the contract: the service goes live')
  activateContract(
    @Param() { contractId }: ContractParamsDto,
    @Body() body: ActivateContractDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<ContractAnswer> {
    return this.contracts.answer(contractId, 'ActivateContract', body, meta);
  }

  // ---- Managing the active contract. The workflow's own timers record overdue returns, escalations, the end of
  // the contract and what its plans report: those facts have no endpoint.

  @Post(':contractId/returns')
  @HttpCode(201)
  @ContractCommandDocs('SubmitReturn', "The provider's return for a period that has ended: an observation per KPI, with evidence", { result: ReturnSubmittedDto.Output })
  async submitReturn(@Param() { contractId }: ContractParamsDto, @Body() body: SubmitReturnDto, @CommandMetadata() meta: CommandMeta): Promise<ContractAnswer & { periodId: string }> {
    const result = await this.contracts.execute(contractId, 'SubmitReturn', body, meta);
    return { ...answerOf(result), periodId: createdBy(result, 'ReturnSubmitted', 'periodId') };
  }

  @Post(':contractId/assessments/:assessmentId/comments')
  @HttpCode(201)
  @ContractCommandDocs('CommentOnAssessment', "The provider's comment on a KPI assessment, within the window before it stands", { result: AssessmentCommentedDto.Output })
  async commentOnAssessment(
    @Param() { contractId, assessmentId }: AssessmentParamsDto,
    @Body() body: CommentOnAssessmentDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<ContractAnswer & { commentId: string }> {
    const result = await this.contracts.execute(contractId, 'CommentOnAssessment', { ...body, assessmentId }, meta);
    return { ...answerOf(result), commentId: createdBy(result, 'AssessmentCommented', eventIdField) };
  }

  @Post(':contractId/monitoring-reports')
  @HttpCode(201)
  @ContractCommandDocs('RecordMonitoringReport', "An operational team's monitoring report on a past stretch of the contract", { result: MonitoringReportRecordedDto.Output })
  async recordMonitoringReport(
    @Param() { contractId }: ContractParamsDto,
    @Body() body: RecordMonitoringReportDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<ContractAnswer & { reportId: string }> {
    const result = await this.contracts.execute(contractId, 'RecordMonitoringReport', body, meta);
    return { ...answerOf(result), reportId: createdBy(result, 'MonitoringReportRecorded', 'reportId') };
  }

  @Post(':contractId/reviews/:reviewId/minutes')
  @HttpCode(201)
  @ContractCommandDocs('HoldReview', 'A scheduled review meeting, held and minuted (the annual one also assesses the year)', { result: ReviewHeldDto.Output })
  async holdReview(@Param() { contractId, reviewId }: ReviewParamsDto, @Body() body: HoldReviewDto, @CommandMetadata() meta: CommandMeta): Promise<ContractAnswer & { reviewId: string }> {
    const result = await this.contracts.execute(contractId, 'HoldReview', { ...body, reviewId }, meta);
    return { ...answerOf(result), reviewId: createdBy(result, 'ReviewHeld', 'reviewId') };
  }

  @Post(':contractId/concerns')
  @HttpCode(201)
  @ContractCommandDocs('LogConcern', 'A concern or complaint from any source, logged whatever its handling; the risk is rated again', { result: ConcernLoggedDto.Output })
  async logConcern(
    @Param() { contractId }: ContractParamsDto,
    @Body() body: LogConcernDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<ContractAnswer & { concernId: string }> {
    const result = await this.contracts.execute(contractId, 'LogConcern', body, meta);
    return { ...answerOf(result), concernId: createdBy(result, 'ConcernLogged', 'concernId') };
  }

  @Post(':contractId/concerns/:concernId/updates')
  @HttpCode(200)
  @ContractCommandDocs('UpdateConcern', "How a concern's investigation stands, or how it was resolved")
  updateConcern(
    @Param() { contractId, concernId }: ConcernParamsDto,
    @Body() body: UpdateConcernDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<ContractAnswer> {
    return this.contracts.answer(contractId, 'UpdateConcern', { ...body, concernId }, meta);
  }

  @Post(':contractId/inspections')
  @HttpCode(201)
  @ContractCommandDocs('RecordInspectionOutcome', "An inspectorate's published judgement of the provider; the risk is rated again", { result: InspectionRecordedDto.Output })
  async recordInspectionOutcome(
    @Param() { contractId }: ContractParamsDto,
    @Body() body: RecordInspectionOutcomeDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<ContractAnswer & { inspectionId: string }> {
    const result = await this.contracts.execute(contractId, 'RecordInspectionOutcome', body, meta);
    return { ...answerOf(result), inspectionId: createdBy(result, 'InspectionOutcomeRecorded', 'inspectionId') };
  }

  @Post(':contractId/corrective-plans')
  @HttpCode(201)
  @ContractCommandDocs('OpenCorrectivePlan', "Opens a corrective action plan, developmental or (where the contract's terms allow) punitive", {
    location: 'The plan: /plans/<planId>',
    result: PlanOpenedDto.Output,
  })
  async openCorrectivePlan(
    @Param() { contractId }: ContractParamsDto,
    @Body() body: OpenCorrectivePlanDto,
    @CommandMetadata() meta: CommandMeta,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ContractAnswer & { planId: string }> {
    const result = await this.contracts.execute(contractId, 'OpenCorrectivePlan', body, meta);
    const planId = createdBy(result, 'CorrectivePlanOpened', 'planId');
    response.location(`/plans/${planId}`);
    return { ...answerOf(result), planId };
  }

  @Post(':contractId/variations')
  @HttpCode(201)
  @ContractCommandDocs('VaryContract', 'A variation of scope, price or term with its approver; past the cumulative limits it needs a justification and, on a covered contract, a permitted ground (s74, Schedule 8)', { result: VariationRecordedDto.Output })
  async varyContract(@Param() { contractId }: ContractParamsDto, @Body() body: VaryContractDto, @CommandMetadata() meta: CommandMeta): Promise<ContractAnswer & { variationId: string }> {
    const result = await this.contracts.execute(contractId, 'VaryContract', body, meta);
    return { ...answerOf(result), variationId: createdBy(result, 'ContractVaried', 'variationId') };
  }

  @Post(':contractId/extensions')
  @HttpCode(201)
  @ContractCommandDocs('ExerciseExtension', 'Takes up one of the extension options the contract was issued with', { result: ExtensionExercisedDto.Output })
  async exerciseExtension(
    @Param() { contractId }: ContractParamsDto,
    @Body() body: ExerciseExtensionDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<ContractAnswer & { option: number }> {
    const result = await this.contracts.execute(contractId, 'ExerciseExtension', body, meta);
    return { ...answerOf(result), option: Number(createdBy(result, 'ExtensionExercised', 'option')) };
  }

  @Post(':contractId/suspension')
  @HttpCode(200)
  @ContractCommandDocs('SuspendContract', 'Suspends the service: no new placements; monitoring carries on')
  suspendContract(@Param() { contractId }: ContractParamsDto, @Body() body: SuspendContractDto, @CommandMetadata() meta: CommandMeta): Promise<ContractAnswer> {
    return this.contracts.answer(contractId, 'SuspendContract', body, meta);
  }

  @Post(':contractId/resumption')
  @HttpCode(200)
  @ContractCommandDocs('ResumeContract', 'Resumes a suspended service')
  resumeContract(@Param() { contractId }: ContractParamsDto, @Body() body: ResumeContractDto, @CommandMetadata() meta: CommandMeta): Promise<ContractAnswer> {
    return this.contracts.answer(contractId, 'ResumeContract', body, meta);
  }

  @Post(':contractId/termination-request')
  @HttpCode(200)
  @ContractCommandDocs('RequestTermination', 'Asks for early termination on a ground, saying why')
  requestTermination(
    @Param() { contractId }: ContractParamsDto,
    @Body() body: RequestTerminationDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<ContractAnswer> {
    return this.contracts.answer(contractId, 'RequestTermination', body, meta);
  }

  @Post(':contractId/supply-impact-review')
  @HttpCode(200)
  @ContractCommandDocs('RecordSupplyImpactReview', 'What the requested termination would do to supply: capacity elsewhere, placements affected')
  recordSupplyImpactReview(
    @Param() { contractId }: ContractParamsDto,
    @Body() body: RecordSupplyImpactReviewDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<ContractAnswer> {
    return this.contracts.answer(contractId, 'RecordSupplyImpactReview', body, meta);
  }

  @Post(':contractId/termination-notice')
  @HttpCode(200)
  @ContractCommandDocs('GiveTerminationNotice', 'Written notice on a ground the contract allows, after the supply-impact review; its notice period sets the effective date')
  giveTerminationNotice(
    @Param() { contractId }: ContractParamsDto,
    @Body() body: GiveTerminationNoticeDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<ContractAnswer> {
    return this.contracts.answer(contractId, 'GiveTerminationNotice', body, meta);
  }

  @Post(':contractId/expiry-decision')
  @HttpCode(200)
  @ContractCommandDocs('DecideOnExpiry', 'Recommission, extend (taking up an option) or decommission, from the expiry reminder on')
  decideOnExpiry(@Param() { contractId }: ContractParamsDto, @Body() body: DecideOnExpiryDto, @CommandMetadata() meta: CommandMeta): Promise<ContractAnswer> {
    return this.contracts.answer(contractId, 'DecideOnExpiry', body, meta);
  }

  @Post(':contractId/placements')
  @HttpCode(201)
  @ContractCommandDocs('StartPlacement', 'A placement against the contract, by case reference', { result: PlacementStartedDto.Output })
  async startPlacement(
    @Param() { contractId }: ContractParamsDto,
    @Body() body: StartPlacementDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<ContractAnswer & { placementId: string }> {
    const result = await this.contracts.execute(contractId, 'StartPlacement', body, meta);
    return { ...answerOf(result), placementId: createdBy(result, 'PlacementStarted', 'placementId') };
  }

  @Post(':contractId/placements/:placementId/end')
  @HttpCode(200)
  @ContractCommandDocs('EndPlacement', "A placement's end, with its termination record for Finance and the contract manager")
  endPlacement(
    @Param() { contractId, placementId }: PlacementParamsDto,
    @Body() body: EndPlacementDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<ContractAnswer> {
    return this.contracts.answer(contractId, 'EndPlacement', { ...body, placementId }, meta);
  }

  /** What is due and overdue on an active contract as of the workflow's clock (or `now`), and its risk rating with the reasons for it. */
  @Get(':contractId/monitoring')
  @ProcessReadDocs(
    "An active contract's returns and reviews with what is due or overdue as of the workflow's clock or `now`, and its risk rating with its reasons",
    ContractMonitoringDto.Output,
  )
  @ApiConflictResponse({ description: 'The contract is not active (`contract.not-active`): its monitoring starts when it goes live' })
  monitoring(
    @Param() { contractId }: ContractParamsDto,
    @Query() { now }: MonitoringQueryDto,
    @CurrentActor() actor: Actor,
  ): Promise<ContractMonitoring> {
    return this.contracts.monitoring(contractId, actor, now);
  }

  /** Where the commission is and what happens next, by when. */
  @Get(':contractId/progress')
  @ProcessReadDocs('Where the commission is, what can be done next and by whom, and the next deadline', ContractProgressDto.Output)
  progress(@Param() { contractId }: ContractParamsDto, @CurrentActor() actor: Actor): Promise<ContractProgress> {
    return this.contracts.progress(contractId, actor);
  }

  @Get(':contractId')
  @ProcessReadDocs('The contract as the caller may see it: its state folded from its events', ContractViewDto.Output)
  view(
    @Param() { contractId }: ContractParamsDto,
    @CurrentActor() actor: Actor,
  ): Promise<ContractView> {
    return this.contracts.view(contractId, actor);
  }
}


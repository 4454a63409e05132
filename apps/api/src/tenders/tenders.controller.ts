import type { Actor, TenderCommandResult, TenderView } from '@cls/domain';
import { CurrentActor } from '@cls/http';
import { Body, Controller, Get, HttpCode, Param, Post, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CommandInterceptor } from '../idempotency/command.interceptor';
import { CommandMetadata } from '../contracts/command-meta.decorator';
import type { CommandMeta } from '../contracts/contracts.service';
import {
  AnswerClarificationDto,
  AppointEvaluationPanelDto,
  AskClarificationDto,
  AssessSupplierDto,
  BidParamsDto,
  CancelTenderDto,
  ChallengeParamsDto,
  ClarificationParamsDto,
  DecideAbnormallyLowBidDto,
  DecideAwardDto,
  DeclareConflictOfInterestDto,
  EmptyCommandDto,
  ExpressInterestDto,
  InviteToTenderDto,
  ModerateScoreDto,
  RecordChallengeDto,
  ResolveChallengeDto,
  ScoreBidDto,
  SubmitBidDto,
  SubmitExplanationDto,
  TenderCommandResultDto,
  TenderParamsDto,
  TenderViewDto,
} from './tenders.schema';
import { TendersService } from './tenders.service';

/** One endpoint per tender command. A tender is started from its contract (`POST /contracts/:id/tender`). */
@ApiTags('tenders')
@ApiBearerAuth()
@ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description: "A key of the caller's own (a UUID, say) for one request: a retry with it answers the first outcome, reused on another request it is a 422",
})
@UseInterceptors(CommandInterceptor)
@Controller('tenders/:tenderId')
export class TendersController {
  constructor(private readonly tenders: TendersService) {}

  @Get()
  @ApiOkResponse({ type: TenderViewDto.Output, description: 'The tender as the reader may see it' })
  view(@Param() { tenderId }: TenderParamsDto, @CurrentActor() actor: Actor): Promise<TenderView> {
    return this.tenders.view(tenderId, actor);
  }

  @Post('interest')
  @HttpCode(200)
  @ApiOkResponse({ type: TenderCommandResultDto.Output, description: 'The tender after the command, with the events it appended' })
  expressInterest(@Param() { tenderId }: TenderParamsDto, @Body() { reason, ...data }: ExpressInterestDto, @CommandMetadata() meta: CommandMeta): Promise<TenderCommandResult> {
    return this.tenders.execute(tenderId, { type: 'ExpressInterest', data }, meta, reason);
  }

  @Post('clarifications')
  @HttpCode(200)
  @ApiOkResponse({ type: TenderCommandResultDto.Output, description: 'The tender after the command, with the events it appended' })
  askClarification(@Param() { tenderId }: TenderParamsDto, @Body() { reason, ...data }: AskClarificationDto, @CommandMetadata() meta: CommandMeta): Promise<TenderCommandResult> {
    return this.tenders.execute(tenderId, { type: 'AskClarification', data }, meta, reason);
  }

  @Post('clarifications/:clarificationId/answer')
  @HttpCode(200)
  @ApiOkResponse({ type: TenderCommandResultDto.Output, description: 'The tender after the command, with the events it appended' })
  answerClarification(
    @Param() { tenderId, clarificationId }: ClarificationParamsDto,
    @Body() { reason, ...data }: AnswerClarificationDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<TenderCommandResult> {
    return this.tenders.execute(tenderId, { type: 'AnswerClarification', data: { ...data, clarificationId } }, meta, reason);
  }

  @Post('selection')
  @HttpCode(200)
  @ApiOkResponse({ type: TenderCommandResultDto.Output, description: 'The tender after the command, with the events it appended' })
  assessSupplier(@Param() { tenderId }: TenderParamsDto, @Body() { reason, ...data }: AssessSupplierDto, @CommandMetadata() meta: CommandMeta): Promise<TenderCommandResult> {
    return this.tenders.execute(tenderId, { type: 'AssessSupplier', data }, meta, reason);
  }

  @Post('invitation')
  @HttpCode(200)
  @ApiOkResponse({ type: TenderCommandResultDto.Output, description: 'The tender after the command, with the events it appended' })
  inviteToTender(@Param() { tenderId }: TenderParamsDto, @Body() { reason, ...data }: InviteToTenderDto, @CommandMetadata() meta: CommandMeta): Promise<TenderCommandResult> {
    return this.tenders.execute(tenderId, { type: 'InviteToTender', data }, meta, reason);
  }

  @Post('bids')
  @HttpCode(201)
  @ApiCreatedResponse({ type: TenderCommandResultDto.Output, description: 'The bid recorded; a bid after the closing time is answered 409 tender.closed' })
  submitBid(@Param() { tenderId }: TenderParamsDto, @Body() { reason, ...data }: SubmitBidDto, @CommandMetadata() meta: CommandMeta): Promise<TenderCommandResult> {
    return this.tenders.submitBid(tenderId, { type: 'SubmitBid', data }, meta, reason);
  }

  @Post('panel')
  @HttpCode(200)
  @ApiOkResponse({ type: TenderCommandResultDto.Output, description: 'The tender after the command, with the events it appended' })
  appointPanel(@Param() { tenderId }: TenderParamsDto, @Body() { reason, ...data }: AppointEvaluationPanelDto, @CommandMetadata() meta: CommandMeta): Promise<TenderCommandResult> {
    return this.tenders.execute(tenderId, { type: 'AppointEvaluationPanel', data }, meta, reason);
  }

  @Post('conflict-declarations')
  @HttpCode(200)
  @ApiOkResponse({ type: TenderCommandResultDto.Output, description: 'The tender after the command, with the events it appended' })
  declareConflict(
    @Param() { tenderId }: TenderParamsDto,
    @Body() { reason, ...data }: DeclareConflictOfInterestDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<TenderCommandResult> {
    return this.tenders.execute(tenderId, { type: 'DeclareConflictOfInterest', data }, meta, reason);
  }

  @Post('scores')
  @HttpCode(200)
  @ApiOkResponse({ type: TenderCommandResultDto.Output, description: 'The tender after the command, with the events it appended' })
  scoreBid(@Param() { tenderId }: TenderParamsDto, @Body() { reason, ...data }: ScoreBidDto, @CommandMetadata() meta: CommandMeta): Promise<TenderCommandResult> {
    return this.tenders.execute(tenderId, { type: 'ScoreBid', data }, meta, reason);
  }

  @Post('moderated-scores')
  @HttpCode(200)
  @ApiOkResponse({ type: TenderCommandResultDto.Output, description: 'The tender after the command, with the events it appended' })
  moderateScore(@Param() { tenderId }: TenderParamsDto, @Body() data: ModerateScoreDto, @CommandMetadata() meta: CommandMeta): Promise<TenderCommandResult> {
    return this.tenders.execute(tenderId, { type: 'ModerateScore', data }, meta, data.rationale);
  }

  @Post('bids/:bidId/explanation-request')
  @HttpCode(200)
  @ApiOkResponse({ type: TenderCommandResultDto.Output, description: 'The tender after the command, with the events it appended' })
  requestExplanation(@Param() { tenderId, bidId }: BidParamsDto, @Body() { reason }: EmptyCommandDto, @CommandMetadata() meta: CommandMeta): Promise<TenderCommandResult> {
    return this.tenders.execute(tenderId, { type: 'RequestExplanation', data: { bidId } }, meta, reason);
  }

  @Post('bids/:bidId/explanation')
  @HttpCode(200)
  @ApiOkResponse({ type: TenderCommandResultDto.Output, description: 'The tender after the command, with the events it appended' })
  submitExplanation(
    @Param() { tenderId, bidId }: BidParamsDto,
    @Body() { reason, ...data }: SubmitExplanationDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<TenderCommandResult> {
    return this.tenders.execute(tenderId, { type: 'SubmitExplanation', data: { ...data, bidId } }, meta, reason);
  }

  @Post('bids/:bidId/abnormally-low-decision')
  @HttpCode(200)
  @ApiOkResponse({ type: TenderCommandResultDto.Output, description: 'The tender after the command, with the events it appended' })
  decideAbnormallyLowBid(
    @Param() { tenderId, bidId }: BidParamsDto,
    @Body() data: DecideAbnormallyLowBidDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<TenderCommandResult> {
    return this.tenders.execute(tenderId, { type: 'DecideAbnormallyLowBid', data: { ...data, bidId } }, meta);
  }

  @Post('award')
  @HttpCode(200)
  @ApiOkResponse({ type: TenderCommandResultDto.Output, description: 'The tender after the command, with the events it appended' })
  decideAward(@Param() { tenderId }: TenderParamsDto, @Body() data: DecideAwardDto, @CommandMetadata() meta: CommandMeta): Promise<TenderCommandResult> {
    return this.tenders.execute(tenderId, { type: 'DecideAward', data }, meta);
  }

  @Post('challenges')
  @HttpCode(200)
  @ApiOkResponse({ type: TenderCommandResultDto.Output, description: 'The tender after the command, with the events it appended' })
  recordChallenge(@Param() { tenderId }: TenderParamsDto, @Body() { reason, ...data }: RecordChallengeDto, @CommandMetadata() meta: CommandMeta): Promise<TenderCommandResult> {
    return this.tenders.execute(tenderId, { type: 'RecordChallenge', data }, meta, reason);
  }

  @Post('challenges/:challengeId/resolution')
  @HttpCode(200)
  @ApiOkResponse({ type: TenderCommandResultDto.Output, description: 'The tender after the command, with the events it appended' })
  resolveChallenge(
    @Param() { tenderId, challengeId }: ChallengeParamsDto,
    @Body() data: ResolveChallengeDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<TenderCommandResult> {
    return this.tenders.execute(tenderId, { type: 'ResolveChallenge', data: { ...data, challengeId } }, meta);
  }

  @Post('cancellation')
  @HttpCode(200)
  @ApiOkResponse({ type: TenderCommandResultDto.Output, description: 'The tender after the command, with the events it appended' })
  cancel(@Param() { tenderId }: TenderParamsDto, @Body() data: CancelTenderDto, @CommandMetadata() meta: CommandMeta): Promise<TenderCommandResult> {
    return this.tenders.execute(tenderId, { type: 'CancelTender', data }, meta);
  }
}

import type { Actor, TenderView } from '@cls/domain';
import { answerOf, createdBy, type TenderAnswer } from '../contracts/command-answer';
import { CurrentActor } from '@cls/http';
import { Body, Controller, Get, HttpCode, Param, Post, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IdempotencyKeyHeader, ProcessReadDocs, TenderCommandDocs } from '../docs/operation-docs';
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
  TenderParamsDto,
  TenderViewDto,
} from './tenders.schema';
import { BidSubmittedDto, ClarificationAskedDto } from '../docs/responses';
import { TendersService } from './tenders.service';

/** One endpoint per tender command. A tender is started from its contract (`POST /contracts/:id/tender`). */
@ApiTags('tenders')
@ApiBearerAuth()
@IdempotencyKeyHeader()
@UseInterceptors(CommandInterceptor)
@Controller('tenders/:tenderId')
export class TendersController {
  constructor(private readonly tenders: TendersService) {}

  @Get()
  @ProcessReadDocs('The tender as the reader may see it: a bidder sees its own bid, not the others', TenderViewDto.Output)
  view(@Param() { tenderId }: TenderParamsDto, @CurrentActor() actor: Actor): Promise<TenderView> {
    return this.tenders.view(tenderId, actor);
  }

  @Post('interest')
  @HttpCode(200)
  @TenderCommandDocs('ExpressInterest', 'A provider expresses interest in taking part in the tender')
  expressInterest(@Param() { tenderId }: TenderParamsDto, @Body() { reason, ...data }: ExpressInterestDto, @CommandMetadata() meta: CommandMeta): Promise<TenderAnswer> {
    return this.tenders.answer(tenderId, { type: 'ExpressInterest', data }, meta, reason);
  }

  @Post('clarifications')
  @HttpCode(201)
  @TenderCommandDocs('AskClarification', 'A provider asks a clarification question, before the clarification deadline', { result: ClarificationAskedDto.Output })
  async askClarification(
    @Param() { tenderId }: TenderParamsDto,
    @Body() { reason, ...data }: AskClarificationDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<TenderAnswer & { clarificationId: string }> {
    const result = await this.tenders.execute(tenderId, { type: 'AskClarification', data }, meta, reason);
    return { ...answerOf(result), clarificationId: createdBy(result, 'ClarificationRequested', 'clarificationId') };
  }

  @Post('clarifications/:clarificationId/answer')
  @HttpCode(200)
  @TenderCommandDocs('AnswerClarification', 'Answers a clarification question, published to every participant')
  answerClarification(
    @Param() { tenderId, clarificationId }: ClarificationParamsDto,
    @Body() { reason, ...data }: AnswerClarificationDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<TenderAnswer> {
    return this.tenders.answer(tenderId, { type: 'AnswerClarification', data: { ...data, clarificationId } }, meta, reason);
  }

  @Post('selection')
  @HttpCode(200)
  @TenderCommandDocs('AssessSupplier', 'Records the selection assessment of a supplier that asked to take part')
  assessSupplier(@Param() { tenderId }: TenderParamsDto, @Body() { reason, ...data }: AssessSupplierDto, @CommandMetadata() meta: CommandMeta): Promise<TenderAnswer> {
    return this.tenders.answer(tenderId, { type: 'AssessSupplier', data }, meta, reason);
  }

  @Post('invitation')
  @HttpCode(200)
  @TenderCommandDocs('InviteToTender', 'Invites the shortlisted suppliers to tender')
  inviteToTender(@Param() { tenderId }: TenderParamsDto, @Body() { reason, ...data }: InviteToTenderDto, @CommandMetadata() meta: CommandMeta): Promise<TenderAnswer> {
    return this.tenders.answer(tenderId, { type: 'InviteToTender', data }, meta, reason);
  }

  @Post('bids')
  @HttpCode(201)
  @TenderCommandDocs('SubmitBid', 'A provider submits its bid before the closing time (after it: 409 tender.closed)', { result: BidSubmittedDto.Output })
  async submitBid(
    @Param() { tenderId }: TenderParamsDto,
    @Body() { reason, ...data }: SubmitBidDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<TenderAnswer & { bidId: string }> {
    const result = await this.tenders.submitBid(tenderId, { type: 'SubmitBid', data }, meta, reason);
    // The bidder sees its own bid alone, and a supplier bids once.
    return { ...answerOf(result), bidId: createdBy(result, 'BidSubmitted', 'bidId') };
  }

  @Post('panel')
  @HttpCode(200)
  @TenderCommandDocs('AppointEvaluationPanel', 'Appoints the evaluation panel once the tender has closed')
  appointPanel(@Param() { tenderId }: TenderParamsDto, @Body() { reason, ...data }: AppointEvaluationPanelDto, @CommandMetadata() meta: CommandMeta): Promise<TenderAnswer> {
    return this.tenders.answer(tenderId, { type: 'AppointEvaluationPanel', data }, meta, reason);
  }

  @Post('conflict-declarations')
  @HttpCode(200)
  @TenderCommandDocs('DeclareConflictOfInterest', 'An evaluator declares whether they have a conflict of interest with any bidder')
  declareConflict(
    @Param() { tenderId }: TenderParamsDto,
    @Body() { reason, ...data }: DeclareConflictOfInterestDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<TenderAnswer> {
    return this.tenders.answer(tenderId, { type: 'DeclareConflictOfInterest', data }, meta, reason);
  }

  @Post('scores')
  @HttpCode(200)
  @TenderCommandDocs('ScoreBid', 'An evaluator scores a bid against one criterion')
  scoreBid(@Param() { tenderId }: TenderParamsDto, @Body() { reason, ...data }: ScoreBidDto, @CommandMetadata() meta: CommandMeta): Promise<TenderAnswer> {
    return this.tenders.answer(tenderId, { type: 'ScoreBid', data }, meta, reason);
  }

  @Post('moderated-scores')
  @HttpCode(200)
  @TenderCommandDocs('ModerateScore', 'Moderates the panel’s scores for a bid and criterion, with the rationale')
  moderateScore(@Param() { tenderId }: TenderParamsDto, @Body() data: ModerateScoreDto, @CommandMetadata() meta: CommandMeta): Promise<TenderAnswer> {
    return this.tenders.answer(tenderId, { type: 'ModerateScore', data }, meta, data.rationale);
  }

  @Post('bids/:bidId/explanation-request')
  @HttpCode(200)
  @TenderCommandDocs('RequestExplanation', 'Asks a bidder to explain an abnormally low bid')
  requestExplanation(@Param() { tenderId, bidId }: BidParamsDto, @Body() { reason }: EmptyCommandDto, @CommandMetadata() meta: CommandMeta): Promise<TenderAnswer> {
    return this.tenders.answer(tenderId, { type: 'RequestExplanation', data: { bidId } }, meta, reason);
  }

  @Post('bids/:bidId/explanation')
  @HttpCode(200)
  @TenderCommandDocs('SubmitExplanation', 'The bidder explains its abnormally low bid, before the deadline')
  submitExplanation(
    @Param() { tenderId, bidId }: BidParamsDto,
    @Body() { reason, ...data }: SubmitExplanationDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<TenderAnswer> {
    return this.tenders.answer(tenderId, { type: 'SubmitExplanation', data: { ...data, bidId } }, meta, reason);
  }

  @Post('bids/:bidId/abnormally-low-decision')
  @HttpCode(200)
  @TenderCommandDocs('DecideAbnormallyLowBid', 'Accepts or rejects an abnormally low bid after its explanation')
  decideAbnormallyLowBid(
    @Param() { tenderId, bidId }: BidParamsDto,
    @Body() data: DecideAbnormallyLowBidDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<TenderAnswer> {
    return this.tenders.answer(tenderId, { type: 'DecideAbnormallyLowBid', data: { ...data, bidId } }, meta);
  }

  @Post('award')
  @HttpCode(200)
  @TenderCommandDocs('DecideAward', 'Decides the award: the standstill period starts')
  decideAward(@Param() { tenderId }: TenderParamsDto, @Body() data: DecideAwardDto, @CommandMetadata() meta: CommandMeta): Promise<TenderAnswer> {
    return this.tenders.answer(tenderId, { type: 'DecideAward', data }, meta);
  }

  @Post('challenges')
  @HttpCode(200)
  @TenderCommandDocs('RecordChallenge', 'Records a challenge to the award decision during standstill')
  recordChallenge(@Param() { tenderId }: TenderParamsDto, @Body() { reason, ...data }: RecordChallengeDto, @CommandMetadata() meta: CommandMeta): Promise<TenderAnswer> {
    return this.tenders.answer(tenderId, { type: 'RecordChallenge', data }, meta, reason);
  }

  @Post('challenges/:challengeId/resolution')
  @HttpCode(200)
  @TenderCommandDocs('ResolveChallenge', 'Records how a challenge was resolved')
  resolveChallenge(
    @Param() { tenderId, challengeId }: ChallengeParamsDto,
    @Body() data: ResolveChallengeDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<TenderAnswer> {
    return this.tenders.answer(tenderId, { type: 'ResolveChallenge', data: { ...data, challengeId } }, meta);
  }

  @Post('cancellation')
  @HttpCode(200)
  @TenderCommandDocs('CancelTender', 'Cancels the tender, with the reason')
  cancel(@Param() { tenderId }: TenderParamsDto, @Body() data: CancelTenderDto, @CommandMetadata() meta: CommandMeta): Promise<TenderAnswer> {
    return this.tenders.answer(tenderId, { type: 'CancelTender', data }, meta);
  }
}

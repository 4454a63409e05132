import type { Actor } from '@cls/domain';
import { CurrentActor } from '@cls/http';
import { Body, Controller, Get, HttpCode, Param, Post, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandMetadata } from '../contracts/command-meta.decorator';
import { ContractParamsDto } from '../contracts/contracts.schema';
import type { CommandMeta } from '../contracts/contracts.service';
import { ContractCommandDocs, IdempotencyKeyHeader } from '../docs/operation-docs';
import { ReleasePackageDto } from '../docs/responses';
import { CommandInterceptor } from '../idempotency/command.interceptor';
import type { ReleasePackage } from '../ocds/ocds.types';
import {
  ApproveNoticeDto,
  NoticeApprovedDto,
  NoticeParamsDto,
  PrepareTransparencyNoticeDto,
  ProcessNoticesDto,
  TransparencyNoticeDraftedDto,
} from './notices.schema';
import { NoticesService } from './notices.service';
import type { ProcessNotice } from './process-notices';


/**
 * A contracting process's Procurement Act notices: drafted by the process from what it records, approved here by
 * a person, then published on the platform by the process's workflow, which records the platform's identifier and
 * publication time.
 */
@ApiTags('notices')
@ApiBearerAuth()
@IdempotencyKeyHeader()
@UseInterceptors(CommandInterceptor)
@Controller('contracts/:contractId/notices')
export class NoticesController {
  constructor(private readonly notices: NoticesService) {}

  @Get()
  @ApiOperation({ summary: 'The process’s notices (UK4 tender, UK6 contract award, UK7 contract details …), each with where it stands' })
  @ApiOkResponse({ type: ProcessNoticesDto.Output })
  @ApiNotFoundResponse({ description: 'No such process, or none the caller may read (`contract.not-found`)' })
  async list(@Param() { contractId }: ContractParamsDto, @CurrentActor() actor: Actor): Promise<{ contractId: string; notices: ProcessNotice[] }> {
    return { contractId, notices: await this.notices.list(contractId, actor) };
  }

  @Get(':noticeId/release')
  @ApiOperation({ summary: 'A published notice as the OCDS 1.1 release that publishes it, with its notice type (`noticeType`) as Find a Tender marks it' })
  @ApiOkResponse({ type: ReleasePackageDto.Output, description: 'An OCDS 1.1 release package holding the notice’s release' })
  @ApiNotFoundResponse({ description: 'No such process or notice (`contract.not-found`, `notice.not-found`)' })
  @ApiConflictResponse({ description: '`notice.not-published`: the notice is not published yet' })
  release(@Param() { contractId, noticeId }: NoticeParamsDto, @CurrentActor() actor: Actor): Promise<ReleasePackage> {
    return this.notices.release(contractId, noticeId, actor);
  }

  @Post(':noticeId/approval')
  @HttpCode(200)
  @ContractCommandDocs('ApproveNotice', 'Approves a drafted notice for publication; the process’s workflow then publishes it', undefined, {
    answers: NoticeApprovedDto.Output,
    refusals: {
      forbidden: '`notice.approver-not-permitted` for a role the policy leaves out',
      notFound: 'No such process or notice (`contract.not-found`, `tender.not-found`, `notice.not-found`)',
      conflict: '`notice.already-approved`, `notice.withdrawn`',
    },
  })
  async approve(
    @Param() { contractId, noticeId }: NoticeParamsDto,
    @Body() { reason }: ApproveNoticeDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<{ contractId: string; noticeId: string; version: number; events: unknown[] }> {
    return { contractId, noticeId, ...(await this.notices.approve(contractId, noticeId, meta, reason)) };
  }

  @Post('transparency')
  @HttpCode(201)
  @ContractCommandDocs(
    'PrepareTransparencyNotice',
    'Drafts the transparency notice (UK5) a direct award of a covered contract must follow, naming the supplier and the value',
    { result: TransparencyNoticeDraftedDto.Output },
    { refusals: { conflict: '`notice.transparency-not-needed`, `notice.transparency-pending`, `award.not-open`, `award.already-made`' } },
  )
  async prepareTransparency(
    @Param() { contractId }: ContractParamsDto,
    @Body() { reason, ...data }: PrepareTransparencyNoticeDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<{ contractId: string; noticeId: string; version: number; events: unknown[] }> {
    return { contractId, ...(await this.notices.prepareTransparency(contractId, data, meta, reason)) };
  }
}

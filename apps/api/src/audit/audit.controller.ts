import type { Actor } from '@cls/domain';
import type { Checkpoint, Verification } from '@cls/event-store';
import { CurrentActor } from '@cls/http';
import { Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AsOfDto, CheckpointDto, VerificationDto } from '../docs/responses';
import type { Response } from 'express';
import { eventsCsv, type ExtraColumns } from './audit-csv';
import {
  AsOfQueryDto,
  AuditEventsQueryDto,
  EventPageDto,
  GovernanceViewQueryDto,
  ProcessParamsDto,
  TimelineQueryDto,
  ViewParamsDto,
} from './audit.schema';
import { AuditService, type AsOfView, type EventPage } from './audit.service';
import { governanceViews } from './governance-views';

/** CSV when asked for by `format=csv`, or by `Accept: text/csv` unless `format=json` says otherwise. */
const wantsCsv = (format: 'json' | 'csv' | undefined, accept: string | undefined): boolean =>
  format === 'csv' || (format === undefined && /\btext\/csv\b/i.test(accept ?? ''));

/**
 * Sends a page as JSON, or as CSV with the next page's cursor in a header (a CSV body has nowhere else to put it).
 */
const respond = (
  page: EventPage,
  csv: boolean,
  response: Response,
  filename: string,
  columns?: ExtraColumns,
): EventPage | string => {
  if (!csv) return page;
  if (page.nextCursor) response.setHeader('X-Next-Cursor', page.nextCursor);
  response.type('text/csv; charset=utf-8');
  response.setHeader('Content-Disposition', `attachment; filename="${filename}.csv"`);
  return eventsCsv(page.events, columns);
};

@ApiTags('audit')
@ApiBearerAuth()
@Controller('contracts')
export class ContractAuditController {
  constructor(private readonly audit: AuditService) {}

  /** The contracting process's events (the contract's, its tenders', plans' …), keyset-paged by global position. */
  @Get(':contractId/timeline')
  @ApiOperation({ summary: 'The contracting process’s events (the contract’s, its tenders’, plans’ …), a page at a time, as JSON or CSV' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: EventPageDto.Output, description: 'A page of events; as CSV with `format=csv` or `Accept: text/csv`, the next cursor in X-Next-Cursor' })
  async timeline(
    @Param() { contractId }: ProcessParamsDto,
    @Query() query: TimelineQueryDto,
    @CurrentActor() actor: Actor,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<EventPage | string> {
    const page = await this.audit.timeline(contractId, actor, query);
    return respond(page, wantsCsv(query.format, accept), response, `timeline-${contractId}`);
  }

  /** The contract's state and the process's history as recorded at `at`, or as things stood at `at` in business time. */
  @Get(':contractId/as-of')
  @ApiOperation({
    summary: 'The contract’s state and the process’s history at `at`: as recorded by then (`time=recorded`, the default), or as occurred by then (`time=occurred`)',
  })
  @ApiOkResponse({ type: AsOfDto.Output })
  asOf(@Param() { contractId }: ProcessParamsDto, @Query() { at, time }: AsOfQueryDto, @CurrentActor() actor: Actor): Promise<AsOfView> {
    return this.audit.asOf(contractId, actor, at, time);
  }

  /** Recomputes every hash of the process's streams and compares their heads with the latest checkpoint. */
  @Get(':contractId/verify')
  @ApiOperation({ summary: 'Recomputes every hash of the process’s streams and compares their heads with the latest checkpoint' })
  @ApiOkResponse({ type: VerificationDto.Output })
  verify(@Param() { contractId }: ProcessParamsDto, @CurrentActor() actor: Actor): Promise<Verification> {
    return this.audit.verifyContract(contractId, actor);
  }
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** Events across the processes the reader may see, with the timeline's filters and `provider`. */
  @Get('events')
  @ApiOperation({ summary: 'Events across the processes the reader may see, with the timeline’s filters and `provider`' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: EventPageDto.Output, description: 'A page of events; as CSV with `format=csv` or `Accept: text/csv`, the next cursor in X-Next-Cursor' })
  async events(
    @Query() query: AuditEventsQueryDto,
    @CurrentActor() actor: Actor,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<EventPage | string> {
    const page = await this.audit.events(actor, query);
    return respond(page, wantsCsv(query.format, accept), response, 'audit-events');
  }

  /** A named governance view: non-tender-routes, accepted-abnormally-low-bids, waived-deadlines, escalations, … */
  @Get('views/:view')
  @ApiOperation({ summary: 'A named governance view (non-tender routes, accepted abnormally low bids, waived deadlines, escalations …)' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: EventPageDto.Output, description: 'A page of events; as CSV with `format=csv` or `Accept: text/csv`, the next cursor in X-Next-Cursor' })
  async view(
    @Param() { view }: ViewParamsDto,
    @Query() query: GovernanceViewQueryDto,
    @CurrentActor() actor: Actor,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<EventPage | string> {
    const page = await this.audit.governanceView(view, actor, query);
    const definition = governanceViews[view];
    return respond(page, wantsCsv(query.format, accept), response, view, 'columns' in definition ? definition.columns : undefined);
  }

  /** Every hash chain in the store and the chain of checkpoints. */
  @Get('verify')
  @ApiOperation({ summary: 'Verifies every hash chain in the store and the chain of checkpoints' })
  @ApiOkResponse({ type: VerificationDto.Output })
  verify(@CurrentActor() actor: Actor): Promise<Verification> {
    return this.audit.verifyStore(actor);
  }

  /** Takes a checkpoint now, in addition to the relay's periodic ones. */
  @Post('checkpoints')
  @HttpCode(201)
  @ApiOperation({ summary: 'Takes a checkpoint of every stream’s head now, beside the relay’s periodic ones' })
  @ApiCreatedResponse({ type: CheckpointDto.Output })
  checkpoint(@CurrentActor() actor: Actor): Promise<Checkpoint> {
    return this.audit.checkpoint(actor);
  }
}

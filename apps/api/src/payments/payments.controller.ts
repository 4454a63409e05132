import { commandPermissions, type Actor, type InvoiceRecord, type PaymentPerformance } from '@cls/domain';
import { CurrentActor } from '@cls/http';
import { Body, Controller, Get, HttpCode, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CommandMetadata } from '../contracts/command-meta.decorator';
import { ContractParamsDto } from '../contracts/contracts.schema';
import type { CommandMeta } from '../contracts/contracts.service';
import { IdempotencyKeyHeader } from '../docs/operation-docs';
import { CommandInterceptor } from '../idempotency/command.interceptor';
import { InvoiceParamsDto, InvoiceRecordedDto, PayInvoiceDto, PaymentsDto, PaymentsQueryDto, RecordInvoiceDto } from './payments.schema';
import { PaymentsService } from './payments.service';

const people = (roles: readonly string[]) => roles.filter((role) => role !== 'system').join(', ');
const temporalUnavailable = 'Temporal did not answer in time (`command.unavailable`): retry after Retry-After, with the same Idempotency-Key';

/** Invoices received and paid against a contract, the 30-day payment clock, and the contract's payment figures. */
@ApiTags('payments')
@ApiBearerAuth()
@Controller('contracts/:contractId')
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  @Post('invoices')
  @HttpCode(201)
  @IdempotencyKeyHeader()
  @UseInterceptors(CommandInterceptor)
  @ApiOperation({ summary: 'Finance records a valid invoice received against the contract: it is due 30 days after its receipt' })
  @ApiCreatedResponse({ type: InvoiceRecordedDto.Output, description: 'Recorded: the invoice, the contract’s version and the events appended' })
  @ApiForbiddenResponse({ description: `\`access.role-not-permitted\` unless the caller’s role is ${people(commandPermissions.RecordInvoice)}` })
  @ApiNotFoundResponse({ description: 'No such contract, or none the caller may act on (`contract.not-found`)' })
  @ApiConflictResponse({ description: '`payment.not-in-force` before both parties have signed, `payment.invoice-already-recorded` (or a request with the same Idempotency-Key is in progress)' })
  @ApiUnprocessableEntityResponse({ description: '`payment.received-in-future` naming `data.receivedOn`; or the Idempotency-Key was used on another request' })
  @ApiServiceUnavailableResponse({ description: temporalUnavailable })
  async recordInvoice(
    @Param() { contractId }: ContractParamsDto,
    @Body() { reason, ...data }: RecordInvoiceDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<{ contractId: string; invoiceId: string; version: number; events: unknown[] }> {
    return { contractId, invoiceId: data.invoiceId, ...(await this.payments.execute(contractId, { type: 'RecordInvoice', data }, meta, reason)) };
  }

  @Post('invoices/:invoiceId/payment')
  @HttpCode(200)
  @IdempotencyKeyHeader()
  @UseInterceptors(CommandInterceptor)
  @ApiOperation({ summary: 'Finance records an invoice paid (today, or on `paidOn`): late when after its due date' })
  @ApiOkResponse({ type: InvoiceRecordedDto.Output, description: 'Recorded: the contract’s version and the events appended' })
  @ApiForbiddenResponse({ description: `\`access.role-not-permitted\` unless the caller’s role is ${people(commandPermissions.PayInvoice)}` })
  @ApiNotFoundResponse({ description: 'No such contract, or none the caller may act on (`contract.not-found`)' })
  @ApiConflictResponse({ description: '`payment.already-paid` (or a request with the same Idempotency-Key is in progress)' })
  @ApiUnprocessableEntityResponse({ description: '`payment.unknown-invoice`, `payment.paid-before-received`, `payment.paid-in-future`; or the Idempotency-Key was used on another request' })
  @ApiServiceUnavailableResponse({ description: temporalUnavailable })
  async payInvoice(
    @Param() { contractId, invoiceId }: InvoiceParamsDto,
    @Body() { reason, ...data }: PayInvoiceDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<{ contractId: string; invoiceId: string; version: number; events: unknown[] }> {
    return { contractId, invoiceId, ...(await this.payments.execute(contractId, { type: 'PayInvoice', data: { ...data, invoiceId } }, meta, reason)) };
  }

  @Get('payments')
  @ApiOperation({ summary: 'The contract’s invoices and its payment figures for a period: paid within terms, average days to pay, unpaid past due' })
  @ApiOkResponse({ type: PaymentsDto.Output })
  @ApiNotFoundResponse({ description: 'No such contract, or none the caller may read (`contract.not-found`)' })
  @ApiServiceUnavailableResponse({ description: temporalUnavailable })
  async read(
    @Param() { contractId }: ContractParamsDto,
    @Query() period: PaymentsQueryDto,
    @CurrentActor() actor: Actor,
  ): Promise<{ contractId: string; performance: PaymentPerformance; invoices: InvoiceRecord[] }> {
    return { contractId, ...(await this.payments.payments(contractId, actor, period)) };
  }
}

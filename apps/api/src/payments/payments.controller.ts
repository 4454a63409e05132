import type { Actor, InvoiceRecord, PaymentPerformance } from '@cls/domain';
import { CurrentActor } from '@cls/http';
import { Body, Controller, Get, HttpCode, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { CommandMetadata } from '../contracts/command-meta.decorator';
import { ContractParamsDto } from '../contracts/contracts.schema';
import type { CommandMeta } from '../contracts/contracts.service';
import { ContractCommandDocs, IdempotencyKeyHeader, temporalUnavailable } from '../docs/operation-docs';
import { CommandInterceptor } from '../idempotency/command.interceptor';
import { InvoiceParamsDto, InvoiceRecordedDto, PayInvoiceDto, PaymentsDto, PaymentsQueryDto, RecordInvoiceDto } from './payments.schema';
import { PaymentsService } from './payments.service';

/** Invoices received and paid against a contract, the 30-day payment clock, and the contract's payment figures. */
@ApiTags('payments')
@ApiBearerAuth()
@IdempotencyKeyHeader()
@UseInterceptors(CommandInterceptor)
@Controller('contracts/:contractId')
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  @Post('invoices')
  @HttpCode(201)
  @ContractCommandDocs(
    'RecordInvoice',
    'Finance records a valid invoice received against the contract: it is due 30 days after its receipt',
    { result: InvoiceRecordedDto.Output },
    {
      refusals: {
        conflict: '`payment.not-in-force` before both parties have signed, `payment.invoice-already-recorded`',
        unprocessable: '`payment.received-in-future` naming `data.receivedOn`',
      },
    },
  )
  async recordInvoice(
    @Param() { contractId }: ContractParamsDto,
    @Body() { reason, ...data }: RecordInvoiceDto,
    @CommandMetadata() meta: CommandMeta,
  ): Promise<{ contractId: string; invoiceId: string; version: number; events: unknown[] }> {
    return { contractId, invoiceId: data.invoiceId, ...(await this.payments.execute(contractId, { type: 'RecordInvoice', data }, meta, reason)) };
  }

  @Post('invoices/:invoiceId/payment')
  @HttpCode(200)
  @ContractCommandDocs('PayInvoice', 'Finance records an invoice paid (today, or on `paidOn`): late when after its due date', undefined, {
    answers: InvoiceRecordedDto.Output,
    refusals: { conflict: '`payment.already-paid`', unprocessable: '`payment.unknown-invoice`, `payment.paid-before-received`, `payment.paid-in-future`' },
  })
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

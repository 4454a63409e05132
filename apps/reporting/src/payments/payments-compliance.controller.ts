import type { Actor } from '@cls/domain';
import { CurrentActor } from '@cls/http';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ReaderTenancy } from '../auth/reader-tenancy';
import { PaymentsComplianceRepository } from './payments-compliance.repository';
import { ComplianceQueryDto, PaymentsComplianceDto, type PaymentsCompliance } from './payments-compliance.schema';

@ApiTags('payments')
@ApiBearerAuth()
@Controller('payments-compliance')
export class PaymentsComplianceController {
  constructor(
    private readonly repository: PaymentsComplianceRepository,
    private readonly tenancy: ReaderTenancy,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The organisation’s payments compliance figures for a period, as its payments compliance notice (UK8) states them' })
  @ApiOkResponse({ type: PaymentsComplianceDto.Output, description: 'Invoices received in the period, paid within 30 days or late, and unpaid past their due date' })
  figures(@Query() period: ComplianceQueryDto, @CurrentActor() actor: Actor): Promise<PaymentsCompliance> {
    return this.repository.figures(this.tenancy.of('payments-compliance', actor), period);
  }
}

import { Public, type AuthenticatedRequest } from '@cls/http';
import { Controller, Get, Param, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RecordPackageDto, ReleasePackageDto } from '../docs/responses';
import { ContractParamsDto } from '../contracts/contracts.schema';
import { OcdsReadersGuard } from './ocds-readers.guard';
import { OcdsService } from './ocds.service';
import type { RecordPackage, ReleasePackage } from './ocds.types';

@ApiTags('ocds')
@ApiBearerAuth()
@Public()
@UseGuards(OcdsReadersGuard)
@Controller('contracts')
export class OcdsController {
  constructor(private readonly ocds: OcdsService) {}

  /** The contracting process as an OCDS 1.1 release package: one release per published change, oldest first. */
  @Get(':contractId/ocds/releases')
  @ApiOperation({ summary: 'The contracting process as an OCDS 1.1 release package, one release per published change' })
  @ApiOkResponse({ type: ReleasePackageDto.Output, description: 'An OCDS 1.1 release package (release-package-schema.json)' })
  releases(@Param() { contractId }: ContractParamsDto, @Req() request: AuthenticatedRequest): Promise<ReleasePackage> {
    return this.ocds.releasePackage(contractId, request.actor);
  }

  /** The process's OCDS 1.1 record package: every release embedded, and the compiled release. */
  @Get(':contractId/ocds/record')
  @ApiOperation({ summary: 'The contracting process as an OCDS 1.1 record package, with the compiled release' })
  @ApiOkResponse({ type: RecordPackageDto.Output, description: 'An OCDS 1.1 record package (record-package-schema.json) with the compiled release' })
  record(@Param() { contractId }: ContractParamsDto, @Req() request: AuthenticatedRequest): Promise<RecordPackage> {
    return this.ocds.recordPackage(contractId, request.actor);
  }
}

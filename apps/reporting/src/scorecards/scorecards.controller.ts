import type { Actor } from '@cls/domain';
import { ProblemException, CurrentActor } from '@cls/http';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ReaderTenancy } from '../auth/reader-tenancy';
import { ScorecardsRepository } from './scorecards.repository';
import {
  ContractParamsDto,
  ContractScorecardDto,
  ProviderParamsDto,
  ProviderScorecardDto,
  ScorecardListQueryDto,
  ScorecardPageDto,
  type ContractScorecard,
  type ProviderScorecard,
  type ScorecardPage,
} from './scorecards.schema';

@ApiTags('scorecards')
@ApiBearerAuth()
@Controller('scorecards')
export class ScorecardsController {
  constructor(
    private readonly repository: ScorecardsRepository,
    private readonly tenancy: ReaderTenancy,
  ) {}

  @Get()
  @ApiOperation({ summary: 'A page of contract scorecards, in contract id order' })
  @ApiOkResponse({ type: ScorecardPageDto.Output, description: 'A page of contract scorecards, in contract id order' })
  list(@Query() query: ScorecardListQueryDto, @CurrentActor() actor: Actor): Promise<ScorecardPage> {
    return this.repository.list(this.tenancy.of('provider-scorecards', actor), query);
  }

  /** A provider the reader may not see answers as one with no contracts: existence does not leak. */
  @Get('providers/:provider')
  @ApiOperation({ summary: 'The provider’s card, gathered from those of its contracts the reader may see' })
  @ApiOkResponse({ type: ProviderScorecardDto.Output, description: 'The provider’s card, gathered from those of its contracts the reader may see' })
  async provider(@Param() { provider }: ProviderParamsDto, @CurrentActor() actor: Actor): Promise<ProviderScorecard> {
    const card = await this.repository.provider(this.tenancy.of('provider-scorecards', actor), provider);
    if (!card) throw new ProblemException(404, 'scorecards.provider-not-found', `No scorecard for provider ${provider}`);
    return card;
  }

  @Get('contracts/:contractId')
  @ApiOperation({ summary: 'The contract’s scorecard' })
  @ApiOkResponse({ type: ContractScorecardDto.Output, description: 'The contract’s scorecard' })
  async contract(@Param() { contractId }: ContractParamsDto, @CurrentActor() actor: Actor): Promise<ContractScorecard> {
    const card = await this.repository.contract(this.tenancy.of('provider-scorecards', actor), contractId);
    if (!card) throw new ProblemException(404, 'scorecards.contract-not-found', `No scorecard for contract ${contractId}`);
    return card;
  }
}

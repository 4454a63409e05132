import type { Actor } from '@cls/domain';
import { ProblemException, CurrentActor } from '@cls/http';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ZodValidationPipe } from 'nestjs-zod';
import { ReaderTenancy } from '../auth/reader-tenancy';
import { ScorecardsRepository, type ContractScorecard, type ProviderScorecard, type ScorecardPage } from './scorecards.repository';
import { ContractParams, ProviderParams, ScorecardListQuery } from './scorecards.schema';

@Controller('scorecards')
export class ScorecardsController {
  constructor(
    private readonly repository: ScorecardsRepository,
    private readonly tenancy: ReaderTenancy,
  ) {}

  @Get()
  list(@Query(new ZodValidationPipe(ScorecardListQuery)) query: ScorecardListQuery, @CurrentActor() actor: Actor): Promise<ScorecardPage> {
    return this.repository.list(this.tenancy.of('provider-scorecards', actor), query);
  }

  /** A provider the reader may not see answers as one with no contracts: existence does not leak. */
  @Get('providers/:provider')
  async provider(@Param(new ZodValidationPipe(ProviderParams)) { provider }: ProviderParams, @CurrentActor() actor: Actor): Promise<ProviderScorecard> {
    const card = await this.repository.provider(this.tenancy.of('provider-scorecards', actor), provider);
    if (!card) throw new ProblemException(404, 'scorecards.provider-not-found', `No scorecard for provider ${provider}`);
    return card;
  }

  @Get('contracts/:contractId')
  async contract(@Param(new ZodValidationPipe(ContractParams)) { contractId }: ContractParams, @CurrentActor() actor: Actor): Promise<ContractScorecard> {
    const card = await this.repository.contract(this.tenancy.of('provider-scorecards', actor), contractId);
    if (!card) throw new ProblemException(404, 'scorecards.contract-not-found', `No scorecard for contract ${contractId}`);
    return card;
  }
}

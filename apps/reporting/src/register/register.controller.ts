import type { Actor } from '@cls/domain';
import { ProblemException, CurrentActor } from '@cls/http';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ReaderTenancy } from '../auth/reader-tenancy';
import type { RegisterEntry } from './contract-register.projection';
import { ContractRegisterRepository } from './contract-register.repository';
import { RegisterEntryDto, RegisterEntryParamsDto, RegisterListQueryDto, RegisterPageDto, type RegisterPage } from './register.schema';

@ApiTags('register')
@ApiBearerAuth()
@Controller('register')
export class RegisterController {
  constructor(
    private readonly repository: ContractRegisterRepository,
    private readonly tenancy: ReaderTenancy,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The reader’s contracts, newest activity first, with how many match in all' })
  @ApiOkResponse({ type: RegisterPageDto.Output, description: 'The reader’s contracts, newest activity first, with how many match in all' })
  list(@Query() query: RegisterListQueryDto, @CurrentActor() actor: Actor): Promise<RegisterPage> {
    return this.repository.list(this.tenancy.of('register', actor), query);
  }

  /** A contract the reader may not see answers exactly as one that is not in the register. */
  @Get(':contractId')
  @ApiOperation({ summary: 'The contract’s entry in the register' })
  @ApiOkResponse({ type: RegisterEntryDto.Output, description: 'The contract’s entry in the register' })
  async get(@Param() { contractId }: RegisterEntryParamsDto, @CurrentActor() actor: Actor): Promise<RegisterEntry> {
    const entry = await this.repository.find(this.tenancy.of('register', actor), contractId);
    if (!entry) throw new ProblemException(404, 'register.contract-not-found', `Contract ${contractId} is not in the register`);
    return entry;
  }
}

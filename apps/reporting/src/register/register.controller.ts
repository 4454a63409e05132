import type { Actor } from '@cls/domain';
import { ProblemException, CurrentActor } from '@cls/http';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ZodValidationPipe } from 'nestjs-zod';
import { ReaderTenancy } from '../auth/reader-tenancy';
import type { RegisterEntry } from './contract-register.projection';
import { ContractRegisterRepository, type RegisterPage } from './contract-register.repository';
import { RegisterEntryParams, RegisterListQuery } from './register.schema';

@Controller('register')
export class RegisterController {
  constructor(
    private readonly repository: ContractRegisterRepository,
    private readonly tenancy: ReaderTenancy,
  ) {}

  @Get()
  list(@Query(new ZodValidationPipe(RegisterListQuery)) query: RegisterListQuery, @CurrentActor() actor: Actor): Promise<RegisterPage> {
    return this.repository.list(this.tenancy.of('register', actor), query);
  }

  /** A contract the reader may not see answers exactly as one that is not in the register. */
  @Get(':contractId')
  async get(@Param(new ZodValidationPipe(RegisterEntryParams)) { contractId }: RegisterEntryParams, @CurrentActor() actor: Actor): Promise<RegisterEntry> {
    const entry = await this.repository.find(this.tenancy.of('register', actor), contractId);
    if (!entry) throw new ProblemException(404, 'register.contract-not-found', `Contract ${contractId} is not in the register`);
    return entry;
  }
}

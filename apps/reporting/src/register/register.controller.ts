import { ProblemException } from '@cls/http';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ZodValidationPipe } from 'nestjs-zod';
import type { RegisterEntry } from './contract-register.projection';
import { ContractRegisterRepository, type RegisterPage } from './contract-register.repository';
import { RegisterEntryParams, RegisterListQuery } from './register.schema';

@Controller('register')
export class RegisterController {
  constructor(private readonly repository: ContractRegisterRepository) {}

  @Get()
  list(@Query(new ZodValidationPipe(RegisterListQuery)) query: RegisterListQuery): Promise<RegisterPage> {
    return this.repository.list(query);
  }

  @Get(':contractId')
  async get(@Param(new ZodValidationPipe(RegisterEntryParams)) { contractId }: RegisterEntryParams): Promise<RegisterEntry> {
    const entry = await this.repository.find(contractId);
    if (!entry) throw new ProblemException(404, 'register.contract-not-found', `Contract ${contractId} is not in the register`);
    return entry;
  }
}

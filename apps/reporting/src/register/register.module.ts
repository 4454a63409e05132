import { Module } from '@nestjs/common';
import { ContractRegisterProjector } from './contract-register.projector';
import { ContractRegisterRepository } from './contract-register.repository';
import { RegisterController } from './register.controller';

@Module({
  controllers: [RegisterController],
  providers: [ContractRegisterRepository, ContractRegisterProjector],
  exports: [ContractRegisterProjector],
})
export class RegisterModule {}

import { Global, Module } from '@nestjs/common';
import { ReaderTenancy } from './reader-tenancy';

@Global()
@Module({ providers: [ReaderTenancy], exports: [ReaderTenancy] })
export class AuthModule {}

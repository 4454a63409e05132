import { AuthGuard, correlationIdOf } from '@cls/http';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { AuthModule } from './auth/auth.module';
import type { ReportingConfig } from './config';
import { ConsumerModule } from './consumer/consumer.module';
import { HealthModule } from './health/health.module';
import { InfrastructureModule, type InfrastructureOptions } from './infrastructure.module';
import { ProjectionsModule } from './projections/projections.module';
import { ReadModelsModule } from './read-models.module';
import { RegisterModule } from './register/register.module';

@Module({})
export class AppModule {
  static register(config: ReportingConfig, options: InfrastructureOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        InfrastructureModule.register(config, options),
        LoggerModule.forRoot({
          pinoHttp: {
            logger: options.logger,
            genReqId: (request) => correlationIdOf(request),
            autoLogging: { ignore: (request) => request.url === '/health' },
          },
        }),
        AuthModule,
        RegisterModule,
        ProjectionsModule,
        ReadModelsModule,
        ConsumerModule,
        HealthModule,
      ],
      // Every route is authenticated unless marked @Public().
      providers: [{ provide: APP_GUARD, useClass: AuthGuard }],
    };
  }
}

import { TokenVerifier, verifierSettingsOf } from '@cls/auth';
import { temporalConnectionOf } from '@cls/config';
import { AuthGuard, correlationIdOf, TOKEN_VERIFIER } from '@cls/http';
import { tracingClientInterceptors } from '@cls/observability';
import { connectTemporalClient } from '@cls/temporal';
import { type DynamicModule, Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { Client } from '@temporalio/client';
import { LoggerModule } from 'nestjs-pino';
import type pino from 'pino';
import { AuditModule } from './audit/audit.module';
import type { ApiConfig } from './config';
import { ContractsModule } from './contracts/contracts.module';
import { HealthController } from './health/health.controller';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { NoticesModule } from './notices/notices.module';
import { PaymentsModule } from './payments/payments.module';
import { OcdsModule } from './ocds/ocds.module';
import { PlansModule } from './plans/plans.module';
import { TendersModule } from './tenders/tenders.module';
import { API_CONFIG, TEMPORAL_CLIENT } from './tokens';

@Global()
@Module({})
class InfrastructureModule implements OnApplicationShutdown {
  constructor(@Inject(TEMPORAL_CLIENT) private readonly temporal: Client) {}

  static register(config: ApiConfig): DynamicModule {
    return {
      module: InfrastructureModule,
      providers: [
        { provide: API_CONFIG, useValue: config },
        { provide: TOKEN_VERIFIER, useValue: new TokenVerifier(verifierSettingsOf(config)) },
        {
          provide: TEMPORAL_CLIENT,
          useFactory: () =>
            connectTemporalClient({
              ...temporalConnectionOf(config),
              namespace: config.TEMPORAL_NAMESPACE,
              interceptors: tracingClientInterceptors(),
            }),
        },
      ],
      exports: [API_CONFIG, TOKEN_VERIFIER, TEMPORAL_CLIENT],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.temporal.connection.close();
  }
}

@Module({})
export class AppModule {
  static register(config: ApiConfig, logger: pino.Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        InfrastructureModule.register(config),
        LoggerModule.forRoot({
          pinoHttp: {
            logger,
            genReqId: (request) => correlationIdOf(request),
            autoLogging: { ignore: (request) => request.url === '/health' || request.url === '/metrics' },
          },
        }),
        IdempotencyModule,
        ContractsModule,
        AuditModule,
        OcdsModule,
        TendersModule,
        PlansModule,
        NoticesModule,
        PaymentsModule,
      ],
      controllers: [HealthController],
      providers: [{ provide: APP_GUARD, useClass: AuthGuard }],
    };
  }
}

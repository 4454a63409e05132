import { correlationIdOf } from '@cls/http';
import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { ReportingConfig } from './config';
import { ConsumerModule } from './consumer/consumer.module';
import { HealthModule } from './health/health.module';
import { InfrastructureModule, type InfrastructureOptions } from './infrastructure.module';
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
        RegisterModule,
        ConsumerModule,
        HealthModule,
      ],
    };
  }
}

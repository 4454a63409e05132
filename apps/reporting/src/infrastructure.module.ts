import { TokenVerifier, verifierSettingsOf } from '@cls/auth';
import { kafkaSecurityOf } from '@cls/config';
import { createPool } from '@cls/event-store';
import { TOKEN_VERIFIER } from '@cls/http';
import { createKafka, type DeadLetterSink } from '@cls/kafka';
import type { Kafka } from 'kafkajs';
import { type DynamicModule, Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { ReportingConfig } from './config';
import { DEAD_LETTERS, KAFKA, MONITORING_POLICY, PG_POOL, REPORTING_CONFIG, ROOT_LOGGER } from './tokens';

export interface InfrastructureOptions {
  logger: Logger;
  deadLetters: DeadLetterSink;
  /** A client of the caller's instead of one from the config: tests cut its connections to stage a broker outage. */
  kafka?: Kafka;
}

@Injectable()
class PoolCloser implements OnApplicationShutdown {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** Global modules shut down last, so the consumer has finished its last message before the pool closes. */
  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}

@Global()
@Module({})
export class InfrastructureModule {
  static register(config: ReportingConfig, { logger, deadLetters, kafka }: InfrastructureOptions): DynamicModule {
    return {
      module: InfrastructureModule,
      providers: [
        { provide: REPORTING_CONFIG, useValue: config },
        { provide: TOKEN_VERIFIER, useValue: new TokenVerifier(verifierSettingsOf(config)) },
        { provide: ROOT_LOGGER, useValue: logger },
        { provide: DEAD_LETTERS, useValue: deadLetters },
        { provide: MONITORING_POLICY, useValue: config.CLS_MONITORING_POLICY },
        {
          provide: KAFKA,
          useFactory: () => kafka ?? createKafka({ clientId: config.KAFKA_CLIENT_ID, brokers: config.KAFKA_BROKERS, logger, ...kafkaSecurityOf(config) }),
        },
        {
          provide: PG_POOL,
          useFactory: () =>
            createPool({
              connectionString: config.DATABASE_URL,
              max: config.DATABASE_POOL_MAX,
              applicationName: 'cls-reporting',
              onIdleError: (error) => logger.warn({ err: error }, 'idle database session ended'),
            }),
        },
        PoolCloser,
      ],
      exports: [REPORTING_CONFIG, TOKEN_VERIFIER, ROOT_LOGGER, DEAD_LETTERS, KAFKA, PG_POOL, MONITORING_POLICY],
    };
  }
}

import { loadConfig } from '@cls/config';
import { createPool } from '@cls/event-store';
import { Inject, Logger, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Pool } from 'pg';
import { OCDS_CONFIG, OCDS_POOL, OcdsConfig, placeholderOcidPrefix } from './ocds.config';
import { OcdsController } from './ocds.controller';
import { OcdsReadersGuard } from './ocds-readers.guard';
import { OcdsService } from './ocds.service';

/** The OCDS export of contracting processes, read from the event store. */
@Module({
  controllers: [OcdsController],
  providers: [
    OcdsService,
    OcdsReadersGuard,
    { provide: OCDS_CONFIG, useFactory: () => loadConfig(OcdsConfig) },
    {
      provide: OCDS_POOL,
      inject: [OCDS_CONFIG],
      // Read only: the processes that write the event store migrate it before they write.
      useFactory: (config: OcdsConfig): Pool => {
        const logger = new Logger('OcdsDatabase');
        return createPool({
          connectionString: config.DATABASE_URL,
          max: config.DATABASE_POOL_MAX,
          applicationName: 'cls-api-ocds',
          interactive: true,
          onIdleError: (error) => logger.warn({ msg: 'idle database session ended', err: error }),
        });
      },
    },
  ],
  // The notices read their releases from the same export.
  exports: [OcdsService],
})
export class OcdsModule implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Ocds');

  constructor(
    @Inject(OCDS_POOL) private readonly pool: Pool,
    @Inject(OCDS_CONFIG) private readonly config: OcdsConfig,
  ) {}

  onModuleInit(): void {
    if (this.config.CLS_OCDS_OCID_PREFIX === placeholderOcidPrefix) {
      this.logger.warn(
        `OCDS ocids use the placeholder prefix ${placeholderOcidPrefix}: register a prefix with the Open Contracting Partnership and set CLS_OCDS_OCID_PREFIX before publishing`,
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}

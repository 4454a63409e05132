import { ConfigError, loadConfig } from '@cls/config';
import { createPool, eventStoreMigrations, migrate } from '@cls/event-store';
import { Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { hkdfSync } from 'node:crypto';
import type { Pool } from 'pg';
import type { ApiConfig } from '../config';
import { API_CONFIG } from '../tokens';
import { AUDIT_CONFIG, AUDIT_POOL, AuditConfig } from './audit.config';
import { AuditController, ContractAuditController } from './audit.controller';
import { AuditService } from './audit.service';
import { PageCursors } from './page-cursors';

/** Without a secret of its own, the cursor key is derived from the HS256 token key, bound to this one use. */
const cursorKey = (config: AuditConfig, api: ApiConfig): Buffer => {
  if (config.AUDIT_CURSOR_SECRET !== undefined) return Buffer.from(config.AUDIT_CURSOR_SECRET);
  if (api.JWT_SECRET !== undefined) return Buffer.from(hkdfSync('sha256', api.JWT_SECRET, 'cls-audit', 'audit page cursor', 32));
  // ApiConfig already refuses this environment; the audit module may be given another.
  throw new ConfigError('Invalid configuration:\n  AUDIT_CURSOR_SECRET: is required when JWT_SECRET is unset');
};

@Module({
  controllers: [ContractAuditController, AuditController],
  providers: [
    AuditService,
    { provide: AUDIT_CONFIG, useFactory: () => loadConfig(AuditConfig) },
    {
      provide: AUDIT_POOL,
      inject: [AUDIT_CONFIG],
      // The audit trail reads the event store's newest columns, so the API migrates it too, like every process
      // that touches it (the runner's lock makes concurrent starts take turns).
      useFactory: async (config: AuditConfig): Promise<Pool> => {
        const logger = new Logger('AuditDatabase');
        await migrate(config.DATABASE_URL, eventStoreMigrations, (message) => logger.log(message));
        return createPool({
          connectionString: config.DATABASE_URL,
          max: config.DATABASE_POOL_MAX,
          applicationName: 'cls-api-audit',
          interactive: true,
          onIdleError: (error) => logger.warn({ msg: 'idle database session ended', err: error }),
        });
      },
    },
    {
      provide: PageCursors,
      inject: [AUDIT_CONFIG, API_CONFIG],
      useFactory: (config: AuditConfig, api: ApiConfig) => new PageCursors(cursorKey(config, api)),
    },
  ],
})
export class AuditModule implements OnApplicationShutdown {
  constructor(@Inject(AUDIT_POOL) private readonly pool: Pool) {}

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}

import { loadConfig } from '@cls/config';
import { createPool, migrate } from '@cls/event-store';
import { Global, Inject, Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Pool } from 'pg';
import type { ApiConfig } from '../config';
import { API_CONFIG } from '../tokens';
import { COMMAND_SETTINGS, CommandInterceptor, type CommandSettings } from './command.interceptor';
import { IDEMPOTENCY_CONFIG, IDEMPOTENCY_POOL, IdempotencyConfig } from './idempotency.config';
import { apiMigrations, IdempotencyStore } from './idempotency.store';

/** The command routes' interceptor and the store of Idempotency-Keys it keeps, with the purge of expired keys. */
@Global()
@Module({
  providers: [
    { provide: IDEMPOTENCY_CONFIG, useFactory: () => loadConfig(IdempotencyConfig) },
    {
      provide: IDEMPOTENCY_POOL,
      inject: [IDEMPOTENCY_CONFIG],
      useFactory: async (config: IdempotencyConfig): Promise<Pool> => {
        const logger = new Logger('IdempotencyDatabase');
        await migrate(config.DATABASE_URL, apiMigrations, (message) => logger.log(message));
        return createPool({
          connectionString: config.DATABASE_URL,
          max: config.DATABASE_POOL_MAX,
          applicationName: 'cls-api-idempotency',
          interactive: true,
          onIdleError: (error) => logger.warn({ msg: 'idle database session ended', err: error }),
        });
      },
    },
    {
      provide: IdempotencyStore,
      inject: [IDEMPOTENCY_POOL, IDEMPOTENCY_CONFIG],
      useFactory: (pool: Pool, config: IdempotencyConfig) => new IdempotencyStore(pool, config.IDEMPOTENCY_KEY_TTL_HOURS * 3600),
    },
    {
      provide: COMMAND_SETTINGS,
      inject: [API_CONFIG],
      useFactory: (config: ApiConfig): CommandSettings => ({
        waitSeconds: config.CLS_COMMAND_WAIT_SECONDS,
        retryAfterSeconds: config.CLS_COMMAND_RETRY_AFTER_SECONDS,
      }),
    },
    CommandInterceptor,
  ],
  exports: [CommandInterceptor, IdempotencyStore, COMMAND_SETTINGS],
})
export class IdempotencyModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Idempotency');
  private purging: NodeJS.Timeout | undefined;

  constructor(
    @Inject(IDEMPOTENCY_POOL) private readonly pool: Pool,
    @Inject(IDEMPOTENCY_CONFIG) private readonly config: IdempotencyConfig,
    private readonly keys: IdempotencyStore,
  ) {}

  /** Expired keys are deleted at start and then periodically; unref'd, the timer never keeps the process alive. */
  onApplicationBootstrap(): void {
    const purge = () =>
      void this.keys.purge().then(
        (count) => count > 0 && this.logger.log(`purged ${count} expired Idempotency-Keys`),
        (error: unknown) => this.logger.warn({ err: error }, 'Idempotency-Key purge failed; it runs again at the next interval'),
      );
    purge();
    this.purging = setInterval(purge, this.config.IDEMPOTENCY_PURGE_INTERVAL_MINUTES * 60_000).unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.purging);
    await this.pool.end();
  }
}

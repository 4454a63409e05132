import { createCheckpoint, type Checkpoint } from '@cls/event-store';
import type { Pool } from 'pg';
import type { Logger } from 'pino';

/**
 * Takes a periodic audit checkpoint (see createCheckpoint) every interval while the relay holds its lock, so one
 * process in the deployment does it. A failure is logged and tried again at the next interval: a missed checkpoint
 * delays tamper evidence for the newest events, it loses nothing.
 */
export class AuditCheckpointer {
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly pool: Pool,
    private readonly intervalMs: number,
    private readonly logger: Logger,
    private readonly onCheckpoint: (checkpoint: Checkpoint) => void = () => undefined,
  ) {}

  start(): void {
    this.schedule();
  }

  /** Resolves once a checkpoint being taken has finished; none is started afterwards. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.inFlight;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.inFlight = this.take().finally(() => {
        this.inFlight = undefined;
        this.schedule();
      });
    }, this.intervalMs);
  }

  private async take(): Promise<void> {
    try {
      const checkpoint = await createCheckpoint(this.pool, 'periodic');
      if (!checkpoint) return;
      this.logger.info(
        { checkpointId: checkpoint.checkpointId, events: checkpoint.events, coversPosition: checkpoint.coversPosition },
        'Audit checkpoint taken',
      );
      this.onCheckpoint(checkpoint);
    } catch (error) {
      this.logger.error({ err: error }, 'Audit checkpoint failed; trying again at the next interval');
    }
  }
}

import { eventsAppendedChannel } from '@cls/event-store';
import { Client } from 'pg';
import type { Logger } from 'pino';

/**
 * LISTENs for appends on a dedicated connection (a pooled one would lose the subscription when returned) and
 * calls back on each. A lost connection is re-opened until close(); the callback also fires after reconnecting,
 * for whatever was appended meanwhile.
 */
export class EventsAppendedListener {
  private client: Client | undefined;
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly databaseUrl: string,
    private readonly onAppended: () => void,
    private readonly logger: Logger,
    private readonly reconnectMs = 1000,
  ) {}

  /** The first connection must succeed: otherwise the relay's session fails, and runRelay tries it again later. */
  async start(): Promise<void> {
    await this.connect();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end();
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.databaseUrl, application_name: 'cls-relay-listener', keepAlive: true });
    client.on('notification', () => this.onAppended());
    client.on('error', (error) => this.lose(client, error));
    client.on('end', () => this.lose(client, new Error('The notification connection ended')));
    try {
      await client.connect();
      await client.query(`LISTEN ${client.escapeIdentifier(eventsAppendedChannel)}`);
    } catch (error) {
      await client.end();
      throw error;
    }
    if (this.closed) {
      await client.end();
      return;
    }
    this.client = client;
  }

  private lose(client: Client, error: Error): void {
    if (this.closed || client !== this.client) return;
    this.client = undefined;
    this.logger.warn({ err: error }, 'Lost the notification connection; reconnecting');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    this.reconnectTimer = setTimeout(() => {
      this.connect().then(
        () => {
          if (this.closed) return;
          this.logger.info('Listening for appended events again');
          this.onAppended();
        },
        (error: unknown) => {
          if (this.closed) return;
          this.logger.warn({ err: error }, 'Could not reconnect the notification connection; retrying');
          this.scheduleReconnect();
        },
      );
    }, this.reconnectMs);
  }
}

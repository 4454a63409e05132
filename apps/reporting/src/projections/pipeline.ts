import { Inject, Injectable } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import type { Pool } from 'pg';
import { z } from 'zod';
import type { ReportingConfig } from '../config';
import { Instant } from '../http/query';
import { KAFKA, PG_POOL, REPORTING_CONFIG } from '../tokens';
import type { TopicPartitionOffsets } from './projection-lag';

const Position = z.string().regex(/^\d+$/);

/** How much of the event store the relay has put on the topic: what the projections' lag behind the topic cannot show. */
export const RelayLag = z.object({
  relay: z.string().describe('The relay’s name (RELAY_NAME)'),
  head: Position.nullable().describe('The highest global position in the event store; null while it is empty'),
  published: z
    .object({ transactionId: Position, globalPosition: Position, at: Instant })
    .nullable()
    .describe('The relay’s checkpoint: the last event the broker acknowledged, and when it was saved; null before the first'),
  unpublishedEvents: z.number().int().min(0).describe('Events stored after the checkpoint, in commit order: not on the topic yet'),
  lagSeconds: z.number().min(0).describe('How long the oldest unpublished event has been stored; 0 when none waits'),
  stalled: z.boolean().describe('True when an event has waited longer than RELAY_STALL_SECONDS: the relay is down or stuck'),
});
export type RelayLag = z.infer<typeof RelayLag>;

const undefinedTable = '42P01';

/** Reads the event store's head and the relay's checkpoint, and the topic's high-water marks. */
@Injectable()
export class Pipeline {
  constructor(
    @Inject(REPORTING_CONFIG) private readonly config: ReportingConfig,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(KAFKA) private readonly kafka: Kafka,
  ) {}

  /** `now` is the caller's, as everywhere at the edge. */
  async relayLag(now: Date): Promise<RelayLag> {
    const relay = this.config.RELAY_NAME;
    const published = await this.checkpoint(relay);
    // Counted in commit order, as the relay reads: an event of a later transaction may hold a lower position.
    const { rows } = await this.pool.query<{ head: string | null; unpublished: string; oldest: Date | null }>(
      `SELECT (SELECT max(global_position)::text FROM events) AS head, count(*)::text AS unpublished, min(recorded_at) AS oldest
       FROM events WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)`,
      [published?.transactionId ?? '0', published?.globalPosition ?? '0'],
    );
    const row = rows[0];
    const lagSeconds = row?.oldest ? Math.max(0, (now.getTime() - row.oldest.getTime()) / 1000) : 0;
    return {
      relay,
      head: row?.head ?? null,
      published,
      unpublishedEvents: Number(row?.unpublished ?? 0),
      lagSeconds,
      stalled: lagSeconds > this.config.RELAY_STALL_SECONDS,
    };
  }

  /**
   * The topic's offsets, or a rejection within a few seconds when the broker is unreachable: kafkajs would
   * otherwise retry for the better part of a minute while the caller waits.
   */
  async watermarks(): Promise<TopicPartitionOffsets[]> {
    const admin = this.kafka.admin({ retry: { retries: 1, maxRetryTime: 1_000 } });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error('Kafka did not answer within 5 s')), 5_000);
    });
    try {
      return await Promise.race([
        (async () => {
          await admin.connect();
          return admin.fetchTopicOffsets(this.config.KAFKA_TOPIC_CONTRACT_EVENTS);
        })(),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
      await admin.disconnect().catch(() => undefined);
    }
  }

  /** The relay owns its table: before its first start there is none, and nothing published. */
  private async checkpoint(relay: string): Promise<RelayLag['published']> {
    try {
      const { rows } = await this.pool.query<{ transaction_id: string; global_position: string; updated_at: Date }>(
        `SELECT transaction_id::text, global_position::text, updated_at FROM relay_checkpoints WHERE relay_name = $1`,
        [relay],
      );
      const row = rows[0];
      return row ? { transactionId: row.transaction_id, globalPosition: row.global_position, at: row.updated_at.toISOString() } : null;
    } catch (error) {
      if ((error as { code?: unknown }).code === undefinedTable) return null;
      throw error;
    }
  }
}

import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../tokens';
import type { StoredOffset, StoredPosition } from './projection-lag';
import type { TopicSource } from './projection-transaction';

@Injectable()
export class ProjectionsRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async positions(): Promise<StoredPosition[]> {
    const { rows } = await this.pool.query<{
      projection: string;
      global_position: string;
      event_id: string;
      recorded_at: Date;
      applied_at: Date;
      events_applied: string;
    }>(`SELECT projection, global_position, event_id, recorded_at, applied_at, events_applied FROM reporting.projection_positions`);
    return rows.map((row) => ({
      projection: row.projection,
      globalPosition: row.global_position,
      eventId: row.event_id,
      recordedAt: row.recorded_at.toISOString(),
      appliedAt: row.applied_at.toISOString(),
      eventsApplied: Number(row.events_applied),
    }));
  }

  async offsets(topic: string): Promise<StoredOffset[]> {
    const { rows } = await this.pool.query<{ projection: string; partition: number; offset: string }>(
      `SELECT projection, partition, "offset" FROM reporting.projection_offsets WHERE topic = $1`,
      [topic],
    );
    return rows;
  }

  /** A message no projection could read (dead-lettered) is handled all the same: lag must not count it for ever. */
  skipped(projections: readonly string[], source: TopicSource): Promise<void> {
    return this.handled(projections, source);
  }

  /** Every message up to this offset has been handled by each projection (applied, refused or dead-lettered). */
  async handled(projections: readonly string[], { topic, partition, offset }: TopicSource): Promise<void> {
    await this.pool.query(
      `INSERT INTO reporting.projection_offsets (projection, topic, partition, "offset")
       SELECT unnest($1::text[]), $2, $3, $4
       ON CONFLICT (projection, topic, partition) DO UPDATE SET "offset" = GREATEST(projection_offsets."offset", EXCLUDED."offset")`,
      [projections, topic, partition, offset],
    );
  }
}

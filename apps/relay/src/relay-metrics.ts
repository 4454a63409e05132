import { Counter, Gauge, type Registry } from 'prom-client';
import type { Pool } from 'pg';

export interface PublishedCounter {
  inc(count: number): void;
}

/**
 * The relay's own metrics. Lag is read when scraped, from the database rather than the relay's memory, so a warm
 * standby (which holds no lock and publishes nothing) reports the same lag as the relay that publishes.
 */
export const relayMetrics = (registry: Registry, pool: Pool, relayName: string): PublishedCounter => {
  new Gauge({
    name: 'cls_relay_lag_events',
    help: 'Committed events not yet published past the relay checkpoint (store head minus published checkpoint)',
    labelNames: ['relay'],
    registers: [registry],
    async collect() {
      // Counted past the checkpoint in the relay's own (transaction, position) order: positions are taken at
      // insert, not commit, so a difference of positions would miscount events of transactions still open.
      const { rows } = await pool.query<{ lag: string }>(
        `SELECT count(*)::text AS lag FROM events e
         WHERE (e.transaction_id, e.global_position) > COALESCE(
           (SELECT (c.transaction_id, c.global_position) FROM relay_checkpoints c WHERE c.relay_name = $1),
           ('0'::xid8, 0::bigint))`,
        [relayName],
      );
      this.set({ relay: relayName }, Number(rows[0]?.lag ?? 0));
    },
  });
  const published = new Counter({
    name: 'cls_relay_published_events_total',
    help: 'Events the relay published to Kafka and checkpointed',
    labelNames: ['relay'],
    registers: [registry],
  });
  return { inc: (count) => published.inc({ relay: relayName }, count) };
};

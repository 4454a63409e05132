import { z } from 'zod';
import { Instant } from '../http/query';

/** A projection's position as it recorded it. */
export interface StoredPosition {
  projection: string;
  globalPosition: string;
  eventId: string;
  recordedAt: string;
  appliedAt: string;
  eventsApplied: number;
}

export interface StoredOffset {
  projection: string;
  partition: number;
  /** The offset of the last message handled. */
  offset: string;
}

export interface TopicPartitionOffsets {
  partition: number;
  /** The offset the next message will get. */
  high: string;
  /** The earliest offset still on the topic. */
  low: string;
}

const Count = z.number().int().min(0);

export const PartitionLag = z.object({
  partition: Count,
  lastOffset: z.string().nullable().describe('The offset of the last message the projection handled; null before the first'),
  highWatermark: z.string().describe('The offset the next message will get'),
  lag: Count,
});
export type PartitionLag = z.infer<typeof PartitionLag>;

export const ProjectionLag = z.object({
  projection: z.string(),
  lastApplied: z
    .object({ globalPosition: z.string().regex(/^\d+$/), eventId: z.uuid(), recordedAt: Instant, appliedAt: Instant })
    .nullable()
    .describe('The last event the projection applied; null before the first'),
  eventsApplied: Count,
  partitions: z.array(PartitionLag),
  lagEvents: Count.describe('Messages on the topic the projection has not handled yet'),
  // Caught up, 0: a quiet topic is not a slow projection.
  lagSeconds: z
    .number()
    .min(0)
    .nullable()
    .describe(
      'While events wait, the seconds from the last applied event’s recordedAt to now: how far behind the projection’s newest fact is; 0 when caught up, null when events wait and it has applied none',
    ),
});
export type ProjectionLag = z.infer<typeof ProjectionLag>;

/** What a projection has applied, as its stored position says: known without Kafka. */
export const appliedBy = (position: StoredPosition | undefined) => ({
  lastApplied: position
    ? { globalPosition: position.globalPosition, eventId: position.eventId, recordedAt: position.recordedAt, appliedAt: position.appliedAt }
    : null,
  eventsApplied: position?.eventsApplied ?? 0,
});

/**
 * Each projection's lag: per partition, the messages after the last one it handled up to the high-water mark (all
 * of them still on the topic, for a partition it has handled none of), and how old its newest event is. `now` is
 * the caller's.
 */
export const projectionLag = (
  projections: readonly string[],
  positions: readonly StoredPosition[],
  offsets: readonly StoredOffset[],
  topic: readonly TopicPartitionOffsets[],
  now: Date,
): ProjectionLag[] =>
  projections.map((projection) => {
    const position = positions.find((candidate) => candidate.projection === projection);
    const partitions = [...topic]
      .sort((a, b) => a.partition - b.partition)
      .map(({ partition, high, low }): PartitionLag => {
        const last = offsets.find((candidate) => candidate.projection === projection && candidate.partition === partition);
        const next = last ? BigInt(last.offset) + 1n : BigInt(low);
        const lag = BigInt(high) - next;
        return { partition, lastOffset: last?.offset ?? null, highWatermark: high, lag: Number(lag > 0n ? lag : 0n) };
      });
    const lagEvents = partitions.reduce((sum, partition) => sum + partition.lag, 0);
    return {
      projection,
      ...appliedBy(position),
      partitions,
      lagEvents,
      lagSeconds: lagEvents === 0 ? 0 : position ? Math.max(0, (now.getTime() - Date.parse(position.recordedAt)) / 1000) : null,
    };
  });

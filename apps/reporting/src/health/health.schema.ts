import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { ProblemFields } from '../http/unavailable';
import { RelayLag } from '../projections/pipeline';

const Checks = z.object({
  database: z.enum(['up', 'down']),
  kafka: z.enum(['up', 'down']),
  consumer: z.enum(['running', 'stopped']),
  relay: z.enum(['current', 'stalled', 'unknown']).describe('unknown while the database is down'),
});

const ProjectionPosition = z.object({
  projection: z.string(),
  globalPosition: z.string().regex(/^\d+$/).nullable().describe('The last event the projection applied; null before the first'),
});

/** A ready service: every check passed. One that is not ready answers 503 health.unavailable instead. */
export const HealthReport = z.object({
  status: z.literal('ok'),
  checks: z.object({
    database: z.literal('up'),
    kafka: z.literal('up'),
    consumer: z.literal('running'),
    relay: z.literal('current'),
  }),
  relay: RelayLag,
  projections: z.array(ProjectionPosition),
});
export type HealthReport = z.infer<typeof HealthReport>;
export class HealthReportDto extends createZodDto(HealthReport) {}

/** Not ready: problem+json naming what failed, with whatever the checks that passed still tell. */
export const HealthUnavailable = ProblemFields.extend({
  code: z.literal('health.unavailable'),
  checks: Checks,
  relay: RelayLag.nullable().describe('null while the database is down'),
  projections: z.array(ProjectionPosition).nullable().describe('null while the database is down'),
});
export type HealthUnavailable = z.infer<typeof HealthUnavailable>;
export class HealthUnavailableDto extends createZodDto(HealthUnavailable) {}

import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { Instant } from '../http/query';
import { ProblemFields } from '../http/unavailable';
import { ProjectionLag } from './projection-lag';
import { RelayLag } from './pipeline';

export const ProjectionsReport = z.object({
  topic: z.string(),
  at: Instant.describe('When the lag was measured'),
  relay: RelayLag.describe('How far the topic is behind the event store: lag the projections cannot see'),
  projections: z.array(ProjectionLag),
});
export type ProjectionsReport = z.infer<typeof ProjectionsReport>;
export class ProjectionsReportDto extends createZodDto(ProjectionsReport) {}

/** What a projection recorded itself, known without the broker. */
export const ProjectionPosition = ProjectionLag.pick({ projection: true, lastApplied: true, eventsApplied: true });

/** The broker is unreachable: no lag behind the topic can be measured, but the store's side and the positions can. */
export const ProjectionsUnavailable = ProblemFields.extend({
  code: z.literal('projections.kafka-unreachable'),
  topic: z.string(),
  at: Instant,
  relay: RelayLag,
  projections: z.array(ProjectionPosition),
});
export type ProjectionsUnavailable = z.infer<typeof ProjectionsUnavailable>;
export class ProjectionsUnavailableDto extends createZodDto(ProjectionsUnavailable) {}

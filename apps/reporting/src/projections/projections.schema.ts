import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { Instant } from '../http/query';
import { ProjectionLag } from './projection-lag';

export const ProjectionsReport = z.object({
  topic: z.string(),
  at: Instant.describe('When the lag was measured'),
  projections: z.array(ProjectionLag),
});
export type ProjectionsReport = z.infer<typeof ProjectionsReport>;
export class ProjectionsReportDto extends createZodDto(ProjectionsReport) {}

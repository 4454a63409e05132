import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

/** The only answer of a ready service: one that is not ready answers 503 health.unavailable instead. */
export const HealthReport = z.object({
  status: z.literal('ok'),
  checks: z.object({ database: z.literal('up'), consumer: z.literal('running') }),
});
export type HealthReport = z.infer<typeof HealthReport>;
export class HealthReportDto extends createZodDto(HealthReport) {}

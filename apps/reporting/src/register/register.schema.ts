import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { RegisterStage } from './contract-register.projection';

/** Unknown parameters are ignored, as HTTP caches and clients add their own (cache busters and the like). */
export const RegisterListQuery = z.object({
  stage: RegisterStage.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type RegisterListQuery = z.infer<typeof RegisterListQuery>;
export class RegisterListQueryDto extends createZodDto(RegisterListQuery) {}

export const RegisterEntryParams = z.object({ contractId: z.uuid() });
export class RegisterEntryParamsDto extends createZodDto(RegisterEntryParams) {}

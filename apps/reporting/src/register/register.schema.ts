import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { RegisterEntry, RegisterStage } from './contract-register.projection';

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

export class RegisterEntryDto extends createZodDto(RegisterEntry) {}

/** An offset page: the register is small enough to count, so it says how many entries match in all. */
export const RegisterPage = z.object({
  items: z.array(RegisterEntry),
  total: z.number().int().min(0).describe('The entries that match the query, on every page'),
  limit: z.number().int().min(1).max(100),
  offset: z.number().int().min(0),
});
export type RegisterPage = z.infer<typeof RegisterPage>;
export class RegisterPageDto extends createZodDto(RegisterPage) {}

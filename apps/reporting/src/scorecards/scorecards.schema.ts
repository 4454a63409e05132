import { RiskRating } from '@cls/domain';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { Cursor, Limit, query } from '../http/query';

const Organisation = z.string().trim().min(1).max(200);

export const ScorecardListQuery = query({
  provider: Organisation.optional(),
  riskRating: RiskRating.optional(),
  limit: Limit,
  cursor: Cursor(z.tuple([z.string()])).optional(),
});
export type ScorecardListQuery = z.infer<typeof ScorecardListQuery>;
export class ScorecardListQueryDto extends createZodDto(ScorecardListQuery) {}

export const ProviderParams = z.object({ provider: Organisation });
export class ProviderParamsDto extends createZodDto(ProviderParams) {}

export const ContractParams = z.object({ contractId: z.uuid() });
export class ContractParamsDto extends createZodDto(ContractParams) {}

import { ComplaintSeverity, ConcernStatus, ContractSupplier, KpiRating, RiskRating } from '@cls/domain';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { Cursor, Instant, keysetPage, Limit, query } from '../http/query';
import { ConcernEntry, KpiRatingEntry, PlanEntry, RiskRatingEntry } from './provider-scorecard.projection';

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

export const ContractScorecard = z.object({
  contractId: z.uuid(),
  title: z.string(),
  organisation: z.string(),
  provider: ContractSupplier,
  riskRating: RiskRating,
  kpiRatings: z.array(KpiRatingEntry),
  riskHistory: z.array(RiskRatingEntry),
  concerns: z.array(ConcernEntry),
  plans: z.array(PlanEntry),
  lastEventAt: Instant,
});
export type ContractScorecard = z.infer<typeof ContractScorecard>;
export class ContractScorecardDto extends createZodDto(ContractScorecard) {}

const Count = z.number().int().min(0);

/**
 * A count for every value of the enum, as an object with a property per value: OpenAPI 3.0 has no `propertyNames`,
 * so a record keyed by the enum would document no keys at all.
 */
const countsBy = <Key extends string>(values: z.ZodEnum<{ [K in Key]: K }>) =>
  z.object(Object.fromEntries(values.options.map((value) => [value, Count])) as Record<Key, typeof Count>);

export const ProviderScorecard = z.object({
  provider: ContractSupplier,
  contracts: Count,
  riskRatings: countsBy(RiskRating).describe('How many of its contracts stand at each rating now'),
  kpiRatings: z
    .array(KpiRatingEntry.extend({ contractId: z.uuid() }))
    .describe('Every KPI rating across its contracts, oldest period first: the provider’s performance over time'),
  kpiRatingCounts: countsBy(KpiRating),
  concerns: z.object({ bySeverity: countsBy(ComplaintSeverity), byStatus: countsBy(ConcernStatus) }),
  plans: z.object({ open: Count, successful: Count, failed: Count }),
  contractScorecards: z.array(ContractScorecard),
});
export type ProviderScorecard = z.infer<typeof ProviderScorecard>;
export class ProviderScorecardDto extends createZodDto(ProviderScorecard) {}

export const ScorecardPage = keysetPage(ContractScorecard);
export type ScorecardPage = z.infer<typeof ScorecardPage>;
export class ScorecardPageDto extends createZodDto(ScorecardPage) {}

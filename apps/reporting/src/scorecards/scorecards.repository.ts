import type { ComplaintSeverity, ConcernStatus, KpiRating, RiskRating } from '@cls/domain';
import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Tenancy } from '../auth/reporting-permissions';
import { cursorOf } from '../http/query';
import { PG_POOL } from '../tokens';
import type { ScorecardRow } from './provider-scorecard.projection';
import type { ContractScorecard, ProviderScorecard, ScorecardListQuery, ScorecardPage } from './scorecards.schema';

type StoredRow = Omit<ScorecardRow, 'last_event_at'> & { last_event_at: Date };

const toScorecard = (row: StoredRow): ContractScorecard => ({
  contractId: row.contract_id,
  title: row.title,
  organisation: row.organisation,
  provider: { organisation: row.provider_organisation ?? '', name: row.provider_name ?? '' },
  riskRating: row.risk_rating,
  kpiRatings: row.kpi_ratings,
  riskHistory: row.risk_history,
  concerns: row.concerns,
  plans: row.plans,
  lastEventAt: row.last_event_at.toISOString(),
});

const zeroes = <K extends string>(keys: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;

/** A provider's card, gathered from the cards of the contracts it supplies. */
export const providerScorecardOf = (cards: readonly ContractScorecard[]): ProviderScorecard | undefined => {
  const first = cards[0];
  if (!first) return undefined;
  const riskRatings = zeroes<RiskRating>(['green', 'amber', 'red']);
  const kpiRatingCounts = zeroes<KpiRating>(['good', 'approaching-target', 'requires-improvement', 'inadequate']);
  const bySeverity = zeroes<ComplaintSeverity>(['low', 'medium', 'high', 'serious']);
  const byStatus = zeroes<ConcernStatus>(['open', 'investigating', 'resolved']);
  const plans = { open: 0, successful: 0, failed: 0 };
  for (const card of cards) {
    riskRatings[card.riskRating] += 1;
    for (const rating of card.kpiRatings) kpiRatingCounts[rating.rating] += 1;
    for (const concern of card.concerns) {
      bySeverity[concern.severity] += 1;
      byStatus[concern.status] += 1;
    }
    for (const plan of card.plans) plans[plan.outcome ?? 'open'] += 1;
  }
  const kpiRatings = cards
    .flatMap((card) => card.kpiRatings.map((rating) => ({ ...rating, contractId: card.contractId })))
    .sort((a, b) => a.periodEnd.localeCompare(b.periodEnd) || a.contractId.localeCompare(b.contractId) || a.kpi.localeCompare(b.kpi));
  return {
    provider: first.provider,
    contracts: cards.length,
    riskRatings,
    kpiRatings,
    kpiRatingCounts,
    concerns: { bySeverity, byStatus },
    plans,
    contractScorecards: [...cards],
  };
};

@Injectable()
export class ScorecardsRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** Contract by contract, in id order, within the reader's tenancy. */
  async list(tenancy: Tenancy, { provider, riskRating, limit, cursor }: ScorecardListQuery): Promise<ScorecardPage> {
    const { rows } = await this.pool.query<StoredRow>(
      `SELECT * FROM reporting.provider_scorecards
       WHERE ${tenancy.column} = $1
         AND ($2::text IS NULL OR provider_organisation = $2)
         AND ($3::text IS NULL OR risk_rating = $3)
         AND ($4::text IS NULL OR contract_id > $4)
       ORDER BY contract_id LIMIT $5`,
      [tenancy.organisation, provider ?? null, riskRating ?? null, cursor?.[0] ?? null, limit + 1],
    );
    const items = rows.slice(0, limit).map(toScorecard);
    const last = items.at(-1);
    return { items, limit, ...(rows.length > limit && last ? { nextCursor: cursorOf([last.contractId]) } : {}) };
  }

  async contract(tenancy: Tenancy, contractId: string): Promise<ContractScorecard | undefined> {
    const { rows } = await this.pool.query<StoredRow>(
      `SELECT * FROM reporting.provider_scorecards WHERE ${tenancy.column} = $1 AND contract_id = $2`,
      [tenancy.organisation, contractId],
    );
    return rows[0] && toScorecard(rows[0]);
  }

  /** The provider's card from the contracts the reader may see; undefined when there are none. */
  async provider(tenancy: Tenancy, provider: string): Promise<ProviderScorecard | undefined> {
    const { rows } = await this.pool.query<StoredRow>(
      `SELECT * FROM reporting.provider_scorecards WHERE ${tenancy.column} = $1 AND provider_organisation = $2 ORDER BY contract_id`,
      [tenancy.organisation, provider],
    );
    return providerScorecardOf(rows.map(toScorecard));
  }
}

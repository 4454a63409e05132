import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Tenancy } from '../auth/reporting-permissions';
import { cursorOf } from '../http/query';
import { PG_POOL } from '../tokens';
import type { PlanTrackerRow } from './plan-tracker.projection';
import type { PlanListQuery, PlanPage, TrackedPlanView } from './plan-tracker.schema';

/** A row as the projection writes it. */
type Row = PlanTrackerRow;

const selected = `plan_id, contract_id, organisation, provider_organisation, status, outcome, approach, trigger, problem,
  to_char(opened_on, 'YYYY-MM-DD') AS opened_on, to_char(closed_on, 'YYYY-MM-DD') AS closed_on, actions, missed_milestones,
  escalations, to_char(last_reviewed_on, 'YYYY-MM-DD') AS last_reviewed_on`;

const toView = (row: Row): TrackedPlanView => ({
  planId: row.plan_id,
  contractId: row.contract_id,
  organisation: row.organisation,
  providerOrganisation: row.provider_organisation,
  status: row.status,
  outcome: row.outcome,
  approach: row.approach,
  trigger: row.trigger,
  problem: row.problem,
  openedOn: row.opened_on,
  closedOn: row.closed_on,
  actions: row.actions,
  missedMilestones: row.missed_milestones,
  escalations: row.escalations,
  lastReviewedOn: row.last_reviewed_on,
});

@Injectable()
export class PlanTrackerRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** Newest plan first, within the reader's tenancy. */
  async list(tenancy: Tenancy, { status, slipping, contractId, limit, cursor }: PlanListQuery): Promise<PlanPage> {
    const { rows } = await this.pool.query<Row>(
      `SELECT ${selected} FROM reporting.plan_tracker
       WHERE ${tenancy.column} = $1
         AND ($2::text IS NULL OR status = $2)
         AND ($3::boolean IS NULL OR (missed_milestones > 0) = $3)
         AND ($4::text IS NULL OR contract_id = $4)
         AND ($5::date IS NULL OR (opened_on, plan_id) < ($5::date, $6::text))
       ORDER BY opened_on DESC, plan_id DESC LIMIT $7`,
      [tenancy.organisation, status ?? null, slipping ?? null, contractId ?? null, cursor?.[0] ?? null, cursor?.[1] ?? null, limit + 1],
    );
    const items = rows.slice(0, limit).map(toView);
    const last = items.at(-1);
    return { items, limit, ...(rows.length > limit && last ? { nextCursor: cursorOf([last.openedOn, last.planId]) } : {}) };
  }

  async find(tenancy: Tenancy, planId: string): Promise<TrackedPlanView | undefined> {
    const { rows } = await this.pool.query<Row>(
      `SELECT ${selected} FROM reporting.plan_tracker WHERE ${tenancy.column} = $1 AND plan_id = $2`,
      [tenancy.organisation, planId],
    );
    return rows[0] && toView(rows[0]);
  }
}

import type { StoredEvent } from '@cls/domain';
import { streamKindOf } from '../projections/event-data';
import { writeChangedRows, type ModelStorage } from '../projections/process-projector';
import { planTrackerProjection, type PlanTrackerModel, type PlanTrackerRow, type TrackedPlan } from './plan-tracker.projection';

type StoredPlan = Omit<PlanTrackerRow, 'missed_milestones'>;

const toPlan = (row: StoredPlan): TrackedPlan => ({
  planId: row.plan_id,
  providerOrganisation: row.provider_organisation,
  status: row.status,
  outcome: row.outcome,
  approach: row.approach,
  trigger: row.trigger,
  problem: row.problem,
  openedOn: row.opened_on,
  closedOn: row.closed_on,
  actions: row.actions,
  escalations: row.escalations,
  lastReviewedOn: row.last_reviewed_on,
});

/** The plans (lower case, as the tracker matches them) whose streams the events are on. */
const plansOf = (contractId: string, events: readonly StoredEvent[]): string[] => [
  ...new Set(
    events.filter((event) => streamKindOf(contractId, event.streamId) === 'plan').map((event) => event.streamId.slice('plan-'.length).toLowerCase()),
  ),
];

/**
 * A plan's events touch only that plan, and each plan is a row: the document keeps no plans, and a batch reads
 * back the rows of the plans its events are on. A plan's cost grows with its own actions, not the contract's age.
 */
export const planTrackerStorage: ModelStorage<PlanTrackerModel> = {
  tables: ['reporting.plan_tracker'],
  compact: () => ({ plans: [] }),
  load: async (client, document, events) => {
    const planIds = plansOf(document.process.contractId, events);
    if (planIds.length === 0) return { plans: [] };
    const { rows } = await client.query<StoredPlan>(
      `SELECT plan_id, provider_organisation, status, outcome, approach, trigger, problem,
         to_char(opened_on, 'YYYY-MM-DD') AS opened_on, to_char(closed_on, 'YYYY-MM-DD') AS closed_on, actions, escalations,
         to_char(last_reviewed_on, 'YYYY-MM-DD') AS last_reviewed_on
       FROM reporting.plan_tracker WHERE contract_id = $1 AND lower(plan_id) = ANY($2) ORDER BY plan_id`,
      [document.process.contractId, planIds],
    );
    return { plans: rows.map(toPlan) };
  },
  // A plan's rows show the provider its opening named, not the process's.
  write: writeChangedRows(planTrackerProjection, { key: 'plan_id', conflict: 'plan_id', showsProvider: false }),
};

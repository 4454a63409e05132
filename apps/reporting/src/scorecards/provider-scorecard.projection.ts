import {
  ComplaintSeverity,
  ConcernFinding,
  ConcernHandling,
  ConcernStatus,
  KpiRating,
  MonitoringIntensityLevel,
  PlanApproach,
  PlanOutcome,
  PlanTrigger,
  RiskRating,
} from '@cls/domain';
import { z } from 'zod';
import { IsoDay } from '../http/query';
import type { ProcessEvent } from '../projections/event-data';
import type { EventFacts, ProcessDocument, ProcessProjection } from '../projections/process-projection';

// Each entry is stored as the card's JSON and answered as it is stored: one schema says both.

export const KpiRatingEntry = z.object({
  assessmentId: z.string(),
  periodId: z.string(),
  periodEnd: IsoDay,
  kpi: z.string(),
  value: z.number(),
  rating: KpiRating,
  assessedOn: IsoDay,
  standsOn: IsoDay,
  commented: z.boolean().describe('Whether the provider commented on the assessment’s accuracy in its window'),
});
export type KpiRatingEntry = z.infer<typeof KpiRatingEntry>;

export const RiskRatingEntry = z.object({
  changeId: z.string(),
  from: RiskRating,
  to: RiskRating,
  asOf: IsoDay,
  reasons: z.array(z.object({ rule: z.string(), rating: z.enum(['amber', 'red']), description: z.string() })),
  intensity: MonitoringIntensityLevel.describe('The monitoring intensity the new rating calls for'),
});
export type RiskRatingEntry = z.infer<typeof RiskRatingEntry>;

export const ConcernEntry = z.object({
  concernId: z.string(),
  receivedOn: IsoDay,
  category: z.string(),
  severity: ComplaintSeverity,
  handling: ConcernHandling,
  status: ConcernStatus,
  finding: ConcernFinding.nullable(),
  updatedOn: IsoDay.nullable(),
});
export type ConcernEntry = z.infer<typeof ConcernEntry>;

export const PlanEntry = z.object({
  planId: z.string(),
  // Derived from the domain's triggers, so that a trigger it adds is one the card can show.
  trigger: z.enum(PlanTrigger.options.map((option) => option.shape.kind.value)),
  approach: PlanApproach,
  openedOn: IsoDay,
  outcome: PlanOutcome.nullable().describe('Null while the plan is open'),
  closedOn: IsoDay.nullable(),
});
export type PlanEntry = z.infer<typeof PlanEntry>;

export interface ScorecardModel {
  /** Green until the first RiskRatingChanged: a contract starts at standard monitoring. */
  riskRating: RiskRating;
  kpiRatings: KpiRatingEntry[];
  riskHistory: RiskRatingEntry[];
  concerns: ConcernEntry[];
  plans: PlanEntry[];
  lastEventAt: string;
}

export interface ScorecardRow {
  contract_id: string;
  organisation: string;
  title: string;
  provider_organisation: string | null;
  provider_name: string | null;
  risk_rating: RiskRating;
  kpi_ratings: KpiRatingEntry[];
  risk_history: RiskRatingEntry[];
  concerns: ConcernEntry[];
  plans: PlanEntry[];
  last_event_at: string;
}

const withEntry = <T>(entries: readonly T[], matches: (entry: T) => boolean, update: (entry: T) => T): T[] =>
  entries.map((entry) => (matches(entry) ? update(entry) : entry));

const evolve = (model: ScorecardModel, event: ProcessEvent, { event: stored }: EventFacts): ScorecardModel | { rejected: string } => {
  // Any event of the process is activity on its card, as the register shows the latest activity.
  const touched = { ...model, lastEventAt: stored.metadata.occurredAt };
  if (event.stream !== 'contract') return touched;
  switch (event.type) {
    case 'KpiAssessed': {
      const { assessmentId, periodId, periodEnd, kpi, value, rating, assessedOn, standsOn } = event.data;
      const entry: KpiRatingEntry = { assessmentId, periodId, periodEnd, kpi, value, rating, assessedOn, standsOn, commented: false };
      return { ...touched, kpiRatings: [...model.kpiRatings, entry] };
    }
    case 'AssessmentCommented': {
      const { assessmentId } = event.data;
      if (!model.kpiRatings.some((entry) => entry.assessmentId === assessmentId)) {
        return { rejected: `AssessmentCommented on ${assessmentId}, which the scorecard has not seen assessed` };
      }
      return { ...touched, kpiRatings: withEntry(model.kpiRatings, (e) => e.assessmentId === assessmentId, (e) => ({ ...e, commented: true })) };
    }
    case 'RiskRatingChanged': {
      const { changeId, from, to, asOf, reasons, intensity } = event.data;
      const entry: RiskRatingEntry = {
        changeId,
        from,
        to,
        asOf,
        reasons: reasons.map(({ rule, rating, description }) => ({ rule, rating, description })),
        intensity: intensity.level,
      };
      return { ...touched, riskRating: to, riskHistory: [...model.riskHistory, entry] };
    }
    case 'ConcernLogged': {
      const { concernId, receivedOn, category, severity, handling } = event.data;
      const entry: ConcernEntry = { concernId, receivedOn, category, severity, handling, status: 'open', finding: null, updatedOn: null };
      return { ...touched, concerns: [...model.concerns, entry] };
    }
    case 'ConcernUpdated': {
      const { concernId, status, finding, updatedOn } = event.data;
      if (!model.concerns.some((entry) => entry.concernId === concernId)) {
        return { rejected: `ConcernUpdated for ${concernId}, which the scorecard has not seen logged` };
      }
      const update = (entry: ConcernEntry): ConcernEntry => ({ ...entry, status, finding: finding ?? entry.finding, updatedOn });
      return { ...touched, concerns: withEntry(model.concerns, (e) => e.concernId === concernId, update) };
    }
    case 'CorrectivePlanOpened': {
      const { planId, trigger, approach, openedOn } = event.data;
      const entry: PlanEntry = { planId, trigger: trigger.kind, approach, openedOn, outcome: null, closedOn: null };
      return { ...touched, plans: [...model.plans, entry] };
    }
    case 'CorrectivePlanEnded': {
      const { planId, outcome, closedOn } = event.data;
      if (!model.plans.some((entry) => entry.planId === planId)) {
        return { rejected: `CorrectivePlanEnded for ${planId}, which the scorecard has not seen opened` };
      }
      return { ...touched, plans: withEntry(model.plans, (e) => e.planId === planId, (e) => ({ ...e, outcome, closedOn })) };
    }
    default:
      return touched;
  }
};

export const providerScorecardProjection: ProcessProjection<ScorecardModel, ScorecardRow> = {
  name: 'provider-scorecards',
  table: 'provider_scorecards',
  initial: () => ({ riskRating: 'green', kpiRatings: [], riskHistory: [], concerns: [], plans: [], lastEventAt: '' }),
  evolve,
  rowsOf: ({ process, model }: ProcessDocument<ScorecardModel>): ScorecardRow[] =>
    // A contract without a provider has no scorecard yet: there is no one to score.
    process.provider === null
      ? []
      : [
          {
            contract_id: process.contractId,
            organisation: process.organisation,
            title: process.title,
            provider_organisation: process.provider.organisation,
            provider_name: process.provider.name,
            risk_rating: model.riskRating,
            kpi_ratings: model.kpiRatings,
            risk_history: model.riskHistory,
            concerns: model.concerns,
            plans: model.plans,
            last_event_at: model.lastEventAt,
          },
        ],
};

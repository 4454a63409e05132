import { z } from 'zod';
import type { MeasurementFrequency } from '../contract/vocabulary';
import { parseOrRefuse } from '../policy/parse';
import {
  ComplaintSeverity,
  InspectionOutcome,
  KpiRating,
  RiskRating,
  type MonitoringIntensityLevel,
  type MonitoringPolicy,
  type RatingThresholds,
} from '../policy/monitoring-policy.schema';
import { addCalendarDays, calendarDaysBetween, IsoDate } from '../policy/working-days';
import { isBefore, subtractCalendarDays } from './calendar';

// ---- Evidence ----------------------------------------------------------------------------------------------------

const Id = z.string().trim().min(1).max(200);

/**
 * What a rating is computed from: only what has been recorded. Each item carries the id it was recorded under (an
 * event, a return, a log entry, an inspection report), so every reason can name its evidence.
 */
export const RiskEvidence = z.object({
  kpiRatings: z.array(z.object({ id: Id, kpi: z.string().trim().min(1).max(300), periodEnd: IsoDate, rating: KpiRating })).default([]),
  returns: z.array(z.object({ id: Id, dueDate: IsoDate, submittedOn: IsoDate.optional() })).default([]),
  complaints: z
    .array(
      z.object({
        id: Id,
        receivedOn: IsoDate,
        severity: ComplaintSeverity,
        /** Until investigated it counts; once found not upheld it no longer does. */
        finding: z.enum(['upheld', 'partially-upheld', 'not-upheld']).optional(),
      }),
    )
    .default([]),
  inspections: z
    .array(z.object({ id: Id, inspectorate: z.string().trim().min(1).max(200), publishedOn: IsoDate, outcome: InspectionOutcome }))
    .default([]),
});
export type RiskEvidence = z.infer<typeof RiskEvidence>;
export type RiskEvidenceInput = z.input<typeof RiskEvidence>;

export type RiskEvidenceKind = 'kpi-rating' | 'overdue-return' | 'complaint' | 'inspection';

export interface RiskReason {
  /** The rule that fired, e.g. `risk.kpi-ratings.inadequate`, `risk.overdue-returns`, `risk.complaints.serious`. */
  rule: string;
  rating: Exclude<RiskRating, 'green'>;
  /** How much evidence the rule found, and the policy's count that made it fire. */
  count: number;
  threshold: number;
  evidence: { kind: RiskEvidenceKind; id: string }[];
  description: string;
}

export interface RiskAssessment {
  asOf: IsoDate;
  /** The worst rating any rule gives; green when none fires. */
  rating: RiskRating;
  /** Every rule that fired, worst first; empty for green. */
  reasons: RiskReason[];
}

const severity = (rating: RiskRating): number => RiskRating.options.indexOf(rating);

const fire = (
  rule: string,
  thresholds: RatingThresholds,
  evidence: RiskReason['evidence'],
  describe: (count: number) => string,
): RiskReason | undefined => {
  const count = evidence.length;
  const reached = (threshold: number | undefined): threshold is number => threshold !== undefined && count >= threshold;
  if (reached(thresholds.red)) return { rule, rating: 'red', count, threshold: thresholds.red, evidence, description: describe(count) };
  if (reached(thresholds.amber)) return { rule, rating: 'amber', count, threshold: thresholds.amber, evidence, description: describe(count) };
  return undefined;
};

const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;

const recentKpiRatings = (evidence: RiskEvidence, asOf: string, policy: MonitoringPolicy): RiskEvidence['kpiRatings'] => {
  const byKpi = new Map<string, RiskEvidence['kpiRatings']>();
  for (const rated of evidence.kpiRatings.filter((item) => !isBefore(asOf, item.periodEnd))) {
    byKpi.set(rated.kpi, [...(byKpi.get(rated.kpi) ?? []), rated]);
  }
  return [...byKpi.values()].flatMap((rated) =>
    [...rated].sort((a, b) => calendarDaysBetween(b.periodEnd, a.periodEnd)).slice(-policy.risk.kpiRecentPeriods),
  );
};

const latestInspections = (evidence: RiskEvidence, asOf: string): RiskEvidence['inspections'] => {
  const byInspectorate = new Map<string, RiskEvidence['inspections'][number]>();
  for (const inspection of evidence.inspections.filter((item) => !isBefore(asOf, item.publishedOn))) {
    const current = byInspectorate.get(inspection.inspectorate);
    if (!current || !isBefore(inspection.publishedOn, current.publishedOn)) byInspectorate.set(inspection.inspectorate, inspection);
  }
  return [...byInspectorate.values()];
};

/**
 * Rates a contract green, amber or red from its recorded evidence as it stood on `asOf`, under the policy's
 * rules, and says why. Pure and deterministic: the same evidence and policy always give the same rating and
 * reasons. What counts:
 * - KPI ratings: per KPI its latest `kpiRecentPeriods` rated periods ending by `asOf`, counted by rating;
 * - returns: those past their due date and not submitted by `asOf`;
 * - complaints: received within `windowDays` up to `asOf`, unless found not upheld, counted by severity;
 * - inspections: the latest judgement of each inspectorate published by `asOf`.
 * Refusal: `risk.invalid-evidence` (invalid) for malformed evidence.
 */
export const rateRisk = (input: RiskEvidenceInput, asOf: string, policy: MonitoringPolicy): RiskAssessment => {
  const evidence = parseOrRefuse(RiskEvidence, input, 'risk.invalid-evidence');
  const day = addCalendarDays(asOf, 0);
  const rules = policy.risk;
  const reasons: (RiskReason | undefined)[] = [];

  const kpis = recentKpiRatings(evidence, day, policy);
  for (const rating of ['inadequate', 'requires-improvement', 'approaching-target'] as const) {
    reasons.push(
      fire(
        `risk.kpi-ratings.${rating}`,
        rules.kpiRatings[rating],
        kpis.filter((item) => item.rating === rating).map((item) => ({ kind: 'kpi-rating' as const, id: item.id })),
        (count) => `${plural(count, 'recent KPI rating', 'recent KPI ratings')} ${rating}`,
      ),
    );
  }

  const overdue = evidence.returns.filter(
    (item) => isBefore(item.dueDate, day) && (item.submittedOn === undefined || isBefore(day, item.submittedOn)),
  );
  reasons.push(
    fire(
      'risk.overdue-returns',
      rules.overdueReturns,
      overdue.map((item) => ({ kind: 'overdue-return' as const, id: item.id })),
      (count) => `${plural(count, 'return', 'returns')} overdue`,
    ),
  );

  const windowStart = subtractCalendarDays(day, rules.windowDays - 1);
  const complaints = evidence.complaints.filter(
    (item) => item.finding !== 'not-upheld' && !isBefore(item.receivedOn, windowStart) && !isBefore(day, item.receivedOn),
  );
  for (const level of [...ComplaintSeverity.options].reverse()) {
    reasons.push(
      fire(
        `risk.complaints.${level}`,
        rules.complaints[level],
        complaints.filter((item) => item.severity === level).map((item) => ({ kind: 'complaint' as const, id: item.id })),
        (count) => `${plural(count, `${level} complaint`, `${level} complaints`)} in the last ${rules.windowDays} days`,
      ),
    );
  }

  const inspections = latestInspections(evidence, day);
  for (const outcome of [...InspectionOutcome.options].reverse()) {
    reasons.push(
      fire(
        `risk.inspections.${outcome}`,
        rules.inspections[outcome],
        inspections.filter((item) => item.outcome === outcome).map((item) => ({ kind: 'inspection' as const, id: item.id })),
        (count) => `${plural(count, 'inspection', 'inspections')} judged ${outcome}`,
      ),
    );
  }

  const fired = reasons
    .filter((reason): reason is RiskReason => reason !== undefined)
    // A stable sort: red before amber, and otherwise the order the rules are listed in.
    .sort((a, b) => severity(b.rating) - severity(a.rating));
  const rating = fired.reduce<RiskRating>((worst, reason) => (severity(reason.rating) > severity(worst) ? reason.rating : worst), 'green');
  return { asOf: day, rating, reasons: fired };
};

export interface RiskRatingChange {
  from?: RiskRating;
  to: RiskRating;
  asOf: IsoDate;
  reasons: RiskReason[];
}

/**
 * The change a new assessment makes to the current rating, to record as an event listing its reasons; undefined
 * when the rating stays the same. A first rating (no `current`) is a change.
 */
export const riskRatingChange = (current: RiskRating | undefined, assessment: RiskAssessment): RiskRatingChange | undefined =>
  current === assessment.rating
    ? undefined
    : { ...(current === undefined ? {} : { from: current }), to: assessment.rating, asOf: assessment.asOf, reasons: assessment.reasons };

// ---- Monitoring intensity ----------------------------------------------------------------------------------------

/** Most frequent first. */
const frequencyOrder: readonly MeasurementFrequency[] = ['weekly', 'monthly', 'quarterly', 'biannual', 'annual'];

export interface MonitoringIntensity {
  rating: RiskRating;
  level: MonitoringIntensityLevel;
  /** How often returns are due at this rating: the contract's schedule, or the rating's minimum when more frequent. */
  returnsFrequency: MeasurementFrequency;
  /** True when the rating asks for more frequent returns than the contract's schedule. */
  returnsIncreased: boolean;
  intervention: boolean;
}

/** What a rating means for monitoring a contract whose returns are contracted at `contracted` frequency. */
export const monitoringIntensity = (
  rating: RiskRating,
  contracted: MeasurementFrequency,
  policy: MonitoringPolicy,
): MonitoringIntensity => {
  const { level, returnsAtLeast, intervention } = policy.intensity[rating];
  const required = returnsAtLeast !== null && frequencyOrder.indexOf(returnsAtLeast) < frequencyOrder.indexOf(contracted) ? returnsAtLeast : null;
  return { rating, level, returnsFrequency: required ?? contracted, returnsIncreased: required !== null, intervention };
};

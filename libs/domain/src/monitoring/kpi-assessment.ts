import { z } from 'zod';
import { parseOrRefuse } from '../policy/parse';
import { KpiRating, type AnnualKpiRatingRule, type MonitoringPolicy } from '../policy/monitoring-policy.schema';
import { addCalendarDays, calendarDaysBetween, IsoDate } from '../policy/working-days';
import { conflict, invalid } from '../shared/errors';
import { addMonths, isBefore } from './calendar';

// ---- Bands -------------------------------------------------------------------------------------------------------

const bandOrder = [
  ['good', 'approachingTarget'],
  ['approachingTarget', 'requiresImprovement'],
] as const;

/**
 * A KPI's rating bands, stated in advance. At or better than `good`: good; at or better than `approachingTarget`:
 * approaching target; at or better than `requiresImprovement`: requires improvement; worse: inadequate. "Better"
 * follows `direction`, and each threshold must be strictly better than the next.
 */
export const KpiRatingBands = z
  .object({
    direction: z.enum(['higher-is-better', 'lower-is-better']),
    good: z.number(),
    approachingTarget: z.number(),
    requiresImprovement: z.number(),
  })
  .superRefine((bands, ctx) => {
    for (const [better, worse] of bandOrder) {
      const ordered = bands.direction === 'higher-is-better' ? bands[better] > bands[worse] : bands[better] < bands[worse];
      if (!ordered) {
        ctx.addIssue({
          code: 'custom',
          message:
            `monitoring.kpi-bands-out-of-order: ${better} (${bands[better]}) must be better than ` +
            `${worse} (${bands[worse]}) when ${bands.direction}`,
          path: [worse],
          params: { code: 'monitoring.kpi-bands-out-of-order' },
        });
        return;
      }
    }
  });
export type KpiRatingBands = z.infer<typeof KpiRatingBands>;

/** The KPIs of a contract by name, each with its bands. */
export const KpiBandsByName = z.record(z.string().trim().min(1).max(300), KpiRatingBands);
export type KpiBandsByName = z.infer<typeof KpiBandsByName>;

/**
 * A KPI is rated against bands, and the specification is the one place every KPI's are known in advance: from its
 * RAG thresholds (the contract's own bands, stated at issue, may refine them). A KPI without them would be observed
 * but never rated, so it is refused (rule `specification.kpi-not-rateable`) at specification: the positions, in
 * the order given, of the KPIs that have none.
 */
export const unrateableKpis = (kpis: readonly { rag?: unknown }[]): number[] =>
  kpis.flatMap((kpi, index) => (kpi.rag === undefined ? [index] : []));

export const kpiNotRateable = {
  code: 'specification.kpi-not-rateable',
  message: (name: string): string => `The KPI ${JSON.stringify(name)} has no RAG thresholds (green and amber) to rate its returns by`,
} as const;

/** Parses a contract's bands, refusing out-of-order ones with `monitoring.kpi-bands-out-of-order` and the KPI's path. */
export const parseKpiBands = (input: unknown): KpiBandsByName => parseOrRefuse(KpiBandsByName, input, 'monitoring.invalid-kpi-bands');

const atLeastAsGood = (value: number, threshold: number, direction: KpiRatingBands['direction']): boolean =>
  direction === 'higher-is-better' ? value >= threshold : value <= threshold;

/** The rating of a value against bands (already parsed, so in order). */
export const rateValue = (value: number, bands: KpiRatingBands): KpiRating => {
  if (atLeastAsGood(value, bands.good, bands.direction)) return 'good';
  if (atLeastAsGood(value, bands.approachingTarget, bands.direction)) return 'approaching-target';
  if (atLeastAsGood(value, bands.requiresImprovement, bands.direction)) return 'requires-improvement';
  return 'inadequate';
};

/** Higher is worse: `good` is 0, `inadequate` 3. */
export const kpiRatingSeverity = (rating: KpiRating): number => KpiRating.options.indexOf(rating);

/** The worse of two ratings. */
export const worseKpiRating = (a: KpiRating, b: KpiRating): KpiRating => (kpiRatingSeverity(b) > kpiRatingSeverity(a) ? b : a);

// ---- Observations ------------------------------------------------------------------------------------------------

/** One KPI figure a provider reports in a return, with references to the evidence behind it. */
export const KpiObservation = z.object({
  kpi: z.string().trim().min(1).max(300),
  value: z.number(),
  evidence: z.array(z.string().trim().min(1).max(500)).max(50).default([]),
});
export type KpiObservation = z.infer<typeof KpiObservation>;

export interface KpiAssessment {
  kpi: string;
  value: number;
  rating: KpiRating;
  /** The bands the value was rated against, as they stood: the assessment can be explained later. */
  bands: KpiRatingBands;
}

const bandsFor = (kpi: string, bands: KpiBandsByName, field: string): KpiRatingBands => {
  const found = Object.hasOwn(bands, kpi) ? bands[kpi] : undefined;
  if (!found) throw invalid('monitoring.unknown-kpi', `The contract has no KPI ${JSON.stringify(kpi)}`, field);
  return found;
};

/** Rates one observation against its KPI's bands. Refusal: `monitoring.unknown-kpi` (invalid, field `kpi`). */
export const assessObservation = (observation: Pick<KpiObservation, 'kpi' | 'value'>, bands: KpiBandsByName): KpiAssessment => {
  const kpiBands = bandsFor(observation.kpi, bands, 'kpi');
  return { kpi: observation.kpi, value: observation.value, rating: rateValue(observation.value, kpiBands), bands: kpiBands };
};

/**
 * Rates every observation of a return. Refusals (invalid, field `observations.<i>.kpi`): `monitoring.unknown-kpi`
 * for a KPI the contract does not have; `monitoring.duplicate-observation` for a KPI reported twice.
 */
export const assessReturn = (observations: readonly Pick<KpiObservation, 'kpi' | 'value'>[], bands: KpiBandsByName): KpiAssessment[] => {
  const seen = new Set<string>();
  return observations.map((observation, index) => {
    const field = `observations.${index}.kpi`;
    const kpiBands = bandsFor(observation.kpi, bands, field);
    if (seen.has(observation.kpi)) {
      throw invalid('monitoring.duplicate-observation', `The KPI ${observation.kpi} is reported more than once`, field);
    }
    seen.add(observation.kpi);
    return { kpi: observation.kpi, value: observation.value, rating: rateValue(observation.value, kpiBands), bands: kpiBands };
  });
};

// ---- The provider's comment window -------------------------------------------------------------------------------

export interface CommentWindow {
  assessedOn: IsoDate;
  /** The last day the provider may comment on the accuracy of the assessment. */
  closesOn: IsoDate;
  /** The first day the assessment stands, uncommented or not. */
  standsOn: IsoDate;
}

/** The window an assessment made on `assessedOn` is open to the provider's comment. */
export const commentWindow = (assessedOn: string, policy: MonitoringPolicy): CommentWindow => {
  const closesOn = addCalendarDays(assessedOn, policy.assessment.providerCommentWindowDays);
  return { assessedOn: addCalendarDays(assessedOn, 0), closesOn, standsOn: addCalendarDays(closesOn, 1) };
};

/** True once the comment window has closed. */
export const assessmentStands = (assessedOn: string, today: string, policy: MonitoringPolicy): boolean =>
  calendarDaysBetween(commentWindow(assessedOn, policy).standsOn, today) >= 0;

/**
 * Checks that a provider's comment on an assessment falls within its window.
 * Refusals (conflict, field `commentedOn`): `monitoring.comment-window-closed` after it closes;
 * `monitoring.comment-before-assessment` before the assessment was made.
 */
export const checkCommentInWindow = (assessedOn: string, commentedOn: string, policy: MonitoringPolicy): CommentWindow => {
  const window = commentWindow(assessedOn, policy);
  if (isBefore(commentedOn, assessedOn)) {
    throw conflict('monitoring.comment-before-assessment', `The assessment was made on ${assessedOn}, after ${commentedOn}`, 'commentedOn');
  }
  if (isBefore(window.closesOn, commentedOn)) {
    throw conflict(
      'monitoring.comment-window-closed',
      `Comments on the assessment of ${assessedOn} closed on ${window.closesOn}: the assessment stands`,
      'commentedOn',
    );
  }
  return window;
};

// ---- Annual performance assessment -------------------------------------------------------------------------------

/** The Procurement Act's fifth descriptor: a KPI with nothing to rate in the year is rated "other". */
export type AnnualKpiRating = KpiRating | 'other';

export const RatedPeriod = z.object({
  kpi: z.string().trim().min(1).max(300),
  /** The last day of the period the rating is for: it places the rating in a year. */
  periodEnd: IsoDate,
  rating: KpiRating,
});
export type RatedPeriod = z.infer<typeof RatedPeriod>;

export const AnnualAssessmentInput = z.object({
  from: IsoDate,
  to: IsoDate,
  /** Every KPI of the contract: each gets a rating, `other` when the year has none for it. */
  kpis: z.array(z.string().trim().min(1).max(300)).min(1).max(100),
  ratings: z.array(RatedPeriod).max(10_000),
});
export type AnnualAssessmentInput = z.infer<typeof AnnualAssessmentInput>;

export interface AnnualKpiResult {
  kpi: string;
  rating: AnnualKpiRating;
  periodsRated: number;
  counts: Record<KpiRating, number>;
  latest?: KpiRating;
}

export interface AnnualPerformanceAssessment {
  from: IsoDate;
  to: IsoDate;
  rule: AnnualKpiRatingRule;
  kpis: AnnualKpiResult[];
  /** The worst KPI rating of the year; `other` when no KPI was rated. */
  worst: AnnualKpiRating;
}

const emptyCounts = (): Record<KpiRating, number> => ({ good: 0, 'approaching-target': 0, 'requires-improvement': 0, inadequate: 0 });

const annualRating = (rated: readonly RatedPeriod[], counts: Record<KpiRating, number>, rule: AnnualKpiRatingRule): AnnualKpiRating => {
  const latest = rated.at(-1);
  if (!latest) return 'other';
  switch (rule) {
    case 'latest':
      return latest.rating;
    case 'worst':
      return rated.map((period) => period.rating).reduce(worseKpiRating);
    case 'most-frequent':
      // Options run best to worst, so `>=` hands a tie to the worse rating.
      return KpiRating.options.reduce((best, rating) => (counts[rating] >= counts[best] ? rating : best));
  }
};

/**
 * The annual assessment of performance against every KPI (Procurement Act 2023 s.71), from the ratings of periods
 * that end within [from, to], each KPI rated by the policy's rule. Refusals (invalid):
 * `monitoring.invalid-assessment-period` (field `to`) when the year ends before it starts;
 * `monitoring.assessment-period-too-long` (field `to`) beyond the policy's interval (12 months by default);
 * `monitoring.unknown-kpi` (field `ratings.<i>.kpi`) for a rating of a KPI not in `kpis`.
 */
export const annualPerformanceAssessment = (input: AnnualAssessmentInput, policy: MonitoringPolicy): AnnualPerformanceAssessment => {
  const { from, to, kpis, ratings } = parseOrRefuse(AnnualAssessmentInput, input, 'monitoring.invalid-assessment');
  if (isBefore(to, from)) {
    throw invalid('monitoring.invalid-assessment-period', `The year cannot end (${to}) before it starts (${from})`, 'to');
  }
  const interval = policy.assessment.annualAssessmentIntervalMonths;
  if (!isBefore(to, addMonths(from, interval))) {
    const message = `An assessment covers at most ${interval} months: ${from} to ${to} is longer`;
    throw invalid('monitoring.assessment-period-too-long', message, 'to');
  }
  const known = new Set(kpis);
  ratings.forEach((rated, index) => {
    if (!known.has(rated.kpi)) {
      throw invalid('monitoring.unknown-kpi', `The contract has no KPI ${JSON.stringify(rated.kpi)}`, `ratings.${index}.kpi`);
    }
  });
  const inYear = ratings
    .filter((rated) => !isBefore(rated.periodEnd, from) && !isBefore(to, rated.periodEnd))
    .sort((a, b) => calendarDaysBetween(b.periodEnd, a.periodEnd));
  const rule = policy.assessment.annualKpiRating;
  const results = [...known].map((kpi): AnnualKpiResult => {
    const rated = inYear.filter((period) => period.kpi === kpi);
    const counts = emptyCounts();
    for (const period of rated) counts[period.rating] += 1;
    const latest = rated.at(-1)?.rating;
    return { kpi, rating: annualRating(rated, counts, rule), periodsRated: rated.length, counts, ...(latest ? { latest } : {}) };
  });
  const ratedResults = results.map((result) => result.rating).filter((rating): rating is KpiRating => rating !== 'other');
  return { from, to, rule, kpis: results, worst: ratedResults.length === 0 ? 'other' : ratedResults.reduce(worseKpiRating) };
};

import { z } from 'zod';
import { MeasurementFrequency, ReviewCadence } from '../contract/vocabulary';
import { parseOrRefuse } from './parse';
import type { ProcurementContractType } from './procurement-policy.schema';

/**
 * The Procurement Act 2023 rating descriptors for performance against a KPI (s.71; the Procurement Regulations 2024
 * prescribe them for contract performance notices), best first.
 */
export const KpiRating = z.enum(['good', 'approaching-target', 'requires-improvement', 'inadequate']);
export type KpiRating = z.infer<typeof KpiRating>;

/** A contract's risk rating, least severe first: it decides how intensely the contract is monitored. */
export const RiskRating = z.enum(['green', 'amber', 'red']);
export type RiskRating = z.infer<typeof RiskRating>;

/** How serious a concern or complaint in the reactive log is, least severe first. */
export const ComplaintSeverity = z.enum(['low', 'medium', 'high', 'serious']);
export type ComplaintSeverity = z.infer<typeof ComplaintSeverity>;

/** An inspectorate's overall judgement (Ofsted, CQC and the Care Inspectorate grade on this scale), best first. */
export const InspectionOutcome = z.enum(['outstanding', 'good', 'requires-improvement', 'inadequate']);
export type InspectionOutcome = z.infer<typeof InspectionOutcome>;

/** Standard, additional or intervention monitoring: what a rating buys (DOMAIN.md, stage 5). */
export const MonitoringIntensityLevel = z.enum(['standard', 'additional', 'intervention']);
export type MonitoringIntensityLevel = z.infer<typeof MonitoringIntensityLevel>;

/** How a KPI's ratings over a year become the one rating the annual assessment publishes. */
export const AnnualKpiRatingRule = z.enum(['most-frequent', 'worst', 'latest']);
export type AnnualKpiRatingRule = z.infer<typeof AnnualKpiRatingRule>;

/** How successive variations add up: `gross` sums their sizes, `net` lets a decrease offset an increase. */
export const VariationAggregation = z.enum(['gross', 'net']);
export type VariationAggregation = z.infer<typeof VariationAggregation>;

const Days = z.number().int().min(1).max(365);
const Count = z.number().int().min(1).max(1000);
const Percent = z.number().min(0).max(100);
const Slug = z
  .string()
  .trim()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a lower-case slug such as head-of-service');

/**
 * How much of one kind of evidence makes a contract at least amber, and at least red. A count at or above `amber`
 * gives amber; at or above `red` gives red; a missing threshold never fires.
 */
const RatingThresholds = z
  .object({ amber: Count.optional(), red: Count.optional() })
  .refine((t) => t.amber === undefined || t.red === undefined || t.amber <= t.red, {
    error: 'policy.risk-thresholds-out-of-order: the amber count must not exceed the red count',
    path: ['red'],
    params: { code: 'policy.risk-thresholds-out-of-order' },
  });
export type RatingThresholds = z.infer<typeof RatingThresholds>;

const thresholds = (defaults: RatingThresholds) => RatingThresholds.default(() => ({ ...defaults }));

const Intensity = (level: MonitoringIntensityLevel, returnsAtLeast: MeasurementFrequency | null, intervention: boolean) =>
  z
    .object({
      level: MonitoringIntensityLevel.default(level),
      /**
       * The least frequent the provider's returns may be at this rating; the contract's own schedule stands when it
       * is already at least this frequent, and always when this is null.
       */
      returnsAtLeast: MeasurementFrequency.nullable().default(returnsAtLeast),
      /** Whether the rating calls for intervention: the contract manager decides on a corrective action plan. */
      intervention: z.boolean().default(intervention),
    })
    .prefault({});

export const EscalationStep = z.object({
  /** Stable id of the level, used in events and notifications: `contract-manager`, `head-of-service`, … */
  level: Slug,
  /** How people read it. */
  title: z.string().trim().min(1).max(200),
  /** Days at this step before the next one is reached; required for every step but the last. */
  daysBeforeNextStep: Days.optional(),
});
export type EscalationStep = z.infer<typeof EscalationStep>;

const defaultLadder = (): EscalationStep[] => [
  { level: 'contract-manager', title: 'Commissioning and contracts manager', daysBeforeNextStep: 14 },
  { level: 'head-of-service', title: 'Head of service', daysBeforeNextStep: 14 },
  { level: 'governance-board', title: 'Governance board' },
];

/**
 * A deployment's monitoring policy (DOMAIN.md stages 5–7). As with the procurement policy every number is a default
 * a deployment confirms or overrides; nested groups use `.prefault({})` so a partial group still gets its defaults.
 * Days are calendar days. Where a default is a local choice rather than law, it says so: the seeds ask that the
 * rules be stated in advance (002: "being clear about the criteria that would trigger additional monitoring"), not
 * what the numbers are.
 */
export const MonitoringPolicy = z
  .object({
    returns: z
      .object({
        /** Local default: a return is due four weeks after its period ends (002 asks only that returns be routine). */
        dueDaysAfterPeriodEnd: Days.default(28),
        /** Local default: the provider is reminded a week before a return is due (DOMAIN.md: "Reminders: returns due"). */
        reminderDaysBefore: Days.default(7),
        /** Local default: a return still missing this many days after its due date escalates (DOMAIN.md stage 5). */
        escalateAfterDaysOverdue: Days.default(14),
      })
      .prefault({}),

    assessment: z
      .object({
        /**
         * Local default: the provider has two weeks to comment on the accuracy of an assessment before it stands
         * (002: "deciding what opportunities providers have to comment on the accuracy of performance assessments").
         */
        providerCommentWindowDays: Days.default(14),
        /** Procurement Act 2023 s.71(2): performance against the KPIs is assessed at least once every 12 months. */
        annualAssessmentIntervalMonths: z.number().int().min(1).max(12).default(12),
        /** Local default: a KPI's year is rated by its most frequent rating, a tie going to the worse. */
        annualKpiRating: AnnualKpiRatingRule.default('most-frequent'),
      })
      .prefault({}),

    reviews: z
      .object({
        /** Local default: review meetings are announced two weeks ahead (DOMAIN.md: "Reminders: … reviews due"). */
        reminderDaysBefore: Days.default(14),
        /** Local default: a review not held a week after its date is missed and escalates (DOMAIN.md stage 5). */
        escalateAfterDaysMissed: Days.default(7),
        /** 002: the Commissioning and Contracts Manager attends the annual review; the lead professional chairs. */
        contractManagerAttends: z.array(ReviewCadence).default(() => ['annual' as const]),
      })
      .prefault({}),

    /**
     * The escalation ladder, in order (DOMAIN.md stage 6: CCM → head of service → governance board). The number of
     * days at each step is a local default.
     */
    escalation: z
      .object({
        ladder: z
          .array(EscalationStep)
          .min(1)
          .max(10)
          .default(defaultLadder)
          .superRefine((ladder, ctx) => {
            const seen = new Set<string>();
            ladder.forEach((step, index) => {
              if (seen.has(step.level)) {
                ctx.addIssue({
                  code: 'custom',
                  message: `policy.escalation-level-repeated: the level ${step.level} appears twice`,
                  path: [index, 'level'],
                  params: { code: 'policy.escalation-level-repeated' },
                });
              }
              seen.add(step.level);
              if (index < ladder.length - 1 && step.daysBeforeNextStep === undefined) {
                ctx.addIssue({
                  code: 'custom',
                  message: `policy.escalation-step-needs-interval: ${step.level} needs daysBeforeNextStep`,
                  path: [index, 'daysBeforeNextStep'],
                  params: { code: 'policy.escalation-step-needs-interval' },
                });
              }
            });
          }),
      })
      .prefault({}),

    /**
     * What moves a contract between ratings, stated in advance (002: "a risk assessment model … using a green,
     * amber, red system"). Local defaults, chosen so that one inadequate KPI makes a contract amber and an
     * inadequate KPI two periods running makes it red.
     */
    risk: z
      .object({
        /** Per KPI, only its latest this-many rated periods count: sustained recovery returns a contract to green. */
        kpiRecentPeriods: z.number().int().min(1).max(24).default(2),
        /** Counts of recent KPI ratings, across all KPIs, at each level. */
        kpiRatings: z
          .object({
            'approaching-target': thresholds({}),
            'requires-improvement': thresholds({ amber: 2, red: 4 }),
            inadequate: thresholds({ amber: 1, red: 2 }),
          })
          .prefault({}),
        /** Returns past their due date and still not submitted. */
        overdueReturns: thresholds({ amber: 1, red: 2 }),
        /** Complaints and concerns received within `windowDays`, by severity. Not-upheld ones do not count. */
        complaints: z
          .object({
            low: thresholds({}),
            medium: thresholds({ amber: 3 }),
            high: thresholds({ amber: 1, red: 3 }),
            serious: thresholds({ red: 1 }),
          })
          .prefault({}),
        /** The latest judgement of each inspectorate, however old: it stands until the next inspection. */
        inspections: z
          .object({
            outstanding: thresholds({}),
            good: thresholds({}),
            'requires-improvement': thresholds({ amber: 1 }),
            inadequate: thresholds({ red: 1 }),
          })
          .prefault({}),
        /** How far back complaints count. */
        windowDays: Days.default(365),
      })
      .prefault({}),

    /** Intensity by rating (DOMAIN.md stage 5: standard, additional, intervention). */
    intensity: z
      .object({
        green: Intensity('standard', null, false),
        amber: Intensity('additional', 'monthly', false),
        red: Intensity('intervention', 'monthly', true),
      })
      .prefault({}),

    /**
     * Limits on cumulative change against the contract as awarded, beyond which a recorded justification is needed.
     * Procurement Act 2023 s.74: a "below-threshold modification" changes the value by no more than 10% (goods or
     * services) or 15% (works) in aggregate with earlier ones, and a modification that changes the term by more than
     * 10% of the maximum term provided for on award is "substantial"; s.75 exempts changes within the same value
     * limits from a contract change notice. Light-touch services get the services figure unless a deployment decides
     * otherwise.
     */
    variation: z
      .object({
        valueLimitPercent: z
          .object({
            goods: Percent.default(10),
            services: Percent.default(10),
            works: Percent.default(15),
            'light-touch': Percent.default(10),
          } satisfies Record<ProcurementContractType, unknown>)
          .prefault({}),
        termLimitPercent: Percent.default(10),
        /** Local default: gross, so that an increase cannot be hidden by a decrease that follows it. */
        aggregation: VariationAggregation.default('gross'),
        /** A justification shorter than this is treated as missing (as for a route decision). */
        minimumJustificationLength: z.number().int().min(1).max(1000).default(20),
        /**
         * The permitted grounds a modification past the limits must rest on (Procurement Act 2023 s74 and Schedule 8).
         * POLICY DEFAULTS TO CONFIRM AGAINST CURRENT LAW: our reading of Schedule 8's paragraphs.
         */
        permittedGrounds: z
          .array(Slug)
          .min(1)
          .default(() => [
            'provided-for-in-the-contract',
            'urgency-and-protection-of-life',
            'materialisation-of-a-known-risk',
            'unforeseeable-circumstances',
            'additional-goods-services-or-works',
            'transfer-on-corporate-restructuring',
            'defence-and-security',
          ]),
      })
      .prefault({}),

    /**
     * How a KPI gets the four ratings when the contract states no bands of its own but its specification gives
     * red/amber/green thresholds: green's threshold is good, amber's is requires improvement, and approaching target
     * lies this fraction of the way from green towards amber. Local default: halfway.
     */
    kpiBands: z
      .object({
        approachingTargetFromRag: z.number().gt(0).lt(1).default(0.5),
      })
      .prefault({}),

    concerns: z
      .object({
        /**
         * The reactive log's pre-agreed categories (002: a log that "enables a quick analysis by pre-agreed
         * categories", so that patterns show across providers). Local defaults.
         */
        categories: z
          .array(Slug)
          .min(1)
          .max(100)
          .default(() => [
            'safeguarding',
            'quality-of-care',
            'staffing',
            'communication',
            'medication',
            'premises',
            'health-and-safety',
            'finance',
            'other',
          ]),
      })
      .prefault({}),

    expiry: z
      .object({
        /**
         * Local default: six months before the end, time enough to decide to recommission, extend or decommission
         * and, for a recommission, to run a tender (DOMAIN.md stage 7).
         */
        reminderMonthsBefore: z.number().int().min(1).max(36).default(6),
      })
      .prefault({}),
  })
  .prefault({});
export type MonitoringPolicy = z.infer<typeof MonitoringPolicy>;
export type MonitoringPolicyInput = z.input<typeof MonitoringPolicy>;

const deepFreeze = <T>(value: T): T => {
  if (value !== null && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
};

/** Parses a deployment's monitoring policy, refusing it with `policy.invalid` (or the rule's code) and the path. */
export const parseMonitoringPolicy = (input: unknown): MonitoringPolicy =>
  deepFreeze(parseOrRefuse(MonitoringPolicy, input, 'policy.invalid'));

/** Every default, as a deployment that configures nothing gets it. Frozen: derive a new policy, never edit this. */
export const defaultMonitoringPolicy: MonitoringPolicy = parseMonitoringPolicy({});

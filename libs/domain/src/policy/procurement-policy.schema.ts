import { z } from 'zod';
import { Role } from '../shared/envelope.schema';
import { ukBankHolidayDates, ukBankHolidaysKnownYears } from './bank-holidays.uk';
import { parseOrRefuse } from './parse';
import { IsoDate } from './working-days';

/**
 * Money is an integer number of pence, never a float of pounds.
 *
 * - Binary floats cannot hold most decimal fractions (0.1 + 0.2 !== 0.3), so sums of pounds-and-pence drift, and a
 *   value sitting exactly on a threshold could land on either side of it depending on the order of additions.
 * - Integers are exact up to Number.MAX_SAFE_INTEGER pence (about £90 trillion), far above any contract, and stay a
 *   plain JSON number in events, so every replay, every language and the database compare them identically.
 * - Rounding happens once, where a rule says so (e.g. a whole-life value is rounded up), never by accident.
 *
 * Values compared with Procurement Act 2023 thresholds include VAT, as the Act requires.
 */
export const Money = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
export type Money = z.infer<typeof Money>;

/** A price a bid can carry: at least one penny (a zero price would make the price formula divide by zero). */
export const PositiveMoney = Money.min(1);

/** `£207,720.00` from 20772000: for messages people read; exact, locale-independent. */
export const formatPence = (pence: number): string => {
  const sign = pence < 0 ? '-' : '';
  const absolute = Math.abs(Math.trunc(pence));
  const pounds = Math.floor(absolute / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}£${pounds}.${(absolute % 100).toString().padStart(2, '0')}`;
};

/** The kind of contract, which decides the Procurement Act threshold that applies. */
export const ProcurementContractType = z.enum(['services', 'goods', 'works', 'light-touch']);
export type ProcurementContractType = z.infer<typeof ProcurementContractType>;

/** Central government authorities have the lower goods/services threshold; councils are sub-central. */
export const ContractingAuthorityKind = z.enum(['central', 'sub-central']);
export type ContractingAuthorityKind = z.infer<typeof ContractingAuthorityKind>;

/**
 * The procedures the commissioning cycle names. Under the Procurement Act 2023 the statutory procedures are the
 * open procedure and the competitive flexible procedure; restricted, competitive dialogue and innovation partnership
 * are designs of a competitive flexible procedure, kept apart here because each has its own steps and periods.
 */
export const ProcurementProcedure = z.enum([
  'open',
  'restricted',
  'competitive-flexible',
  'competitive-dialogue',
  'innovation-partnership',
  'light-touch',
]);
export type ProcurementProcedure = z.infer<typeof ProcurementProcedure>;

/** Grant, direct award (no competition) or a tender; anything but a tender needs a recorded justification. */
export const ProcurementRoute = z.enum(['tender', 'direct-award', 'grant']);
export type ProcurementRoute = z.infer<typeof ProcurementRoute>;

/** Which rules a value falls under: proportionate below the local threshold, local competition, or the Act. */
export const ProcurementRegime = z.enum(['proportionate', 'local-competitive', 'regulated']);
export type ProcurementRegime = z.infer<typeof ProcurementRegime>;

/**
 * When a direct award is allowed in a regime: on a recorded justification alone, only on one of the recognised
 * grounds (`directAwardGrounds`) as well, or never.
 */
export const DirectAwardRule = z.enum(['with-justification', 'with-ground', 'never']);
export type DirectAwardRule = z.infer<typeof DirectAwardRule>;

/** Category A immediate within criteria; B budget holder within delegated limit; C Resource Allocation Group. */
export const PurchaseAuthorityCategory = z.enum(['A', 'B', 'C']);
export type PurchaseAuthorityCategory = z.infer<typeof PurchaseAuthorityCategory>;

/** Who authorises a purchase. */
export const AuthoriserBody = z.enum(['officer', 'budget-holder', 'resource-allocation-group']);
export type AuthoriserBody = z.infer<typeof AuthoriserBody>;

/** What the abnormally-low rule compares a bid price with. */
export const AbnormallyLowBasis = z.enum(['median-of-compliant-bids', 'estimate']);
export type AbnormallyLowBasis = z.infer<typeof AbnormallyLowBasis>;

/** How equal MEAT totals are separated, in order; the bid id is always the final, deterministic fallback. */
export const TieBreaker = z.enum(['higher-quality', 'lower-price', 'earlier-submission']);
export type TieBreaker = z.infer<typeof TieBreaker>;

/** Statutory reductions of the minimum tendering period. */
export const TenderPeriodReduction = z.enum(['qualifying-planned-procurement-notice', 'state-of-urgency']);
export type TenderPeriodReduction = z.infer<typeof TenderPeriodReduction>;

const Days = z.number().int().min(1).max(365);

/** A calendar year the working-day rules can count in. */
const Year = z.number().int().min(1972).max(9999);

const singleStage = (tenderingDays: number) => z.object({ tenderingDays: Days.default(tenderingDays) }).prefault({});
const twoStage = (participationDays: number, tenderingDays: number) =>
  z
    .object({
      /** From the tender notice to the deadline for requests to participate. */
      participationDays: Days.default(participationDays),
      /** From the invitation to tender to the closing time. */
      tenderingDays: Days.default(tenderingDays),
    })
    .prefault({});

const regimeRoutes = (directAward: DirectAwardRule) =>
  z
    .object({
      directAward: DirectAwardRule.default(directAward),
      /** Grants are not procurement; a deployment may still refuse them in a regime. */
      grant: z.boolean().default(true),
      procedures: z.array(ProcurementProcedure).min(1).default(() => [...ProcurementProcedure.options]),
    })
    .prefault({});

const category = (defaults: { authorisers: AuthoriserBody[]; requiresEligibilityCriteria: boolean; withinDelegatedLimit: boolean }) =>
  z
    .object({
      authorisers: z.array(AuthoriserBody).min(1).default(() => [...defaults.authorisers]),
      requiresEligibilityCriteria: z.boolean().default(defaults.requiresEligibilityCriteria),
      withinDelegatedLimit: z.boolean().default(defaults.withinDelegatedLimit),
    })
    .prefault({});

/**
 * A deployment's procurement policy. Every number is a default that the deployment confirms or overrides in
 * configuration; nothing here is a constant of the code. Nested groups use `.prefault({})` so that `{}` (or a
 * partial group) still runs the inner `.default(...)`s: in zod 4 `.default()` would return the value unparsed.
 */
export const ProcurementPolicy = z
  .object({
    thresholds: z
      .object({
        /** Standing orders: below it a proportionate, risk-assessed process; from it a local competition. */
        localPence: Money.default(2_000_000), // £20,000
        /**
         * Procurement Act 2023 thresholds including VAT, as they apply from 1 January 2026. They are revised every
         * two years (the next revision is due 1 January 2028): keep them current.
         */
        procurementAct: z
          .object({
            subCentralPence: Money.default(20_772_000), // £207,720 goods and services, sub-central authorities
            centralPence: Money.default(13_501_800), // £135,018 goods and services, central government
            lightTouchPence: Money.default(66_354_000), // £663,540 light-touch services, any authority
            worksPence: Money.default(519_300_000), // £5,193,000 works, any authority
          })
          .prefault({}),
      })
      .prefault({}),

    /**
     * Minimum periods in calendar days, per procedure. POLICY DEFAULTS TO CONFIRM AGAINST CURRENT LAW: they follow
     * our reading of the Procurement Act 2023, s.54 (25 days with electronic submission and the tender documents
     * published with the notice; 10 days with a qualifying planned procurement notice or in a state of urgency) and
     * a local choice of 25 days for light-touch services, where we believe the Act sets no minimum. A deployment
     * may lengthen them for complex procurements (the Act asks for periods that suit the contract's complexity).
     */
    tenderPeriods: z
      .object({
        open: singleStage(25),
        restricted: twoStage(25, 25),
        'competitive-flexible': twoStage(25, 25),
        'competitive-dialogue': twoStage(25, 25),
        'innovation-partnership': twoStage(25, 25),
        'light-touch': twoStage(25, 25),
        /** The reduced minimum tendering period each statutory reduction allows. */
        reducedTenderingDays: z
          .object({
            'qualifying-planned-procurement-notice': Days.default(10),
            'state-of-urgency': Days.default(10),
          })
          .prefault({}),
      })
      .prefault({}),

    /** Which routes and procedures each regime allows. */
    routes: z
      .object({
        proportionate: regimeRoutes('with-justification'),
        'local-competitive': regimeRoutes('with-ground'),
        regulated: regimeRoutes('with-ground'),
        /**
         * Grounds for a direct award above the local threshold, modelled on the Procurement Act 2023 (Schedule 5,
         * s.41–43). Deployments whose standing orders allow waivers on other grounds add them here.
         */
        directAwardGrounds: z
          .array(z.string().trim().min(1).max(100))
          .min(1)
          .default(() => [
            'prototypes-and-development',
            'single-supplier',
            'additional-or-repeat-supply',
            'commodities',
            'advantageous-terms-on-insolvency',
            'extreme-and-unavoidable-urgency',
            'user-choice',
            'protecting-life',
            'no-suitable-tenders',
          ]),
        /** A justification shorter than this is treated as missing. */
        minimumJustificationLength: z.number().int().min(1).max(1000).default(20),
      })
      .prefault({}),

    /** Authority to purchase, by category (the council framework's A/B/C). */
    authorityCategories: z
      .object({
        /** A: immediate access, dependent on availability and on meeting the criteria to receive the service. */
        A: category({
          authorisers: ['officer', 'budget-holder', 'resource-allocation-group'],
          requiresEligibilityCriteria: true,
          withinDelegatedLimit: false,
        }),
        /** B: an authorised budget holder, up to and including their delegated limit. */
        B: category({ authorisers: ['budget-holder'], requiresEligibilityCriteria: false, withinDelegatedLimit: true }),
        /** C: a decision of the Resource Allocation Group. */
        C: category({ authorisers: ['resource-allocation-group'], requiresEligibilityCriteria: false, withinDelegatedLimit: false }),
      })
      .prefault({}),

    evaluation: z
      .object({
        scoreScale: z
          .object({
            min: z.number().min(0).default(0),
            max: z.number().positive().default(10),
            /** Scores must be a whole number of steps above `min` (1: whole marks; 0.5: half marks). */
            step: z.number().positive().default(1),
          })
          .prefault({})
          .refine((scale) => scale.min < scale.max, {
            error: 'policy.score-scale-invalid: the minimum score must be below the maximum',
            path: ['max'],
            params: { code: 'policy.score-scale-invalid' },
          }),
        /** Totals and weighted scores are rounded to this many decimal places, as bidders are told them. */
        decimalPlaces: z.number().int().min(0).max(6).default(2),
        tieBreakers: z.array(TieBreaker).default((): TieBreaker[] => ['higher-quality', 'lower-price', 'earlier-submission']),
      })
      .prefault({}),

    /**
     * A bid is abnormally low when its price is strictly below `ratio` × the basis. The law sets no figure (it
     * requires the authority to ask for an explanation before rejecting); 0.8 is a common local rule.
     */
    abnormallyLow: z
      .object({
        ratio: z.number().gt(0).max(1).default(0.8),
        basis: AbnormallyLowBasis.default('median-of-compliant-bids'),
        /** Working days the bidder has to explain its price: a local default (the law says "reasonable"). */
        explanationDeadlineWorkingDays: Days.default(5),
      })
      .prefault({}),

    contractIssue: z
      .object({
        /** Working days after authorisation (or the last chaser) before an outstanding signature is chased. */
        signatureReminderWorkingDays: Days.default(5),
      })
      .prefault({}),

    standstill: z
      .object({
        /** Procurement Act 2023, s.51: eight working days. */
        workingDays: Days.default(8),
        /** The Act's period begins WITH the day the contract award notice is published. */
        includesPublicationDay: z.boolean().default(true),
      })
      .prefault({}),

    /**
     * Procurement Act 2023 notices on the central digital platform, and the clocks that run from them or towards
     * them. POLICY DEFAULTS TO CONFIRM AGAINST CURRENT LAW: they follow our reading of the Act.
     */
    notices: z
      .object({
        /** Who may approve a drafted notice for publication. */
        approvers: z
          .array(Role.exclude(['system', 'provider']))
          .min(1)
          .default(() => ['commissioner' as const, 'contract-manager' as const]),
        /** s53: a contract details notice within 30 days of entering into the contract … */
        contractDetailsDays: Days.default(30),
        /** … and within 120 days for a light-touch contract. */
        lightTouchContractDetailsDays: Days.default(120),
        /** s44: working days after the transparency notice's publication before a direct award may be made. */
        transparencyWaitingWorkingDays: Days.default(8),
        /** s80: a contract termination notice within 30 days of the contract ending. */
        terminationNoticeDays: Days.default(30),
        /** s71: a contract performance notice within 30 days of a breach or poor-performance finding … */
        performanceNoticeDays: Days.default(30),
        /** … and of each annual assessment of a contract worth more than this (£5 million), in pence including VAT. */
        performanceAssessmentThresholdPence: Money.default(500_000_000),
        /** The termination grounds that are a breach of contract, whose notice is a finding published (s71(4)). */
        breachGrounds: z.array(z.string().trim().min(1).max(100)).default(() => ['material-breach']),
      })
      .prefault({}),

    /** s68: a valid invoice is paid within this many days of its receipt. */
    payments: z.object({ termDays: Days.default(30) }).prefault({}),

    /**
     * The working-day calendar (bank-holidays.uk.ts says how to extend it). Defaults to the bank holidays of every
     * part of the UK for the years published; a working day asked about outside `knownYears` is refused.
     */
    calendar: z
      .object({
        /** Every date that is a bank holiday in any part of the UK (the Act's test), all within `knownYears`. */
        bankHolidays: z.array(IsoDate).default(() => [...ukBankHolidayDates]),
        /** The years, inclusive, for which `bankHolidays` is complete: every nation's days, one-offs included. */
        knownYears: z
          .object({ first: Year, last: Year })
          .default(() => ({ ...ukBankHolidaysKnownYears }))
          .refine((years) => years.first <= years.last, {
            error: 'policy.known-years-reversed: the first known year must not be after the last',
            path: ['last'],
            params: { code: 'policy.known-years-reversed' },
          }),
      })
      .prefault({})
      .superRefine(({ bankHolidays, knownYears }, context) => {
        const yearOf = (date: string): number => Number(date.slice(0, 4));
        bankHolidays.forEach((date, index) => {
          if (yearOf(date) < knownYears.first || yearOf(date) > knownYears.last) {
            context.addIssue({
              code: 'custom',
              message: `policy.holiday-outside-known-years: ${date} is outside the known years ${knownYears.first}–${knownYears.last}; widen knownYears once the whole year is listed`,
              path: ['bankHolidays', index],
              params: { code: 'policy.holiday-outside-known-years' },
            });
          }
        });
        // Every year has Christmas at least: a known year without a single holiday was declared but never listed.
        for (let year = knownYears.first; year <= knownYears.last; year += 1) {
          if (!bankHolidays.some((date) => yearOf(date) === year)) {
            context.addIssue({
              code: 'custom',
              message: `policy.known-year-unlisted: ${year} is declared known but lists no bank holidays`,
              path: ['knownYears'],
              params: { code: 'policy.known-year-unlisted' },
            });
          }
        }
      }),
  })
  .prefault({});
export type ProcurementPolicy = z.infer<typeof ProcurementPolicy>;
export type ProcurementPolicyInput = z.input<typeof ProcurementPolicy>;

const deepFreeze = <T>(value: T): T => {
  if (value !== null && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
};

/** Parses a deployment's policy (configuration), refusing it with `policy.invalid` and the offending path. */
export const parseProcurementPolicy = (input: unknown): ProcurementPolicy =>
  deepFreeze(parseOrRefuse(ProcurementPolicy, input, 'policy.invalid'));

/** Every default, as a deployment that configures nothing gets it. Frozen: derive a new policy, never edit this. */
export const defaultProcurementPolicy: ProcurementPolicy = parseProcurementPolicy({});

import { z } from 'zod';
import { conflict, forbidden, invalid } from '../shared/errors';
import { parseOrRefuse } from './parse';
import {
  AuthoriserBody,
  ContractingAuthorityKind,
  formatPence,
  Money,
  ProcurementContractType,
  ProcurementProcedure,
  ProcurementRoute,
  PurchaseAuthorityCategory,
  type DirectAwardRule,
  type ProcurementPolicy,
  type ProcurementRegime,
} from './procurement-policy.schema';

// ---- Whole-life value -------------------------------------------------------------------------------------------

export const ExtensionOption = z.object({
  description: z.string().trim().min(1).max(500).optional(),
  /** What the extension would add if taken up, in pence including VAT. */
  valuePence: Money,
});
export type ExtensionOption = z.infer<typeof ExtensionOption>;

export const WholeLifeValueInput = z.object({
  /** In pence, including VAT (the Procurement Act compares values including VAT). */
  annualValuePence: Money,
  /** The initial term; fractions are allowed (2.5 years). */
  years: z.number().positive().max(100),
  /** Every option to extend counts, whether or not it is expected to be taken up. */
  extensionOptions: z.array(ExtensionOption).max(20).default([]),
});
export type WholeLifeValueInput = z.input<typeof WholeLifeValueInput>;

/**
 * The estimated value of the whole contract: annual value × years + every extension option, in pence.
 * £33,000 a year for 3 years is £99,000. A fractional term that yields a fraction of a penny is rounded UP, so the
 * estimate is never below what could be paid (a value must not be understated to stay under a threshold).
 */
export const wholeLifeValue = (input: WholeLifeValueInput): Money => {
  const { annualValuePence, years, extensionOptions } = parseOrRefuse(WholeLifeValueInput, input, 'route.invalid-value');
  const term = annualValuePence * years;
  // 100 × 1.1 is 110.00000000000001 in floating point: a product within a millionth of a penny of a whole penny
  // is that penny, so float noise never adds one.
  const termPence = Math.abs(term - Math.round(term)) < 1e-6 ? Math.round(term) : Math.ceil(term);
  const total = termPence + extensionOptions.reduce((sum, option) => sum + option.valuePence, 0);
  if (!Money.safeParse(total).success) {
    throw invalid('route.value-out-of-range', `A whole-life value of ${total} pence cannot be represented exactly`, 'annualValuePence');
  }
  return total;
};

// ---- Which regime a value falls under ---------------------------------------------------------------------------

export type ThresholdName = 'sub-central' | 'central' | 'light-touch' | 'works';

export interface RouteRequirement {
  regime: ProcurementRegime;
  valuePence: Money;
  contractType: ProcurementContractType;
  authority: ContractingAuthorityKind;
  localThresholdPence: Money;
  /** The Procurement Act 2023 threshold that applies to this contract type and authority. */
  regulatedThreshold: { name: ThresholdName; pence: Money };
  /** Routes open at this value; a direct award may need a recognised ground too (see `directAward`). */
  routes: ProcurementRoute[];
  directAward: DirectAwardRule;
  procedures: ProcurementProcedure[];
  /** The Act (and the Social Value Act 2012) require social value to be considered above threshold. */
  socialValueMustBeConsidered: boolean;
}

const regulatedThreshold = (
  contractType: ProcurementContractType,
  authority: ContractingAuthorityKind,
  policy: ProcurementPolicy,
): { name: ThresholdName; pence: Money } => {
  const act = policy.thresholds.procurementAct;
  switch (contractType) {
    case 'works':
      return { name: 'works', pence: act.worksPence };
    case 'light-touch':
      return { name: 'light-touch', pence: act.lightTouchPence };
    case 'services':
    case 'goods':
      return authority === 'central' ? { name: 'central', pence: act.centralPence } : { name: 'sub-central', pence: act.subCentralPence };
  }
};

/**
 * The regime a value falls under. Thresholds are inclusive: a value AT a threshold is above it (the Act applies to
 * an estimated value "not less than" its threshold; we read the local threshold the same, cautious way).
 * - below the local threshold: a proportionate, risk-assessed process;
 * - from the local threshold to below the Act's: a local competitive process;
 * - from the Act's threshold: a regulated procurement under the Act, with the procedures the policy allows.
 * The light-touch procedure is offered only for light-touch contracts.
 */
export const requiredRoute = (
  valuePence: Money,
  contractType: ProcurementContractType,
  authority: ContractingAuthorityKind,
  policy: ProcurementPolicy,
): RouteRequirement => {
  const value = parseOrRefuse(Money, valuePence, 'route.invalid-value');
  const type = parseOrRefuse(ProcurementContractType, contractType, 'route.invalid-contract-type');
  const kind = parseOrRefuse(ContractingAuthorityKind, authority, 'route.invalid-authority');
  const threshold = regulatedThreshold(type, kind, policy);
  const regime: ProcurementRegime =
    value >= threshold.pence ? 'regulated' : value >= policy.thresholds.localPence ? 'local-competitive' : 'proportionate';
  const rules = policy.routes[regime];
  const routes: ProcurementRoute[] = [
    'tender',
    ...(rules.directAward === 'never' ? [] : (['direct-award'] as const)),
    ...(rules.grant ? (['grant'] as const) : []),
  ];
  return {
    regime,
    valuePence: value,
    contractType: type,
    authority: kind,
    localThresholdPence: policy.thresholds.localPence,
    regulatedThreshold: threshold,
    routes,
    directAward: rules.directAward,
    procedures: rules.procedures.filter((procedure) => procedure !== 'light-touch' || type === 'light-touch'),
    socialValueMustBeConsidered: regime === 'regulated',
  };
};

// ---- Checking a route decision ----------------------------------------------------------------------------------

export const RouteDecision = z.object({
  route: ProcurementRoute,
  contractType: ProcurementContractType,
  authority: ContractingAuthorityKind,
  /** Required for a tender. */
  procedure: ProcurementProcedure.optional(),
  /** Required for a direct award where the regime asks for a recognised ground (one of `directAwardGrounds`). */
  directAwardGround: z.string().trim().min(1).max(100).optional(),
  /** Required for any route that is not a tender. */
  justification: z.string().trim().max(4000).optional(),
});
export type RouteDecision = z.infer<typeof RouteDecision>;

const thresholdPhrase = (requirement: RouteRequirement): string =>
  requirement.regime === 'regulated'
    ? `the Procurement Act ${requirement.regulatedThreshold.name} threshold of ${formatPence(requirement.regulatedThreshold.pence)}`
    : `the local threshold of ${formatPence(requirement.localThresholdPence)}`;

/**
 * Checks a route decision against the value and the policy, returning what the value requires.
 * Refusals:
 * - `route.justification-required` (invalid): a grant or direct award without a justification of at least the
 *   policy's minimum length;
 * - `route.procedure-required` (invalid): a tender without a procedure;
 * - `route.procedure-not-allowed` (conflict): a procedure the regime does not offer (e.g. light-touch for works);
 * - `route.tender-required-above-threshold` (conflict): a direct award or grant the regime does not allow at this
 *   value, including a direct award without a recognised ground where the regime asks for one.
 */
export const checkRouteDecision = (decision: RouteDecision, valuePence: Money, policy: ProcurementPolicy): RouteRequirement => {
  const parsed = parseOrRefuse(RouteDecision, decision, 'route.invalid-decision');
  const requirement = requiredRoute(valuePence, parsed.contractType, parsed.authority, policy);
  const value = formatPence(requirement.valuePence);

  if (parsed.route === 'tender') {
    if (!parsed.procedure) throw invalid('route.procedure-required', 'A tender must name its procedure', 'procedure');
    if (!requirement.procedures.includes(parsed.procedure)) {
      throw conflict(
        'route.procedure-not-allowed',
        `The ${parsed.procedure} procedure is not allowed for a ${parsed.contractType} contract of ${value} (${requirement.regime} regime)`,
        'procedure',
      );
    }
    return requirement;
  }

  const justification = parsed.justification ?? '';
  if (justification.length < policy.routes.minimumJustificationLength) {
    throw invalid(
      'route.justification-required',
      `A ${parsed.route} (a route that is not a tender) needs a recorded justification of at least ${policy.routes.minimumJustificationLength} characters`,
      'justification',
    );
  }

  if (parsed.route === 'grant') {
    if (!requirement.routes.includes('grant')) {
      throw conflict('route.tender-required-above-threshold', `A grant is not allowed at ${value}, at or above ${thresholdPhrase(requirement)}: tender`, 'route');
    }
    return requirement;
  }

  switch (requirement.directAward) {
    case 'with-justification':
      return requirement;
    case 'never':
      throw conflict(
        'route.tender-required-above-threshold',
        `A direct award is not allowed at ${value}, at or above ${thresholdPhrase(requirement)}: tender`,
        'route',
      );
    case 'with-ground': {
      const ground = parsed.directAwardGround;
      if (ground === undefined || !policy.routes.directAwardGrounds.includes(ground)) {
        throw conflict(
          'route.tender-required-above-threshold',
          `At ${value}, at or above ${thresholdPhrase(requirement)}, a direct award needs one of the recognised grounds ` +
            `(${policy.routes.directAwardGrounds.join(', ')})${ground === undefined ? '' : `, not ${JSON.stringify(ground)}`}: otherwise tender`,
          'directAwardGround',
        );
      }
      return requirement;
    }
  }
};

// ---- Authority to purchase --------------------------------------------------------------------------------------

export const Authoriser = z.object({
  id: z.string().trim().min(1).max(200).optional(),
  body: AuthoriserBody,
  /** The most this authoriser may commit, inclusive. Absent means no delegated authority to spend. */
  delegatedLimitPence: Money.optional(),
});
export type Authoriser = z.infer<typeof Authoriser>;

export interface AuthorityFacts {
  /** Category A: whether the client meets the criteria to receive the service. */
  eligibilityCriteriaMet?: boolean;
}

export interface AuthorityCheck {
  category: PurchaseAuthorityCategory;
  authorisedBy: AuthoriserBody;
  valuePence: Money;
}

/**
 * Checks that the authoriser may authorise a purchase of this category and value. Per category (policy):
 * who may authorise, whether the eligibility criteria must be met (A), whether the value must be within the
 * authoriser's delegated limit (B; up to and including the limit).
 * Refusals: `authority.wrong-authoriser` (forbidden), `authority.criteria-not-met` (conflict),
 * `authority.above-delegated-limit` (forbidden).
 */
export const checkAuthority = (
  category: PurchaseAuthorityCategory,
  authoriser: Authoriser,
  valuePence: Money,
  policy: ProcurementPolicy,
  facts: AuthorityFacts = {},
): AuthorityCheck => {
  const parsedCategory = parseOrRefuse(PurchaseAuthorityCategory, category, 'authority.invalid-category');
  const who = parseOrRefuse(Authoriser, authoriser, 'authority.invalid-authoriser');
  const value = parseOrRefuse(Money, valuePence, 'authority.invalid-value');
  const rules = policy.authorityCategories[parsedCategory];

  if (!rules.authorisers.includes(who.body)) {
    throw forbidden(
      'authority.wrong-authoriser',
      `A category ${parsedCategory} purchase is authorised by ${rules.authorisers.join(' or ')}, not by ${who.body}`,
    );
  }
  if (rules.requiresEligibilityCriteria && facts.eligibilityCriteriaMet !== true) {
    throw conflict(
      'authority.criteria-not-met',
      `A category ${parsedCategory} purchase needs the criteria to receive the service to be met`,
      'eligibilityCriteriaMet',
    );
  }
  if (rules.withinDelegatedLimit && (who.delegatedLimitPence === undefined || who.delegatedLimitPence < value)) {
    const limit = who.delegatedLimitPence === undefined ? 'no delegated limit' : `a delegated limit of ${formatPence(who.delegatedLimitPence)}`;
    throw forbidden('authority.above-delegated-limit', `${formatPence(value)} is above the authoriser's authority (${limit})`);
  }
  return { category: parsedCategory, authorisedBy: who.body, valuePence: value };
};

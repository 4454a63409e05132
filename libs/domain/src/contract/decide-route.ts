import type { ProcurementPolicy } from '../policy/procurement-policy.schema';
import { checkAuthority, checkRouteDecision, wholeLifeValue } from '../policy/route.policy';
import { conflict, invalid } from '../shared/errors';
import type { ContractEvent, RouteDecisionDetails } from './contract.events';
import type { OpenContract } from './contract.state';

/**
 * Decides the route (grant, direct award or tender) against the deployment's policy, in this order:
 * 1. the stage: only once the needs assessment is recorded and before the route is decided
 *    (`commission.route-not-open`, conflict);
 * 2. the shape of the choice: a procedure only for a tender, a direct-award ground only for a direct award
 *    (`route.procedure-only-for-tender`, `route.ground-only-for-direct-award`, invalid);
 * 3. the whole-life value (annual value × years + every extension option);
 * 4. the route for that value (`checkRouteDecision`): `route.justification-required`, `route.procedure-required`
 *    (invalid), `route.procedure-not-allowed`, `route.tender-required-above-threshold` (conflict);
 * 5. the authority to purchase (`checkAuthority`): `authority.wrong-authoriser`, `authority.above-delegated-limit`
 *    (forbidden), `authority.criteria-not-met` (conflict).
 * The event records the value, the regime and the policy figures used, so an auditor can see why the route stood.
 */
export const decideRoute = (contract: OpenContract, details: RouteDecisionDetails, policy: ProcurementPolicy): ContractEvent => {
  if (contract.stage !== 'route-decision') {
    throw conflict(
      'commission.route-not-open',
      contract.stage === 'needs-assessment'
        ? 'The route can be decided only once the needs assessment is recorded'
        : `The route has already been decided: the contract is at stage ${contract.stage}`,
    );
  }
  if (details.route !== 'tender' && details.procedure !== undefined) {
    throw invalid('route.procedure-only-for-tender', `A ${details.route} has no procurement procedure`, 'procedure');
  }
  if (details.route !== 'direct-award' && details.directAwardGround !== undefined) {
    throw invalid('route.ground-only-for-direct-award', `A direct-award ground does not apply to a ${details.route}`, 'directAwardGround');
  }

  const valuePence = wholeLifeValue(details);
  const requirement = checkRouteDecision(details, valuePence, policy);
  checkAuthority(details.authorityCategory, details.authoriser, valuePence, policy, {
    ...(details.eligibilityCriteriaMet === undefined ? {} : { eligibilityCriteriaMet: details.eligibilityCriteriaMet }),
  });

  const { justification: given, ...choice } = details;
  // An empty justification (allowed for a tender) is no justification.
  const justification = given === undefined || given === '' ? undefined : given;
  const categoryRule = policy.authorityCategories[details.authorityCategory];
  return {
    type: 'RouteDecided',
    data: {
      ...choice,
      ...(justification === undefined ? {} : { justification }),
      wholeLifeValuePence: valuePence,
      regime: requirement.regime,
      policyApplied: {
        localThresholdPence: requirement.localThresholdPence,
        regulatedThreshold: requirement.regulatedThreshold,
        routesAllowed: requirement.routes,
        directAwardRule: requirement.directAward,
        proceduresAllowed: requirement.procedures,
        socialValueMustBeConsidered: requirement.socialValueMustBeConsidered,
        minimumJustificationLength: policy.routes.minimumJustificationLength,
        authorityCategoryRule: {
          authorisers: [...categoryRule.authorisers],
          requiresEligibilityCriteria: categoryRule.requiresEligibilityCriteria,
          withinDelegatedLimit: categoryRule.withinDelegatedLimit,
        },
      },
    },
    // The commissioner's justification is the decision's reason in the event's metadata.
    ...(justification === undefined ? {} : { reason: justification }),
  };
};

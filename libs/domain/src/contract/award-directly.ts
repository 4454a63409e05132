import type { ProcurementPolicy } from '../policy/procurement-policy.schema';
import { checkRouteDecision } from '../policy/route.policy';
import type { CommandContext } from '../shared/envelope.schema';
import { conflict } from '../shared/errors';
import type { ContractCommand } from './contract.commands';
import type { ContractEvent } from './contract.events';
import type { OpenContract } from './contract.state';

type AwardDirectlyData = Extract<ContractCommand, { type: 'AwardDirectly' }>['data'];

/**
 * Names the supplier of a direct award or a grant, at the award stage (its specification agreed). Refusals:
 * - `award.already-made` (conflict): the contract has been awarded (a second award);
 * - `award.route-requires-tender` (conflict): the route is a tender, which awards from its tender;
 * - `award.not-open` (conflict): the route or the specification is not settled yet;
 * - the route's own rules at the awarded value (`checkRouteDecision`), e.g. `route.tender-required-above-threshold`:
 *   an award cannot lift the contract over the threshold its route was justified under.
 * The award is the route's (basis = route); the commissioner's note becomes the event's reason.
 */
export const awardDirectly = (
  contract: OpenContract,
  { supplier, valuePence, note }: AwardDirectlyData,
  context: CommandContext,
  policy: ProcurementPolicy,
): ContractEvent => {
  if (contract.award) {
    throw conflict('award.already-made', `The contract has already been awarded to ${contract.award.supplier.name}`);
  }
  const route = contract.route;
  if (route?.route === 'tender') {
    throw conflict('award.route-requires-tender', 'The route is a tender: the contract is awarded from its tender, not directly');
  }
  if (!route || contract.stage !== 'award') {
    throw conflict('award.not-open', `A direct award needs its route decided and its specification agreed: the contract is at stage ${contract.stage}`);
  }

  // The route was justified for its estimated whole-life value; the awarded one must still fall under the same rules.
  const wholeLifePence = valuePence + route.extensionOptions.reduce((sum, option) => sum + option.valuePence, 0);
  checkRouteDecision(route, wholeLifePence, policy);

  return {
    type: 'ContractAwarded',
    data: { basis: route.route, supplier, valuePence, awardedAt: context.now },
    ...(note === undefined ? {} : { reason: note }),
  };
};

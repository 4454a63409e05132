import type { Actor } from '../shared/envelope.schema';
import { DomainError } from '../shared/errors';
import type { ClosedPlanState, OpenPlanState, PlanState } from './plan.state';

/**
 * Who may read a corrective action plan: as for its contract, the commissioning organisation's staff (evaluators
 * aside, who read only tenders) and the provider the plan is about. Anyone else is told it does not exist, so a
 * plan's existence does not leak.
 */
export const planVisibleTo = (actor: Actor, state: PlanState): OpenPlanState | ClosedPlanState => {
  const notFound = () => new DomainError('not-found', 'plan.not-found', 'No such corrective action plan');
  if (state.status === 'none') throw notFound();
  const visible =
    actor.role === 'provider'
      ? state.contract.providerOrganisation === actor.organisation
      : actor.role !== 'evaluator' && actor.role !== 'system' && state.contract.organisation === actor.organisation;
  if (!visible) throw notFound();
  return state;
};

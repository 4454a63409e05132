import { contractNotFound } from '../access/permissions';
import type { ContractState, OpenContract } from '../contract/contract.state';
import type { Actor } from '../shared/envelope.schema';

/**
 * Who may read a contract: the same tenancy floor `authorise` puts under every command. The buying organisation's
 * people read their own contracts; a provider reads only a contract awarded to its organisation. An evaluator's
 * work is the tenders whose panel they sit on (`tenderVisibleTo`), not the contract, whose view would show them
 * the award and terms of tenders they never scored. Anyone else is answered exactly as for a missing contract, so
 * a contract's existence does not leak. Which parts each role then sees is the governance views' business; this
 * is the floor beneath them.
 */
export const contractVisibleTo = (actor: Actor, state: ContractState): OpenContract => {
  if (state.status !== 'open') throw contractNotFound();
  const visible =
    actor.role === 'provider'
      ? state.award?.supplier.organisation === actor.organisation
      : actor.role !== 'evaluator' && state.organisation === actor.organisation;
  if (!visible) throw contractNotFound();
  return state;
};

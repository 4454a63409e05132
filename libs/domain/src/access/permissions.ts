import type { ContractCommandType } from '../contract/contract.commands';
import type { ContractState } from '../contract/contract.state';
import type { Actor, Role } from '../shared/envelope.schema';
import { forbidden } from '../shared/errors';

/** The one place that says which role may give which command. */
export const commandPermissions: Readonly<Record<ContractCommandType, readonly Role[]>> = {
  OpenCommission: ['commissioner'],
  RecordNeedsAssessment: ['commissioner'],
  DecideRoute: ['commissioner'],
  AgreeSpecification: ['commissioner', 'contract-manager'],
};

/**
 * Role first, then tenancy: staff of one commissioning organisation never act on another's contracts.
 * The check runs inside the decider so the workflow's update validator and the API refuse the same things.
 */
export const authorise = (commandType: ContractCommandType, actor: Actor, state: ContractState): void => {
  if (!commandPermissions[commandType].includes(actor.role)) {
    throw forbidden('access.role-not-permitted', `The role ${actor.role} may not give the command ${commandType}`);
  }
  if (state.status === 'open' && actor.organisation !== state.organisation) {
    throw forbidden('access.other-organisation', `The contract belongs to another organisation than ${actor.organisation}`);
  }
};

import { authorise, contractNotFound } from '../access/permissions';
import { defaultProcurementPolicy, type ProcurementPolicy } from '../policy/procurement-policy.schema';
import { assertNever, type Decider } from '../shared/decider';
import type { CommandContext } from '../shared/envelope.schema';
import { conflict } from '../shared/errors';
import type { ContractCommand } from './contract.commands';
import type { ContractEvent } from './contract.events';
import { agreeSpecification } from './agree-specification';
import { awardDirectly } from './award-directly';
import { decideRoute } from './decide-route';
import { authoriseContract, issueContract, recordMasterCopy, signContract } from './issue-contract';
import { issueReminder } from './issue-reminder';
import { recordTenderOutcome, startTender } from './start-tender';
import { activateContract, startMobilisation } from './mobilisation';
import { evolveContract, initialContractState, type ContractState, type OpenContract, type Stage } from './contract.state';

const requireOpen = (state: ContractState): OpenContract => {
  if (state.status !== 'open') throw contractNotFound();
  return state;
};

/** The stages at which the needs assessment may still be revised; later stages build on it. */
const needsAssessmentRevisableAt: ReadonlySet<Stage> = new Set(['needs-assessment', 'route-decision']);

/**
 * Decides a command against the contract's state. Pure: the time comes in the context, and the deployment's
 * procurement policy as the last argument (the defaults when it is left out).
 */
export const decideContract = (
  command: ContractCommand,
  state: ContractState,
  context: CommandContext,
  policy: ProcurementPolicy = defaultProcurementPolicy,
): ContractEvent[] => {
  authorise(command, context.actor, state);
  switch (command.type) {
    case 'OpenCommission': {
      if (state.status !== 'none') throw conflict('contract.already-exists', 'A contract with this id already exists');
      return [
        {
          type: 'CommissionOpened',
          data: { ...command.data, organisation: context.actor.organisation, openedBy: context.actor },
        },
      ];
    }
    case 'RecordNeedsAssessment': {
      const contract = requireOpen(state);
      if (!needsAssessmentRevisableAt.has(contract.stage)) {
        throw conflict(
          'commission.needs-assessment-frozen',
          `The needs assessment can no longer change: the contract is at stage ${contract.stage}`,
        );
      }
      const revision = (contract.needsAssessment?.revision ?? 0) + 1;
      return [{ type: 'NeedsAssessmentRecorded', data: { ...command.data, revision } }];
    }
    case 'DecideRoute':
      return [decideRoute(requireOpen(state), command.data, policy)];
    case 'AgreeSpecification':
      return [agreeSpecification(requireOpen(state), command.data)];
    case 'AwardDirectly':
      return [awardDirectly(requireOpen(state), command.data, context, policy)];
    case 'IssueContract':
      return [issueContract(requireOpen(state), command.data)];
    case 'AuthoriseContract':
      return [authoriseContract(requireOpen(state), command.data, policy)];
    case 'SignContract':
      return signContract(requireOpen(state), command.data);
    case 'RecordMasterCopy':
      return [recordMasterCopy(requireOpen(state), command.data)];
    case 'StartMobilisation':
      return [startMobilisation(requireOpen(state), command.data)];
    case 'ActivateContract':
      return [activateContract(requireOpen(state), command.data, context)];
    case 'IssueReminder':
      return [issueReminder(requireOpen(state), command.data)];
    case 'StartTender':
      return [startTender(requireOpen(state), command.data, context, policy)];
    case 'RecordTenderOutcome':
      return [recordTenderOutcome(requireOpen(state), command.data)];
    default:
      return assertNever(command);
  }
};

/** The contract decider bound to a deployment's procurement policy (parse it with `parseProcurementPolicy`). */
export const contractDeciderFor = (policy: ProcurementPolicy): Decider<ContractCommand, ContractEvent, ContractState> => ({
  initialState: initialContractState,
  decide: (command, state, context) => decideContract(command, state, context, policy),
  evolve: evolveContract,
});

/** The contract decider with the default procurement policy. */
export const contractDecider: Decider<ContractCommand, ContractEvent, ContractState> = contractDeciderFor(defaultProcurementPolicy);

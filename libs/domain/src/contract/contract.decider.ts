import { authorise, contractNotFound } from '../access/permissions';
import { defaultProcurementPolicy, type ProcurementPolicy } from '../policy/procurement-policy.schema';
import { assertNever, type Decider } from '../shared/decider';
import type { CommandContext } from '../shared/envelope.schema';
import { conflict, invalid } from '../shared/errors';
import type { ContractCommand } from './contract.commands';
import type { ContractEvent, NeedsAssessment } from './contract.events';
import { agreeSpecification } from './agree-specification';
import { currentContractRules, type ContractRules } from './contract.rules';
import { awardDirectly } from './award-directly';
import { decideRoute } from './decide-route';
import { authoriseContract, issueContract, recordMasterCopy, signContract } from './issue-contract';
import { issueReminder } from './issue-reminder';
import { recordTenderOutcome, startTender } from './start-tender';
import { activateContract, startMobilisation } from './mobilisation';
import { evolveContract, initialContractState, partiesAwaited, type ContractState, type OpenContract, type Stage } from './contract.state';
import { dateOf } from '../monitoring/calendar';
import { defaultMonitoringPolicy, type MonitoringPolicy } from '../policy/monitoring-policy.schema';
import { logConcern, recordInspectionOutcome, updateConcern } from './concerns';
import { openCorrectivePlan, recordPlanOutcome } from './corrective-plan';
import { commentOnAssessment, holdReview, raiseEscalation, recordMonitoringReport, recordReturnOverdue, submitReturn } from './monitoring';
import { openCommission, predecessorEvidence, predecessorReference, recordSuccessor } from './recommission';
import {
  decideOnExpiry,
  endPlacement,
  expireContract,
  giveTerminationNotice,
  recordSupplyImpactReview,
  requestTermination,
  startPlacement,
  terminateContract,
} from './termination';
import { exerciseExtensionCommand, resumeContract, suspendContract, varyContract } from './variation';
import { approveNotice, recordNoticePublication } from '../notices/notice.ledger';
import { noticesDue, requireTransparency, transparencyNotice, variationNotices } from './contract-notices';
import { payInvoice, recordInvoice, recordPaymentOverdue } from '../payments/payments';

/**
 * A recommission's needs assessment is seeded with its predecessor's performance history: the history is cited
 * as evidence unless the assessment already cites the predecessor. Refusal: `commission.predecessor-evidence-needs-room`
 * (invalid, field `data.evidence`) when the evidence is already at its limit without it.
 */
const seededFromPredecessor = (contract: OpenContract, assessment: NeedsAssessment): NeedsAssessment => {
  const { predecessor } = contract;
  if (!predecessor) return assessment;
  const reference = predecessorReference(predecessor.contractId);
  if (assessment.evidence.some((source) => source.reference === reference)) return assessment;
  if (assessment.evidence.length >= 50) {
    throw invalid('commission.predecessor-evidence-needs-room', 'The predecessor contract\'s history joins the evidence: cite at most 49 other sources', 'data.evidence');
  }
  return { ...assessment, evidence: [...assessment.evidence, predecessorEvidence(predecessor)] };
};

const requireOpen = (state: ContractState): OpenContract => {
  if (state.status !== 'open') throw contractNotFound();
  return state;
};

/** The stages at which the needs assessment may still be revised; later stages build on it. */
const needsAssessmentRevisableAt: ReadonlySet<Stage> = new Set(['needs-assessment', 'route-decision']);

/** Decides one command, before the notices its events make due. */
const decideCommand = (
  command: ContractCommand,
  state: ContractState,
  context: CommandContext,
  policy: ProcurementPolicy,
  monitoring: MonitoringPolicy,
  rules: ContractRules,
): ContractEvent[] => {
  authorise(command, context.actor, state);
  const today = dateOf(context.now);
  switch (command.type) {
    case 'OpenCommission': {
      if (state.status !== 'none') throw conflict('contract.already-exists', 'A contract with this id already exists');
      return openCommission(command.data, context.actor.organisation, context.actor);
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
      return [{ type: 'NeedsAssessmentRecorded', data: { ...seededFromPredecessor(contract, command.data), revision } }];
    }
    case 'DecideRoute':
      return [decideRoute(requireOpen(state), command.data, policy)];
    case 'AgreeSpecification':
      return [agreeSpecification(requireOpen(state), command.data, rules)];
    case 'AwardDirectly': {
      const contract = requireOpen(state);
      const award = awardDirectly(contract, command.data, context, policy);
      if (rules.statutoryNotices) requireTransparency(contract, command.data.supplier.organisation, context.now, policy);
      return [award];
    }
    case 'IssueContract':
      return issueContract(requireOpen(state), command.data);
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
      return [issueReminder(requireOpen(state), command.data, today, monitoring)];
    case 'StartTender':
      return [startTender(requireOpen(state), command.data, context, policy)];
    case 'RecordTenderOutcome':
      return [recordTenderOutcome(requireOpen(state), command.data)];
    case 'SubmitReturn':
      return submitReturn(requireOpen(state), command.data, today, monitoring);
    case 'CommentOnAssessment':
      return [commentOnAssessment(requireOpen(state), command.data, today, monitoring)];
    case 'RecordMonitoringReport':
      return [recordMonitoringReport(requireOpen(state), command.data, today)];
    case 'HoldReview':
      return holdReview(requireOpen(state), command.data, today, monitoring);
    case 'RecordReturnOverdue':
      return recordReturnOverdue(requireOpen(state), command.data, today, monitoring);
    case 'RaiseEscalation':
      return raiseEscalation(requireOpen(state), command.data, today, monitoring);
    case 'LogConcern':
      return logConcern(requireOpen(state), command.data, today, monitoring);
    case 'UpdateConcern':
      return updateConcern(requireOpen(state), command.data, today, monitoring);
    case 'RecordInspectionOutcome':
      return recordInspectionOutcome(requireOpen(state), command.data, today, monitoring);
    case 'OpenCorrectivePlan':
      return [openCorrectivePlan(requireOpen(state), command.data, context, monitoring)];
    case 'RecordPlanOutcome':
      return [recordPlanOutcome(requireOpen(state), command.data)];
    case 'VaryContract': {
      const contract = requireOpen(state);
      const varied = varyContract(contract, command.data, today, monitoring);
      return rules.statutoryNotices ? variationNotices(contract, varied, context.actor, policy, monitoring) : [varied];
    }
    case 'ExerciseExtension':
      return [exerciseExtensionCommand(requireOpen(state), command.data, today)];
    case 'SuspendContract':
      return [suspendContract(requireOpen(state), command.data, today)];
    case 'ResumeContract':
      return [resumeContract(requireOpen(state), command.data, today)];
    case 'RequestTermination':
      return [requestTermination(requireOpen(state), command.data, context, today)];
    case 'RecordSupplyImpactReview':
      return [recordSupplyImpactReview(requireOpen(state), command.data, today)];
    case 'GiveTerminationNotice':
      return [giveTerminationNotice(requireOpen(state), command.data, today)];
    case 'TerminateContract':
      return terminateContract(requireOpen(state), today, monitoring);
    case 'DecideOnExpiry':
      return decideOnExpiry(requireOpen(state), command.data, today, monitoring);
    case 'ExpireContract':
      return expireContract(requireOpen(state), today, monitoring);
    case 'StartPlacement':
      return [startPlacement(requireOpen(state), command.data)];
    case 'EndPlacement':
      return [endPlacement(requireOpen(state), command.data)];
    case 'RecordSuccessor':
      return [recordSuccessor(requireOpen(state), command.data)];
    case 'ApproveNotice':
      return [approveNotice(requireOpen(state).notices, command.data.noticeId, context.actor, policy)];
    case 'RecordNoticePublication':
      return [recordNoticePublication(requireOpen(state).notices, command.data)];
    case 'PrepareTransparencyNotice':
      return transparencyNotice(requireOpen(state), command.data, context.actor, policy);
    case 'RecordInvoice': {
      const contract = requireOpen(state);
      return [recordInvoice(contract.invoices, partiesAwaited(contract).length === 0, command.data, today, policy)];
    }
    case 'PayInvoice':
      return [payInvoice(requireOpen(state).invoices, command.data, today)];
    case 'RecordPaymentOverdue':
      return [recordPaymentOverdue(requireOpen(state).invoices, command.data.invoiceId, today)];
    default:
      return assertNever(command);
  }
};

/**
 * Decides a command against the contract's state. Pure: the time comes in the context, and the deployment's
 * procurement policy as the last argument (the defaults when it is left out), then the rules the workflow adopted.
 */
export const decideContract = (
  command: ContractCommand,
  state: ContractState,
  context: CommandContext,
  policy: ProcurementPolicy = defaultProcurementPolicy,
  monitoring: MonitoringPolicy = defaultMonitoringPolicy,
  rules: ContractRules = currentContractRules,
): ContractEvent[] => {
  const events = decideCommand(command, state, context, policy, monitoring, rules);
  // Under statutory notices the facts a decision records can make a Procurement Act notice due (UK7, UK9, UK11).
  return rules.statutoryNotices && state.status === 'open' ? [...events, ...noticesDue(state, events, context.now, policy)] : events;
};

/**
 * The contract decider bound to a deployment's procurement policy (parse it with `parseProcurementPolicy`) and
 * monitoring policy (`parseMonitoringPolicy`; the defaults when left out), under the rules its workflow adopted
 * (the current ones when left out).
 */
export const contractDeciderFor = (
  policy: ProcurementPolicy,
  monitoring: MonitoringPolicy = defaultMonitoringPolicy,
  rules: ContractRules = currentContractRules,
): Decider<ContractCommand, ContractEvent, ContractState> => ({
  initialState: initialContractState,
  decide: (command, state, context) => decideContract(command, state, context, policy, monitoring, rules),
  evolve: evolveContract,
});

/** The contract decider with the default procurement policy. */
export const contractDecider: Decider<ContractCommand, ContractEvent, ContractState> = contractDeciderFor(defaultProcurementPolicy);

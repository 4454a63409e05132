import type { ContractCommand, ContractCommandType } from '../contract/contract.commands';
import type { SigningParty } from '../contract/contract.events';
import type { ContractState, OpenContract } from '../contract/contract.state';
import type { PlanCommandType } from '../plan/plan.commands';
import { AuthoriserBody } from '../policy/procurement-policy.schema';
import { Role, type Actor } from '../shared/envelope.schema';
import { DomainError, forbidden } from '../shared/errors';
import type { TenderCommandType } from '../tender/tender.commands';

/** Any of the authority's staff who hear of a concern logs it (seed 002: the log records every concern, from any source). */
const concernLoggers: readonly Role[] = ['commissioner', 'contract-manager', 'lead-professional', 'budget-holder', 'finance'];

/**
 * The one place that says which role may give which command: the contract's here, the tender's and the plan's
 * below it, and which role reads which view in view-permissions.ts beside this file.
 * - The commissioner decides the need, the route, a direct award; issues the contract and signs for the authority.
 * - The contract manager (CCM) shares the specification and the issuing, and runs mobilisation to Active.
 * - Authority to purchase is given by a budget holder in person, or recorded by the commissioner for the body that
 *   gave it (an officer under category A, the Resource Allocation Group under C, or a budget holder). Budget
 *   holders sit on the Resource Allocation Group (DOMAIN.md gives them one row), so one records its decision too.
 * - The provider signs for itself; the workflow's timers (`system`) issue reminders.
 * - Once active, the provider submits returns and comments on their assessment; the contract manager runs
 *   monitoring, corrective action and termination, the lead professional (operational teams) reports, chairs
 *   reviews, places people and asks for a termination; the commissioner shares change and the expiry decision.
 * - The workflow (`system`) records what its timers find (overdue returns, escalations, the end of the contract),
 *   what its plans report, opens plans on automatic triggers and opens the successor of a recommissioned contract.
 */
export const commandPermissions: Readonly<Record<ContractCommandType, readonly Role[]>> = {
  OpenCommission: ['commissioner', 'system'],
  RecordNeedsAssessment: ['commissioner'],
  DecideRoute: ['commissioner'],
  AgreeSpecification: ['commissioner', 'contract-manager'],
  AwardDirectly: ['commissioner'],
  IssueContract: ['commissioner', 'contract-manager'],
  AuthoriseContract: ['budget-holder', 'commissioner'],
  SignContract: ['commissioner', 'provider'],
  RecordMasterCopy: ['commissioner', 'contract-manager'],
  StartMobilisation: ['contract-manager'],
  ActivateContract: ['contract-manager'],
  IssueReminder: ['system'],
  StartTender: ['commissioner'],
  RecordTenderOutcome: ['system'],
  SubmitReturn: ['provider'],
  CommentOnAssessment: ['provider'],
  RecordMonitoringReport: ['contract-manager', 'lead-professional'],
  HoldReview: ['contract-manager', 'lead-professional'],
  RecordReturnOverdue: ['system'],
  RaiseEscalation: ['system'],
  LogConcern: concernLoggers,
  UpdateConcern: concernLoggers,
  RecordInspectionOutcome: ['commissioner', 'contract-manager'],
  OpenCorrectivePlan: ['contract-manager', 'system'],
  RecordPlanOutcome: ['system'],
  VaryContract: ['commissioner', 'contract-manager'],
  ExerciseExtension: ['commissioner', 'contract-manager'],
  SuspendContract: ['commissioner', 'contract-manager'],
  ResumeContract: ['commissioner', 'contract-manager'],
  RequestTermination: ['lead-professional', 'contract-manager', 'commissioner'],
  RecordSupplyImpactReview: ['contract-manager'],
  GiveTerminationNotice: ['contract-manager'],
  TerminateContract: ['system'],
  DecideOnExpiry: ['commissioner', 'contract-manager'],
  ExpireContract: ['system'],
  StartPlacement: ['lead-professional', 'contract-manager'],
  EndPlacement: ['lead-professional', 'contract-manager'],
  RecordSuccessor: ['system'],
  // Who of those may approve is the policy's too (`notices.approvers`).
  ApproveNotice: ['commissioner', 'contract-manager'],
  RecordNoticePublication: ['system'],
  PrepareTransparencyNotice: ['commissioner'],
  // Finance pays against the contract (DOMAIN.md: payments follow the contract); the workflow marks an invoice overdue.
  RecordInvoice: ['finance'],
  PayInvoice: ['finance'],
  RecordPaymentOverdue: ['system'],
};

const runsTenders: readonly Role[] = ['commissioner', 'contract-manager'];

/**
 * Which role may give which tender command. The commissioner decides the route and starts the tender; running it
 * (publication, clarifications, selection, the panel, moderation, abnormally low bids, the award decision,
 * challenges, cancellation) is the commissioner's or the Commissioning & Contracts Manager's, who runs tenders
 * (DOMAIN.md). Bidders act for themselves, evaluators score, and facts about deadlines are the system's alone.
 */
export const tenderCommandPermissions: Readonly<Record<TenderCommandType, readonly Role[]>> = {
  PublishTender: runsTenders,
  ExpressInterest: ['provider'],
  AskClarification: ['provider'],
  AnswerClarification: runsTenders,
  AssessSupplier: runsTenders,
  InviteToTender: runsTenders,
  SubmitBid: ['provider'],
  AppointEvaluationPanel: runsTenders,
  DeclareConflictOfInterest: ['evaluator'],
  ScoreBid: ['evaluator'],
  ModerateScore: runsTenders,
  RequestExplanation: runsTenders,
  SubmitExplanation: ['provider'],
  DecideAbnormallyLowBid: runsTenders,
  DecideAward: runsTenders,
  RecordChallenge: runsTenders,
  ResolveChallenge: runsTenders,
  CancelTender: runsTenders,
  EndClarificationPeriod: ['system'],
  CloseParticipation: ['system'],
  CloseTender: ['system'],
  PassExplanationDeadline: ['system'],
  EndStandstill: ['system'],
  // Who of those may approve is the policy's too (`notices.approvers`).
  ApproveNotice: runsTenders,
  RecordNoticePublication: ['system'],
};

/**
 * Which role may give which plan command. The contract manager runs the plan; the provider reports on its actions;
 * the lead professional may hold a review (they chair reviews, seed 002); the workflow's timers (`system`) record
 * missed milestones, climb the ladder, and open plans on the automatic triggers.
 */
export const planCommandPermissions: Readonly<Record<PlanCommandType, readonly Role[]>> = {
  OpenPlan: ['contract-manager', 'system'],
  AgreeActions: ['contract-manager'],
  RecordActionProgress: ['contract-manager', 'provider'],
  MissMilestone: ['system'],
  ReviewPlan: ['contract-manager', 'lead-professional'],
  EscalatePlan: ['system'],
  ClosePlan: ['contract-manager'],
};

/** Who may sign for which party: the commissioner for the authority, the provider for itself. */
export const signingRoles: Readonly<Record<SigningParty, readonly Role[]>> = {
  authority: ['commissioner'],
  provider: ['provider'],
};

/**
 * For whom a role may give authority to purchase: a budget holder as themself or for the Resource Allocation Group
 * they sit on, which category C requires; never as an officer, whose category A decision is the commissioner's to
 * record.
 */
export const authorisingBodies: Readonly<Partial<Record<Role, readonly AuthoriserBody[]>>> = {
  'budget-holder': ['budget-holder', 'resource-allocation-group'],
  commissioner: AuthoriserBody.options,
};

/** What a missing contract answers, and so also a contract the actor may not see: existence does not leak. */
export const contractNotFound = (): DomainError => new DomainError('not-found', 'contract.not-found', 'No such contract');

/** Staff act on their organisation's contracts; a provider only on a contract awarded to it. */
const mayActOn = (actor: Actor, contract: OpenContract): boolean =>
  actor.role === 'provider' ? contract.award?.supplier.organisation === actor.organisation : contract.organisation === actor.organisation;

/**
 * A refusal of the caller's role that says whose it is to do, so the person refused knows whom to ask. The
 * workflow's own `system` role is left out: no person can hold it.
 */
export const roleRefused = (actor: Actor, what: string, permitted: readonly Role[]): DomainError => {
  const people = permitted.filter((role) => role !== 'system');
  const whose = people.length > 0 ? `: only ${people.join(', ')} may` : ': only the workflow itself does';
  return forbidden('access.role-not-permitted', `The role ${actor.role} may not ${what}${whose}`);
};

/**
 * Role first (403, `access.role-not-permitted`), then tenancy (the not-found a missing contract gives). The role
 * checks read only the command, so a refused role learns nothing about the contract. The check runs inside the
 * decider so the workflow's update validator and the API refuse the same things.
 */
export const authorise = (command: ContractCommand, actor: Actor, state: ContractState): void => {
  if (!commandPermissions[command.type].includes(actor.role)) throw roleRefused(actor, `give the command ${command.type}`, commandPermissions[command.type]);
  if (command.type === 'SignContract' && !signingRoles[command.data.party].includes(actor.role)) {
    throw roleRefused(actor, `sign for the ${command.data.party}`, signingRoles[command.data.party]);
  }
  if (command.type === 'AuthoriseContract' && !authorisingBodies[actor.role]?.includes(command.data.authoriser.body)) {
    throw roleRefused(
      actor,
      `give authority to purchase as ${command.data.authoriser.body}`,
      Role.options.filter((role) => authorisingBodies[role]?.includes(command.data.authoriser.body)),
    );
  }
  if (command.type === 'OpenCommission' && actor.role === 'system' && command.data.predecessorContractId === undefined) {
    throw forbidden('commission.system-opens-only-recommissions', 'The workflow opens a commission only to recommission an ended contract');
  }
  if (state.status === 'open' && !mayActOn(actor, state)) throw contractNotFound();
};

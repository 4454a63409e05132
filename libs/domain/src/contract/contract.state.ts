import type { Actor } from '../shared/envelope.schema';
import { assertNever } from '../shared/decider';
import type { KpiBandsByName } from '../monitoring/kpi-assessment';
import type { TerminationTerms } from '../monitoring/termination';
import { applyReminder, evolveManagement, isManagementEvent, startManagement, type Management } from './management.state';
import { escalateNotice, evolveNotices, type NoticeLedger } from '../notices/notice.ledger';
import { evolveInvoices, type Invoices } from '../payments/payments';

export type {
  AssessmentRecord,
  ConcernRecord,
  EscalationReached,
  InspectionRecord,
  Management,
  PlacementRecord,
  PlanRecord,
  ReturnRecord,
  ReviewRecord,
  TerminationState,
} from './management.state';
import type {
  ContractAuthorisedData,
  ContractAward,
  ContractEvent,
  ContractIssuedData,
  ContractSignedData,
  MasterCopyRecordedData,
  MobilisationStartedData,
  NeedsAssessment,
  PerformanceHistory,
  RouteDecidedData,
  ServiceSpecification,
  SigningParty,
} from './contract.events';

/**
 * Where a contract stands in the commissioning cycle (analyse → plan → do → review), in order:
 * - needs-assessment: opened, the need not yet recorded;
 * - route-decision: the need recorded (and still revisable), the route not yet decided;
 * - specification: the route decided, the specification not yet agreed;
 * - then, by route, one of
 *   - procurement: a tender route with its specification agreed; the tendering itself runs in the tender
 *     aggregate and ends in the award;
 *   - award: a direct award or a grant with its specification agreed; the supplier is still to be named;
 * - contract-issue: awarded; the contract is issued, authorised, signed by both parties, its master copy recorded;
 * - mobilisation: the provider prepares to deliver;
 * - active: the service runs (on or after the contract's start date);
 * - then, once it has ended, how it ended (`EndedStage`).
 */
export type Stage =
  | 'needs-assessment'
  | 'route-decision'
  | 'specification'
  | 'procurement'
  | 'award'
  | 'contract-issue'
  | 'mobilisation'
  | ManagedStage;

/**
 * How a contract ended: terminated on notice (whatever follows it), expired after a decision to decommission its
 * service, or otherwise expired (to be recommissioned, or with no decision made).
 */
export type EndedStage = 'terminated' | 'expired' | 'decommissioned';

/** The stages of a contract that went live: running, or ended. Its management (`management`) holds in each. */
export type ManagedStage = 'active' | EndedStage;

const managedStages: ReadonlySet<Stage> = new Set<ManagedStage>(['active', 'terminated', 'expired', 'decommissioned']);

/** True once the contract has gone live, ended or not. */
export const isManagedStage = (stage: Stage): stage is ManagedStage => managedStages.has(stage);

export interface NoContract {
  status: 'none';
}

export interface OpenContract {
  status: 'open';
  contractId: string;
  title: string;
  description?: string;
  organisation: string;
  openedBy: Actor;
  stage: Stage;
  needsAssessment?: NeedsAssessment & { revision: number };
  route?: RouteDecidedData;
  specification?: ServiceSpecification & { revision: number };
  /**
   * The specification and its evaluation criteria may be revised until the tender is published, or, for a direct
   * award or a grant, until the contract is issued. An award from a tender and the contract's issue set it to true;
   * so will the tender's publication.
   */
  specificationFrozen: boolean;
  /** The contract's latest tender: its number within the contract and how it stands. */
  tender?: { tenderId: string; sequence: number; status: 'running' | 'cancelled' | 'awarded' };
  /** The supplier named and the value awarded, from a tender or directly. */
  award?: ContractAward;
  /** The contract as issued for signature. */
  issued?: ContractIssuedData;
  authorisation?: ContractAuthorisedData;
  /** Each party's signature, once given. */
  signatures?: Partial<Record<SigningParty, ContractSignedData>>;
  masterCopy?: MasterCopyRecordedData;
  mobilisation?: MobilisationStartedData;
  /** The day the contract went live. */
  activatedOn?: string;
  /** The contract's own KPI rating bands, stated at issue; KPIs without them are rated from their RAG thresholds. */
  kpiBands?: KpiBandsByName;
  /** The contract's termination clause, stated at issue; without one the contract allows no early termination. */
  terminationTerms?: TerminationTerms;
  /**
   * Once active: monitoring, risk, corrective action, change and the contract's end. Once it has ended the stage
   * says how (`EndedStage`) and `management.ended` says when.
   */
  management?: Management;
  /** A recommission: the contract this commission follows, and what its life showed. */
  predecessor?: { contractId: string; performanceHistory?: PerformanceHistory };
  /** The contract's Procurement Act notices (absent from contracts run before statutory notices). */
  notices?: NoticeLedger;
  /** The invoices received against the contract, by the supplier's invoice number. */
  invoices?: Invoices;
}

export type ContractState = NoContract | OpenContract;

export const initialContractState = (): ContractState => ({ status: 'none' });

/** The parties that have not signed yet (both, before anyone has). */
export const partiesAwaited = (contract: OpenContract): SigningParty[] =>
  (['authority', 'provider'] as const).filter((party) => contract.signatures?.[party] === undefined);

const requireOpen = (state: ContractState, event: ContractEvent): OpenContract => {
  if (state.status !== 'open') throw new Error(`${event.type} cannot apply to a contract that was never opened`);
  return state;
};

/**
 * The award names the supplier and moves the contract to contract issue: from procurement when a tender awarded
 * it, from the award stage when it was a direct award or a grant. Its basis must be the route decided; anything
 * else is a corrupted stream, since the deciders never emit it.
 */
export const applyAward = (contract: OpenContract, award: ContractAward): OpenContract => {
  const from: Stage = award.basis === 'tender' ? 'procurement' : 'award';
  if (contract.award) throw new Error('ContractAwarded cannot apply twice');
  if (contract.route?.route !== award.basis || contract.stage !== from) {
    throw new Error(
      `ContractAwarded (basis ${award.basis}) cannot apply to a ${contract.route?.route ?? 'route-less'} contract at stage ${contract.stage}`,
    );
  }
  // The specification a tender was evaluated against, or a direct award was made on, is the one awarded.
  return { ...contract, award, stage: 'contract-issue', specificationFrozen: contract.specificationFrozen || award.basis === 'tender' };
};

export const evolveContract = (state: ContractState, event: ContractEvent): ContractState => {
  // A notice's deadline is the contract's at any stage, not only once it is managed: its escalation is the notice's.
  if (event.type === 'EscalationRaised' && event.data.subject.kind === 'notice') {
    const contract = requireOpen(state, event);
    const { subject, step, level, reachedOn, nextStepOn } = event.data;
    const escalation = { step, level, reachedOn, ...(nextStepOn === undefined ? {} : { nextStepOn }) };
    return { ...contract, notices: escalateNotice(contract.notices, subject.noticeId, escalation) };
  }
  if (isManagementEvent(event)) return evolveManagement(requireOpen(state, event), event);
  switch (event.type) {
    case 'CommissionOpened': {
      const { contractId, title, description, organisation, openedBy } = event.data;
      return {
        status: 'open',
        contractId,
        title,
        ...(description === undefined ? {} : { description }),
        organisation,
        openedBy,
        stage: 'needs-assessment',
        specificationFrozen: false,
      };
    }
    case 'NeedsAssessmentRecorded':
      return { ...requireOpen(state, event), needsAssessment: event.data, stage: 'route-decision' };
    case 'RouteDecided':
      return { ...requireOpen(state, event), route: event.data, stage: 'specification' };
    case 'SpecificationAgreed': {
      const contract = requireOpen(state, event);
      if (!contract.route) throw new Error('SpecificationAgreed cannot apply before RouteDecided');
      // A first agreement moves the contract on: a tender to procurement, a direct award or a grant to naming its
      // supplier. A revision leaves the stage where it is.
      const stage: Stage = contract.stage !== 'specification' ? contract.stage : contract.route.route === 'tender' ? 'procurement' : 'award';
      return { ...contract, specification: event.data, stage };
    }
    case 'ContractAwarded': {
      const awarded = applyAward(requireOpen(state, event), event.data);
      return awarded.tender?.tenderId === event.data.tenderId && awarded.tender ? { ...awarded, tender: { ...awarded.tender, status: 'awarded' } } : awarded;
    }
    case 'TenderStarted': {
      const contract = requireOpen(state, event);
      const sequence = (contract.tender?.sequence ?? 0) + 1;
      return { ...contract, specificationFrozen: true, tender: { tenderId: event.data.tenderId, sequence, status: 'running' } };
    }
    case 'TenderEnded': {
      const contract = requireOpen(state, event);
      if (!contract.tender) throw new Error('TenderEnded cannot apply before TenderStarted');
      // A cancelled tender's specification may be revised before the next one is started.
      return { ...contract, specificationFrozen: false, tender: { ...contract.tender, status: 'cancelled' } };
    }
    case 'ContractIssued':
      return { ...requireOpen(state, event), issued: event.data, specificationFrozen: true };
    case 'ContractAuthorised':
      return { ...requireOpen(state, event), authorisation: event.data };
    case 'ContractSigned': {
      const contract = requireOpen(state, event);
      return { ...contract, signatures: { ...contract.signatures, [event.data.party]: event.data } };
    }
    case 'MasterCopyRecorded':
      return { ...requireOpen(state, event), masterCopy: event.data };
    case 'MobilisationStarted':
      return { ...requireOpen(state, event), mobilisation: event.data, stage: 'mobilisation' };
    case 'ContractActivated': {
      const contract = requireOpen(state, event);
      const { activatedOn } = event.data;
      return { ...contract, activatedOn, stage: 'active', management: startManagement(contract, activatedOn) };
    }
    // Signature chasers repeat until both have signed; other reminders are issued once, so the fold notes them.
    case 'ReminderIssued':
      return applyReminder(requireOpen(state, event), event.data);
    // A fact for Finance: nothing the rules decide on depends on it.
    case 'FinanceNotified':
      return requireOpen(state, event);
    case 'NoticeDrafted':
    case 'NoticeApproved':
    case 'NoticePublished':
    case 'NoticeWithdrawn': {
      const contract = requireOpen(state, event);
      return { ...contract, notices: evolveNotices(contract.notices, event) };
    }
    case 'InvoiceReceived':
    case 'InvoicePaid':
    case 'InvoicePaymentOverdue': {
      const contract = requireOpen(state, event);
      return { ...contract, invoices: evolveInvoices(contract.invoices, event) };
    }
    default:
      return assertNever(event);
  }
};

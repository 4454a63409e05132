// Shared given/when/then helpers and facts for the contract decider's specs (excluded from the build).
import { defaultProcurementPolicy, type ProcurementPolicy } from '../../policy/procurement-policy.schema';
import { systemActor, type Actor, type CommandContext } from '../../shared/envelope.schema';
import type { ContractCommand, ContractCommandType } from '../contract.commands';
import { decideContract } from '../contract.decider';
import type {
  ContractAward,
  ContractEvent,
  ContractSupplier,
  NeedsAssessment,
  RouteDecisionDetails,
  ServiceSpecification,
  SigningParty,
} from '../contract.events';
import { evolveContract, initialContractState, type ContractState } from '../contract.state';
import { refusal } from '../../shared/refusal';
export { refusal };

export const organisation = 'gloucestershire-cc';
export const commissioner: Actor = { id: 'u-1', role: 'commissioner', organisation };
export const contractManager: Actor = { id: 'u-2', role: 'contract-manager', organisation };
/** A provider of the supplier the fixtures award to (same organisation). */
export const provider: Actor = { id: 'p-1', role: 'provider', organisation: 'acme-care' };
/** A provider that was not awarded the contract. */
export const otherProvider: Actor = { id: 'p-2', role: 'provider', organisation: 'bright-futures' };
export const budgetHolder: Actor = { id: 'bh-7', role: 'budget-holder', organisation };
export const system: Actor = systemActor(organisation);
export const outsider: Actor = { id: 'u-9', role: 'commissioner', organisation: 'wiltshire-council' };
export const contractId = '6f1c4c33-1d0c-4f57-a9a4-3d3b0f6a2b10';

/** The time of every command unless a test says otherwise: also the day of the fixtures' award. */
export const now = '2026-11-22T10:00:00.000Z';

export const ctx = (actor: Actor = commissioner, at: string = now): CommandContext => ({
  commandId: 'cmd-1',
  correlationId: 'corr-1',
  actor,
  now: at,
});

export const given = (events: readonly ContractEvent[]): ContractState => events.reduce(evolveContract, initialContractState());

export const when = (
  events: readonly ContractEvent[],
  command: ContractCommand,
  actor: Actor = commissioner,
  policy: ProcurementPolicy = defaultProcurementPolicy,
): ContractEvent[] => decideContract(command, given(events), ctx(actor), policy);

/** `when` at another time than `now`. */
export const whenAt = (at: string, events: readonly ContractEvent[], command: ContractCommand, actor: Actor = commissioner): ContractEvent[] =>
  decideContract(command, given(events), ctx(actor, at), defaultProcurementPolicy);

export const pounds = (amount: number): number => amount * 100;

export const opened: ContractEvent = {
  type: 'CommissionOpened',
  data: { contractId, title: 'Short breaks for disabled children', organisation, openedBy: commissioner },
};

export const assessment: NeedsAssessment = {
  need: 'Families of disabled children lack overnight respite',
  clientGroup: 'Disabled children aged 0-18 and their families',
  evidence: [{ kind: 'needs-assessment-data', description: 'JSNA 2026 chapter 4' }],
  unmetNeeds: ['No overnight provision in the Forest of Dean'],
  priority: 1,
  outcomes: [
    {
      level: 'individual',
      description: 'Carers are able to sustain their caring role',
      indicator: 'Carer strain index',
      baseline: '62% report high strain',
      target: 'Below 45% by March 2028',
    },
  ],
  serviceUserInvolvement: 'Parent carer forum co-designed the outcomes',
};

export const assessed: ContractEvent = { type: 'NeedsAssessmentRecorded', data: { ...assessment, revision: 1 } };

/** An open tender for sub-central services: £80,000 a year for 3 years and a one-year option, £320,000. */
export const tenderRoute: RouteDecisionDetails = {
  route: 'tender',
  procedure: 'open',
  contractType: 'services',
  authority: 'sub-central',
  annualValuePence: pounds(80_000),
  years: 3,
  extensionOptions: [{ description: '12 months', valuePence: pounds(80_000) }],
  authorityCategory: 'C',
  authoriser: { id: 'rag-2026-11', body: 'resource-allocation-group' },
};

/** A direct award below the local threshold: £6,000 a year for 3 years, £18,000, within a budget holder's limit. */
export const directAwardRoute: RouteDecisionDetails = {
  route: 'direct-award',
  contractType: 'services',
  authority: 'sub-central',
  justification: 'Only registered provider of overnight short breaks in the Forest of Dean',
  annualValuePence: pounds(6_000),
  years: 3,
  extensionOptions: [],
  authorityCategory: 'B',
  authoriser: { id: 'bh-7', body: 'budget-holder', delegatedLimitPence: pounds(25_000) },
};

export const decideRoute = (data: RouteDecisionDetails): ContractCommand => ({ type: 'DecideRoute', data });

/** The event a route decision records, as the decider computes it (for building the `given`). */
export const routeDecided = (data: RouteDecisionDetails): ContractEvent => {
  const [event] = when([opened, assessed], decideRoute(data));
  if (!event) throw new Error('no RouteDecided');
  return event;
};

export const specification: ServiceSpecification = {
  kpis: [
    {
      name: 'Short-break nights delivered',
      kind: 'output',
      target: 1200,
      unit: 'nights a year',
      measurementFrequency: 'quarterly',
      evidenceSource: 'Provider quarterly return',
    },
    {
      name: 'Carers reporting high strain',
      kind: 'outcome',
      target: 45,
      unit: '%',
      measurementFrequency: 'annual',
      evidenceSource: 'Carer strain index survey',
      rag: { direction: 'lower-is-better', green: 45, amber: 55 },
    },
    {
      name: 'Referrals acknowledged within 2 working days',
      kind: 'process',
      target: 95,
      unit: '%',
      measurementFrequency: 'monthly',
      evidenceSource: 'Case management system',
      rag: { direction: 'higher-is-better', green: 95, amber: 85 },
    },
  ],
  monitoring: { returnsSchedule: 'quarterly', reviewCadence: ['biannual', 'annual'] },
  paymentPerformanceLink: { description: '5% of each quarterly payment depends on the process KPI', percentageAtRisk: 5 },
  remediesAllowed: ['financial-remedy', 'suspension-of-referrals'],
  serviceStandards: ['Ofsted-registered provision', 'Staff DBS-checked before placement'],
  milestones: [{ name: 'Mobilisation complete', dueDate: '2027-04-01' }],
  criteria: [
    { id: 'price', name: 'Price', kind: 'price', weight: 40 },
    { id: 'quality', name: 'Quality of care', kind: 'quality', weight: 50 },
    { id: 'social-value', name: 'Social value', kind: 'social-value', weight: 10 },
  ],
};

export const agree = (data: ServiceSpecification): ContractCommand => ({ type: 'AgreeSpecification', data });

// ---- Award to Active ---------------------------------------------------------------------------------------------

type DataOf<T extends ContractCommandType> = Extract<ContractCommand, { type: T }>['data'];

export const supplier: ContractSupplier = { organisation: provider.organisation, name: 'Acme Care Ltd' };

/** The contract's term: it starts six weeks after the award and runs three years. */
export const startDate = '2027-01-04';
export const endDate = '2030-01-03';
/** A time on the start date, when the contract may go live. */
export const onStartDate = '2027-01-04T09:00:00.000Z';

/** A direct award of the fixtures' direct-award route: £18,000 over the term, within the budget holder's limit. */
export const awardDirectly = (data: Partial<DataOf<'AwardDirectly'>> = {}): ContractCommand => ({
  type: 'AwardDirectly',
  data: { supplier, valuePence: pounds(18_000), ...data },
});

/** What a tender's award looks like to the contract (the tender emits it; here it is built by hand). */
export const tenderAward = (data: Partial<ContractAward> = {}): ContractEvent => ({
  type: 'ContractAwarded',
  data: {
    basis: 'tender',
    tenderId: 'tender-1',
    supplier,
    valuePence: pounds(300_000),
    awardedAt: now,
    standstillEndedAt: '2026-11-21T23:59:59.000Z',
    ...data,
  },
});

export const issueContract = (data: Partial<DataOf<'IssueContract'>> = {}): ContractCommand => ({
  type: 'IssueContract',
  data: {
    terms: { reference: 'GCC/SB/2026/014', summary: 'Standard terms for care services with the short-breaks schedules' },
    startDate,
    endDate,
    ...data,
  },
});

/** The budget holder of the direct-award route (category B), with a delegated limit of £25,000. */
export const authoriseContract = (data: Partial<DataOf<'AuthoriseContract'>> = {}): ContractCommand => ({
  type: 'AuthoriseContract',
  data: { authoriser: { id: 'bh-7', body: 'budget-holder', delegatedLimitPence: pounds(25_000) }, ...data },
});

export const signatories: Record<SigningParty, DataOf<'SignContract'>['signatory']> = {
  authority: { name: 'Alex Morgan', position: 'Head of Commissioning' },
  provider: { name: 'Sam Patel', position: 'Director, Acme Care Ltd' },
};

export const signContract = (party: SigningParty, signatory = signatories[party]): ContractCommand => ({
  type: 'SignContract',
  data: { party, signatory },
});

export const recordMasterCopy = (data: Partial<DataOf<'RecordMasterCopy'>> = {}): ContractCommand => ({
  type: 'RecordMasterCopy',
  data: {
    reference: 'EDRMS/CONTRACTS/2026/014',
    distribution: [
      { name: 'Sam Patel', organisation: 'acme-care' },
      { name: 'Children’s placements team', organisation },
    ],
    ...data,
  },
});

export const startMobilisation = (data: Partial<DataOf<'StartMobilisation'>> = {}): ContractCommand => ({
  type: 'StartMobilisation',
  data: {
    planSummary: 'Recruit and DBS-check staff, register the Cinderford unit, take first referrals',
    milestones: [{ name: 'Staff recruited', dueDate: '2026-12-18' }],
    ...data,
  },
});

export const activateContract = (data: DataOf<'ActivateContract'> = {}): ContractCommand => ({ type: 'ActivateContract', data });

export const remindToSign = (awaiting: SigningParty[], dueOn?: string): ContractCommand => ({
  type: 'IssueReminder',
  data: { subject: 'signature', awaiting, ...(dueOn === undefined ? {} : { dueOn }) },
});

/** One command as a person (or the system) gives it, at a time. */
export interface CommandStep {
  command: ContractCommand;
  actor: Actor;
  now: string;
}

/**
 * Every command from opening to Active for a direct award (or a grant), each by a role that may give it: the
 * script workflow and API tests can follow. All at `now` but the activation, on the start date.
 */
export const directAwardToActive = ({ route = 'direct-award' }: { route?: 'direct-award' | 'grant' } = {}): CommandStep[] => {
  const steps: [ContractCommand, Actor][] = [
    [{ type: 'OpenCommission', data: { contractId, title: 'Short breaks for disabled children' } }, commissioner],
    [{ type: 'RecordNeedsAssessment', data: assessment }, commissioner],
    [decideRoute({ ...directAwardRoute, route }), commissioner],
    [agree(specification), commissioner],
    [awardDirectly(), commissioner],
    [issueContract(), contractManager],
    [authoriseContract(), budgetHolder],
    [signContract('provider'), provider],
    [signContract('authority'), commissioner],
    [recordMasterCopy(), contractManager],
    [startMobilisation(), contractManager],
    [activateContract(), contractManager],
  ];
  return steps.map(([command, actor]) => ({ command, actor, now: command.type === 'ActivateContract' ? onStartDate : now }));
};

/** Decides the steps one after another, each against the state the previous ones left; returns every event. */
export const decideAll = (steps: readonly CommandStep[], policy: ProcurementPolicy = defaultProcurementPolicy): ContractEvent[] =>
  steps.reduce<ContractEvent[]>(
    (events, step) => [...events, ...decideContract(step.command, given(events), ctx(step.actor, step.now), policy)],
    [],
  );

/** The events of the direct-award script up to and including the first command of the given type. */
export const directAwardThrough = (type: ContractCommandType, route: 'direct-award' | 'grant' = 'direct-award'): ContractEvent[] => {
  const steps = directAwardToActive({ route });
  const last = steps.findIndex((step) => step.command.type === type);
  if (last < 0) throw new Error(`The direct-award script has no ${type}`);
  return decideAll(steps.slice(0, last + 1));
};

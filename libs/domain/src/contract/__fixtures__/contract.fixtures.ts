// Shared given/when/then helpers and facts for the contract decider's specs (excluded from the build).
import { defaultMonitoringPolicy, type MonitoringPolicy } from '../../policy/monitoring-policy.schema';
import { defaultProcurementPolicy, type ProcurementPolicy } from '../../policy/procurement-policy.schema';
import { systemActor, type Actor, type CommandContext } from '../../shared/envelope.schema';
import type { ContractCommand, ContractCommandType } from '../contract.commands';
import { contractDeadlines, type ContractDeadline } from '../contract.deadlines';
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
import { planId } from '../../plan/plan.protocol';
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
  monitoring: MonitoringPolicy = defaultMonitoringPolicy,
): ContractEvent[] => decideContract(command, given(events), ctx(actor), policy, monitoring);

/** `when` at another time than `now`. */
export const whenAt = (
  at: string,
  events: readonly ContractEvent[],
  command: ContractCommand,
  actor: Actor = commissioner,
  monitoring: MonitoringPolicy = defaultMonitoringPolicy,
): ContractEvent[] => decideContract(command, given(events), ctx(actor, at), defaultProcurementPolicy, monitoring);

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
      // Nights a quarter: the contract's own bands (kpiBands) refine them at issue.
      rag: { direction: 'higher-is-better', green: 300, amber: 240 },
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

// ---- An active contract's management (issue 4) -------------------------------------------------------------------

export const lead: Actor = { id: 'lp-3', role: 'lead-professional', organisation };

export const kpi = {
  nights: 'Short-break nights delivered',
  strain: 'Carers reporting high strain',
  referrals: 'Referrals acknowledged within 2 working days',
} as const;

/** The contract's own bands: nights per quarter (a quarter of the 1,200 a year), and the two percentages. */
export const kpiBands = {
  [kpi.nights]: { direction: 'higher-is-better', good: 300, approachingTarget: 270, requiresImprovement: 240 },
  [kpi.referrals]: { direction: 'higher-is-better', good: 95, approachingTarget: 90, requiresImprovement: 85 },
} as const satisfies DataOf<'IssueContract'>['kpiBands'];

/** Material breach on 30 days' notice; convenience on three months'. */
export const terminationTerms: NonNullable<DataOf<'IssueContract'>['terminationTerms']> = {
  grounds: [
    { ground: 'material-breach', notice: { length: 30, unit: 'days' } },
    { ground: 'convenience', notice: { length: 3, unit: 'months' } },
  ],
};

/** £15,000 for the three years with a £3,000 option to extend: together the £18,000 awarded. */
export const monitoredIssue = (data: Partial<DataOf<'IssueContract'>> = {}): ContractCommand =>
  issueContract({
    valuePence: pounds(15_000),
    extensionOptions: [{ description: '12 months', valuePence: pounds(3_000) }],
    kpiBands,
    terminationTerms,
    ...data,
  });

/**
 * The direct-award script with the contract issued for management: its own bands for two KPIs (the third, annual,
 * is rated from its RAG thresholds), termination terms and an extension option. Three years from 4 January 2027,
 * quarterly returns, biannual and annual reviews.
 */
export const monitoredContractToActive = (issue: ContractCommand = monitoredIssue()): CommandStep[] =>
  directAwardToActive().map((step) => (step.command.type === 'IssueContract' ? { ...step, command: issue } : step));

/** The events of a monitored contract, active from its start date, 4 January 2027. */
export const activeContract = (issue?: ContractCommand): ContractEvent[] => decideAll(monitoredContractToActive(issue));

/** The quarterly periods of the fixtures' contract, as returns name them. */
export const quarter = {
  q1: '2027-01-04/2027-04-03',
  q2: '2027-04-04/2027-07-03',
  q3: '2027-07-04/2027-10-03',
} as const;

export const at = (date: string, time = '10:00:00'): string => `${date}T${time}.000Z`;

export const observe = (name: string, value: number, evidence: string[] = []) => ({ kpi: name, value, evidence });

export const submitReturn = (periodId: string, observations: ReturnType<typeof observe>[], evidence: string[] = []): ContractCommand => ({
  type: 'SubmitReturn',
  data: { periodId, observations, evidence },
});

/** A fact with the time it was recorded, as the workflow's history would have it. */
export interface Recorded {
  event: ContractEvent;
  at: string;
  /** The deadline's command when the workflow's timer recorded it; absent for a person's command. */
  deadline?: ContractDeadline['command']['type'];
}

/**
 * What the contract's workflow does, without Temporal: before each step it records every deadline that has come
 * (as the system, at the deadline's time, earliest first, each against the state the previous ones left), then
 * decides the step; after the last step, the deadlines up to `until`. A deadline the decider refuses fails the run:
 * the workflow would wake for it again and again.
 */
export const driveWithDeadlines = (
  steps: readonly CommandStep[],
  { history = [], until, monitoring = defaultMonitoringPolicy }: { history?: readonly Recorded[]; until?: string; monitoring?: MonitoringPolicy } = {},
): Recorded[] => {
  const recorded = [...history];
  const fireUntil = (time: string): void => {
    for (let fired = 0; ; fired += 1) {
      if (fired > 1000) throw new Error(`More than 1000 deadlines before ${time}: one of them is never resolved`);
      const state = given(recorded.map((entry) => entry.event));
      const [next] = contractDeadlines(state, recorded.at(-1)?.at, defaultProcurementPolicy, monitoring);
      if (!next || Date.parse(next.at) > Date.parse(time)) return;
      const events = decideContract(next.command, state, ctx(system, next.at), defaultProcurementPolicy, monitoring);
      if (events.length === 0) throw new Error(`The deadline ${next.command.type} at ${next.at} recorded nothing`);
      recorded.push(...events.map((event) => ({ event, at: next.at, deadline: next.command.type })));
    }
  };
  for (const step of steps) {
    fireUntil(step.now);
    const state = given(recorded.map((entry) => entry.event));
    recorded.push(...decideContract(step.command, state, ctx(step.actor, step.now), defaultProcurementPolicy, monitoring).map((event) => ({ event, at: step.now })));
  }
  if (until !== undefined) fireUntil(until);
  return recorded;
};

/** The events of what was recorded. */
export const eventsOf = (recorded: readonly Recorded[]): ContractEvent[] => recorded.map((entry) => entry.event);

/**
 * A three-year contract's first year, under the default monitoring policy, for the workflow's time-skipping test
 * to follow (run it with `driveWithDeadlines(managementStory(), { until: storyEnd })`):
 * - Q1's return is late: reminded on 24 April, overdue on 2 May (amber; monthly returns asked from July),
 *   escalated to the contract manager on 15 May, submitted on 20 May (green again; quarterly returns stand);
 * - the biannual review is announced on 20 June and held on 5 July;
 * - Q2's return rates the nights delivered inadequate on 20 July: amber, monthly returns from October, and a plan
 *   required, which the workflow opens (developmental);
 * - Q3's return (reminded on 24 October) rates it inadequate again on 25 October: red, intervention;
 * - the plan's workflow reports it failed on 10 November; the lead professional asks for termination for material
 *   breach on 12 November; the contract manager reviews the supply impact on 15 November and gives 30 days'
 *   notice on 16 November; the first monthly return is reminded on 24 November and submitted on 28 November;
 * - on 16 December the termination takes effect and the recommission is requested with the contract's history.
 */
export const managementStory = (): CommandStep[] => {
  const steps: CommandStep[] = [
    { command: submitReturn(quarter.q1, [observe(kpi.nights, 320), observe(kpi.referrals, 96)], ['Q1 return.xlsx']), actor: provider, now: at('2027-05-20') },
    {
      command: {
        type: 'HoldReview',
        data: {
          reviewId: 'biannual-2027-07-04',
          attendees: [
            { name: 'Jo Reed', role: 'lead-professional' },
            { name: 'Sam Patel', role: 'provider', organisation: provider.organisation },
          ],
          minutes: 'Late first return discussed; staffing of weekend shifts remains a risk',
          actions: ['Provider to submit returns by the due date'],
        },
      },
      actor: lead,
      now: at('2027-07-05'),
    },
    { command: submitReturn(quarter.q2, [observe(kpi.nights, 200), observe(kpi.referrals, 96)]), actor: provider, now: at('2027-07-20') },
    { command: submitReturn(quarter.q3, [observe(kpi.nights, 210), observe(kpi.referrals, 90)]), actor: provider, now: at('2027-10-25') },
    { command: { type: 'RecordPlanOutcome', data: { planId: planId(contractId, 1), outcome: 'failed', closedOn: '2027-11-10' } }, actor: system, now: at('2027-11-10') },
    {
      command: { type: 'RequestTermination', data: { ground: 'material-breach', reason: 'Nights delivered inadequate two quarters running; the plan failed' } },
      actor: lead,
      now: at('2027-11-12'),
    },
    {
      command: { type: 'RecordSupplyImpactReview', data: { alternativeCapacity: true, findings: 'Two framework providers can take the current referrals' } },
      actor: contractManager,
      now: at('2027-11-15'),
    },
    { command: { type: 'GiveTerminationNotice', data: { ground: 'material-breach', reference: 'GCC/SB/2026/014/TN1', then: 'recommission' } }, actor: contractManager, now: at('2027-11-16') },
    { command: submitReturn('2027-10-04/2027-11-03', [observe(kpi.referrals, 96)]), actor: provider, now: at('2027-11-28') },
  ];
  return [...monitoredContractToActive(), ...steps];
};

/** When the story's last deadline (the termination taking effect) has come. */
export const storyEnd = '2027-12-16T00:00:00.000Z';

// Shared given/when/then helpers and facts for the contract decider's specs (excluded from the build).
import { defaultProcurementPolicy, type ProcurementPolicy } from '../../policy/procurement-policy.schema';
import type { Actor, CommandContext } from '../../shared/envelope.schema';
import type { ContractCommand } from '../contract.commands';
import { decideContract } from '../contract.decider';
import type { ContractEvent, NeedsAssessment, RouteDecisionDetails, ServiceSpecification } from '../contract.events';
import { evolveContract, initialContractState, type ContractState } from '../contract.state';
import { refusal } from '../../testing';
export { refusal };

export const organisation = 'gloucestershire-cc';
export const commissioner: Actor = { id: 'u-1', role: 'commissioner', organisation };
export const contractManager: Actor = { id: 'u-2', role: 'contract-manager', organisation };
export const provider: Actor = { id: 'p-1', role: 'provider', organisation: 'acme-care' };
export const outsider: Actor = { id: 'u-9', role: 'commissioner', organisation: 'wiltshire-council' };
export const contractId = '6f1c4c33-1d0c-4f57-a9a4-3d3b0f6a2b10';

export const ctx = (actor: Actor = commissioner): CommandContext => ({
  commandId: 'cmd-1',
  correlationId: 'corr-1',
  actor,
  now: '2026-11-22T10:00:00.000Z',
});

export const given = (events: readonly ContractEvent[]): ContractState => events.reduce(evolveContract, initialContractState());

export const when = (
  events: readonly ContractEvent[],
  command: ContractCommand,
  actor: Actor = commissioner,
  policy: ProcurementPolicy = defaultProcurementPolicy,
): ContractEvent[] => decideContract(command, given(events), ctx(actor), policy);

/** The DomainError a rule refuses with; anything else (a ZodError, no error) fails the test. */

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

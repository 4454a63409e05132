import { PlanOutcome, ProcurementRoute, TenderPeriodReduction, type ContractEventType, type PlanEventType, type TenderEventType } from '@cls/domain';
import type { AuditEvent, AuditFilter } from '@cls/event-store';

/** Every event type the domain's registries declare: a view naming anything else does not compile. */
export type DomainEventType = ContractEventType | TenderEventType | PlanEventType;

/** A corrective action plan's status: still open, or ended with its outcome. */
export const PlanStatus = ['open', ...PlanOutcome.options] as const;
export type PlanStatus = (typeof PlanStatus)[number];

export interface GovernanceView {
  description: string;
  /** The event types the view lists. */
  types: readonly DomainEventType[];
  /** A further condition on the data, when the type alone says too much. */
  dataIn?: NonNullable<AuditFilter['dataIn']>;
  /** Columns the CSV export adds for this view, read from each event. */
  columns?: Readonly<Record<string, (event: AuditEvent) => unknown>>;
  /**
   * How the view narrows to a status: the event types that show a plan in it, and the data condition. `open` is
   * the plans opened with no end recorded, which the service works out when asked.
   */
  byStatus?: Readonly<Record<PlanStatus, { types: readonly DomainEventType[]; dataIn?: NonNullable<AuditFilter['dataIn']> }>>;
}

const reasonOf = (event: AuditEvent): unknown => event.metadata.reason;

/** The event that opens a contract's corrective plan, and the one that ends it: both carry the plan's id. */
export const planOpenedType = 'CorrectivePlanOpened' satisfies DomainEventType;
const planEnded = (outcome: PlanOutcome) => ({
  types: ['CorrectivePlanEnded', 'PlanClosed'] as const,
  dataIn: { key: 'outcome', values: [outcome] },
});

/**
 * The governance board's named views: decisions that departed from the default route and the events that show a
 * contract in trouble. Declared by event type, so a new event type slots in by being listed here.
 */
export const governanceViews = {
  'non-tender-routes': {
    description: 'Route decisions other than a tender (direct awards, grants), with their justification',
    types: ['RouteDecided'],
    // Every route but a tender, from the domain's list, so a route added there is listed here.
    dataIn: { key: 'route', values: ProcurementRoute.options.filter((route) => route !== 'tender') },
    columns: {
      route: (event) => event.data['route'],
      wholeLifeValuePence: (event) => event.data['wholeLifeValuePence'],
      justification: (event) => event.data['justification'] ?? reasonOf(event),
    },
  },
  'accepted-abnormally-low-bids': {
    description: 'Abnormally low bids accepted after the bidder explained its price',
    types: ['AbnormallyLowBidAccepted'],
    columns: { bidId: (event) => event.data['bidId'] },
  },
  /**
   * The rules let no one waive or extend a deadline once it is set (a tender's closing time, an explanation's, a
   * standstill's, a return's): the one decision that departs from a default deadline is publishing a tender with
   * a statutory reduction of its minimum tendering period.
   */
  'waived-deadlines': {
    description: 'Tenders published with a reduced minimum tendering period (qualifying planned procurement notice, state of urgency)',
    types: ['TenderPublished'],
    dataIn: { key: 'reduction', values: TenderPeriodReduction.options },
    columns: {
      procedure: (event) => event.data['procedure'],
      reduction: (event) => event.data['reduction'],
      publishedAt: (event) => event.data['publishedAt'],
      closesAt: (event) => event.data['closesAt'] ?? event.data['participationClosesAt'],
    },
  },
  escalations: {
    description: 'Escalations up the ladder (contract manager, head of service, governance board): the contract’s and its plans’',
    types: ['EscalationRaised', 'PlanEscalated'],
    columns: {
      subject: (event) => event.data['subject'] ?? 'corrective-plan',
      level: (event) => event.data['level'],
      step: (event) => event.data['step'],
      reachedOn: (event) => event.data['reachedOn'],
    },
  },
  'corrective-action-plans': {
    description: 'Corrective action plans required, opened, agreed, reviewed, escalated and ended (with their outcome); `status` narrows to open, successful or failed plans',
    types: ['PlanRequired', planOpenedType, 'CorrectivePlanEnded', 'PlanOpened', 'ActionsAgreed', 'PlanReviewed', 'PlanEscalated', 'PlanClosed'],
    columns: {
      planId: (event) => event.data['planId'],
      trigger: (event) => event.data['trigger'],
      approach: (event) => event.data['approach'],
      outcome: (event) => event.data['outcome'],
    },
    byStatus: {
      open: { types: [planOpenedType] },
      successful: planEnded('successful'),
      failed: planEnded('failed'),
    },
  },
  terminations: {
    description: 'Early terminations requested, notified and effective',
    types: ['TerminationRequested', 'TerminationNoticeGiven', 'ContractTerminated'],
  },
} as const satisfies Record<string, GovernanceView>;

export type GovernanceViewName = keyof typeof governanceViews;
export const governanceViewNames = Object.keys(governanceViews) as [GovernanceViewName, ...GovernanceViewName[]];

import { ProcurementRoute } from '@cls/domain';
import type { AuditEvent, AuditFilter } from '@cls/event-store';

export interface GovernanceView {
  description: string;
  /** The event types the view lists. A type nothing emits yet simply matches nothing until it is emitted. */
  types: readonly string[];
  /** A further condition on the data, when the type alone says too much. */
  dataIn?: NonNullable<AuditFilter['dataIn']>;
  /** Columns the CSV export adds for this view, read from each event. */
  columns?: Readonly<Record<string, (event: AuditEvent) => unknown>>;
}

const reasonOf = (event: AuditEvent): unknown => event.metadata.reason;

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
  'waived-deadlines': {
    description: 'Deadlines waived or extended',
    types: ['DeadlineWaived', 'DeadlineExtended'],
  },
  escalations: {
    description: 'Escalations up the ladder (contract manager, head of service, governance board)',
    types: ['PlanEscalated', 'ReturnEscalated'],
    columns: { level: (event) => event.data['level'], step: (event) => event.data['step'] },
  },
  'corrective-action-plans': {
    description: 'Corrective action plans opened, agreed, reviewed and closed (with their outcome)',
    types: ['PlanOpened', 'ActionsAgreed', 'PlanReviewed', 'PlanEscalated', 'PlanClosed'],
    columns: { planId: (event) => event.data['planId'], approach: (event) => event.data['approach'], outcome: (event) => event.data['outcome'] },
  },
  terminations: {
    description: 'Early terminations requested, notified and effective',
    types: ['TerminationRequested', 'TerminationNoticeGiven', 'ContractTerminated'],
  },
} as const satisfies Record<string, GovernanceView>;

export type GovernanceViewName = keyof typeof governanceViews;
export const governanceViewNames = Object.keys(governanceViews) as [GovernanceViewName, ...GovernanceViewName[]];

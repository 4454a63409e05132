import type { Role } from '../shared/envelope.schema';

/** The audit trail's read views, as the API serves them. */
export const auditViews = [
  /** A process's timeline: GET /contracts/:id/timeline */
  'contract-timeline',
  /** A contract's state and history as of a time: GET /contracts/:id/as-of */
  'contract-as-of',
  /** A process's hash chains: GET /contracts/:id/verify */
  'contract-verify',
  /** Events across processes: GET /audit/events */
  'audit-events',
  /** The named governance views: GET /audit/views/:view */
  'governance-views',
  /** Every hash chain and checkpoint in the store: GET /audit/verify */
  'audit-verify',
  /** Taking a checkpoint on demand: POST /audit/checkpoints */
  'audit-checkpoint',
] as const;
export type AuditView = (typeof auditViews)[number];

/**
 * How far a role reads in a view:
 * - own-organisation: the processes its organisation commissioned (CommissionOpened's organisation);
 * - supplied: the processes whose ContractAwarded names its organisation as supplier, and of those only the
 *   contract stream and what its own staff did (never other bidders' tenders);
 * - whole-store: the store as a whole (verification and checkpoints name no process's content).
 */
export type ViewReach = 'own-organisation' | 'supplied' | 'whole-store';

const staff = {
  commissioner: 'own-organisation',
  'contract-manager': 'own-organisation',
  'lead-professional': 'own-organisation',
  'budget-holder': 'own-organisation',
  finance: 'own-organisation',
  governance: 'own-organisation',
} as const satisfies Partial<Record<Role, ViewReach>>;

/**
 * The one place that says which role may read which audit view. A role missing from a view is refused (403);
 * evaluators read only their tenders, and the system actor reads nothing. Governance is read-only: of the views,
 * only taking a checkpoint writes, and that adds evidence without changing any event.
 */
export const viewPermissions: Readonly<Record<AuditView, Readonly<Partial<Record<Role, ViewReach>>>>> = {
  'contract-timeline': { ...staff, provider: 'supplied' },
  'contract-as-of': { ...staff, provider: 'supplied' },
  'contract-verify': staff,
  'audit-events': { commissioner: 'own-organisation', 'contract-manager': 'own-organisation', governance: 'own-organisation' },
  'governance-views': { commissioner: 'own-organisation', 'contract-manager': 'own-organisation', governance: 'own-organisation' },
  'audit-verify': { governance: 'whole-store' },
  'audit-checkpoint': { governance: 'whole-store' },
};

/** The reporting service's read models, as it serves them. */
export const reportingViews = ['register', 'provider-scorecards', 'due-items', 'plan-tracker', 'governance-log', 'payments-compliance', 'projections'] as const;
export type ReportingView = (typeof reportingViews)[number];

/**
 * Who reads which reporting view, in the same terms: staff their organisation's processes, a provider only the
 * contracts it supplies. The governance log is for those who answer for decisions, as the governance views are;
 * a provider would learn from it of other bidders and of decisions it is not party to. Projection lag names no
 * process's content, so any of the authority's people may read it. Evaluators and the system actor read none.
 */
export const reportingPermissions: Readonly<Record<ReportingView, Readonly<Partial<Record<Role, ViewReach>>>>> = {
  register: { ...staff, provider: 'supplied' },
  'provider-scorecards': { ...staff, provider: 'supplied' },
  'due-items': { ...staff, provider: 'supplied' },
  'plan-tracker': { ...staff, provider: 'supplied' },
  'governance-log': { commissioner: 'own-organisation', 'contract-manager': 'own-organisation', governance: 'own-organisation' },
  // What the authority publishes of its own payments; a provider reads the figures of the contracts it supplies.
  'payments-compliance': { ...staff, provider: 'supplied' },
  projections: { ...staff },
};

/** How far the role reads in the view, or undefined when it may not read it at all. */
export const viewReach = (view: AuditView, role: Role): ViewReach | undefined => viewPermissions[view][role];

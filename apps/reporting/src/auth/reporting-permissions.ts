import { forbidden, type Actor, type Role, type ViewReach } from '@cls/domain';

/** The reporting service's read views. */
export const reportingViews = ['register', 'provider-scorecards', 'due-items', 'plan-tracker', 'governance-log', 'projections'] as const;
export type ReportingView = (typeof reportingViews)[number];

/** The authority's own people, governance among them: read-only across their organisation's processes. */
const staff = {
  commissioner: 'own-organisation',
  'contract-manager': 'own-organisation',
  'lead-professional': 'own-organisation',
  'budget-holder': 'own-organisation',
  finance: 'own-organisation',
  governance: 'own-organisation',
} as const satisfies Partial<Record<Role, ViewReach>>;

/**
 * The one place that says who reads which reporting view, in the audit views' terms (libs/domain
 * access/view-permissions): staff their organisation's processes, a provider only the contracts it supplies.
 * The governance log is for those who answer for decisions, as the API's governance views are; a provider
 * would learn from it of other bidders and of decisions it is not party to. Projection lag names no process's
 * content, so any of the authority's people may read it. Evaluators and the system actor read none.
 */
export const reportingPermissions: Readonly<Record<ReportingView, Readonly<Partial<Record<Role, ViewReach>>>>> = {
  register: { ...staff, provider: 'supplied' },
  'provider-scorecards': { ...staff, provider: 'supplied' },
  'due-items': { ...staff, provider: 'supplied' },
  'plan-tracker': { ...staff, provider: 'supplied' },
  'governance-log': { commissioner: 'own-organisation', 'contract-manager': 'own-organisation', governance: 'own-organisation' },
  projections: { ...staff },
};

/** Which rows a reader sees: those whose commissioning organisation, or whose provider, is the reader's. */
export interface Tenancy {
  column: 'organisation' | 'provider_organisation';
  organisation: string;
}

/** The reader's tenancy in a view, or a 403 when the role may not read it at all. */
export const tenancyOf = (view: ReportingView, actor: Actor): Tenancy => {
  const reach = reportingPermissions[view][actor.role];
  if (!reach) throw forbidden('reporting.view-forbidden', `The ${actor.role} role may not read ${view}`);
  return { column: reach === 'supplied' ? 'provider_organisation' : 'organisation', organisation: actor.organisation };
};

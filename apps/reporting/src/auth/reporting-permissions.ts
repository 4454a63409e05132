import { forbidden, reportingPermissions, type Actor, type ReportingView } from '@cls/domain';

export type { ReportingView };

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

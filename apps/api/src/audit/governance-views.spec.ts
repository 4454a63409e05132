import { knownEventTypes } from './event-types';
import { governanceViews, type GovernanceView } from './governance-views';

const views = Object.entries(governanceViews as Record<string, GovernanceView>);

describe('governance views', () => {
  it.each(views)('given the domain’s event registries, the view %s names only event types they declare', (_name, view) => {
    const named = [...view.types, ...Object.values(view.byStatus ?? {}).flatMap((status) => status.types)];
    expect(named.filter((type) => !knownEventTypes.has(type))).toEqual([]);
  });

  it.each(views.filter(([, view]) => view.byStatus))('given the view %s has statuses, each narrows to types the view lists', (_name, view) => {
    for (const status of Object.values(view.byStatus ?? {})) expect(view.types).toEqual(expect.arrayContaining([...status.types]));
  });

  it('given the registries, the known event types include every family: contract, management, tender and plan', () => {
    expect(['RouteDecided', 'EscalationRaised', 'TenderPublished', 'PlanEscalated'].every((type) => knownEventTypes.has(type))).toBe(true);
  });
});

import * as domain from '@cls/domain';

/**
 * Every event type the domain declares, gathered from each event family's `…EventSchemas` registry (contract,
 * tender, and whichever families are exported next), so a new family is a known filter value without an edit here.
 */
export const knownEventTypes: ReadonlySet<string> = new Set(
  Object.entries(domain)
    .filter(([name, value]) => name.endsWith('EventSchemas') && typeof value === 'object' && value !== null)
    .flatMap(([, registry]) => Object.keys(registry as object)),
);

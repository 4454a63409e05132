import {
  commandPermissions,
  planCommandPermissions,
  reportingPermissions,
  viewPermissions,
  type ContractCommandType,
  type PlanCommandType,
} from '@cls/domain';
import type { PersonRole } from '../auth/signed-in-user';

const readersOf = (table: Readonly<Partial<Record<string, unknown>>>): PersonRole[] =>
  Object.keys(table).filter((role) => role !== 'system') as PersonRole[];

const both = (first: readonly PersonRole[], second: readonly PersonRole[]): PersonRole[] => first.filter((role) => second.includes(role));

/**
 * Which role sees which page, derived from the permission tables the API and the reporting service enforce
 * (libs/domain/src/access): a page is offered only to a role that may read what it shows. The services still decide
 * every request; this keeps the console from offering what they would refuse.
 */
export const pageAccess = {
  /** The people who act on contracts day to day, reading what is due from the due items. */
  'work-queue': both(['contract-manager', 'commissioner', 'lead-professional'], readersOf(reportingPermissions['due-items'])),
  register: readersOf(reportingPermissions.register),
  'provider-portal': both(['provider'], readersOf(reportingPermissions.register)),
  contract: readersOf(viewPermissions['contract-timeline']),
  governance: readersOf(viewPermissions['governance-views']),
  'as-of': both(readersOf(viewPermissions['governance-views']), readersOf(viewPermissions['contract-as-of'])),
  verify: readersOf(viewPermissions['audit-verify']),
} as const satisfies Record<string, readonly PersonRole[]>;
export type PageName = keyof typeof pageAccess;

export const mayOpen = (page: PageName, role: PersonRole): boolean => (pageAccess[page] as readonly PersonRole[]).includes(role);

/** A person's first page: the one for the work their role does. */
export const homeOf = (role: PersonRole): string => {
  if (mayOpen('provider-portal', role)) return '/provider';
  if (mayOpen('work-queue', role)) return '/work-queue';
  if (role === 'governance') return '/governance';
  return '/register';
};

/** The service navigation: the pages this role may open. */
export const navigationFor = (role: PersonRole): { href: string; text: string; page: PageName }[] =>
  (
    [
      { href: '/work-queue', text: 'Work queue', page: 'work-queue' },
      { href: '/provider', text: 'Your contracts', page: 'provider-portal' },
      { href: '/register', text: 'Register', page: 'register' },
      { href: '/governance', text: 'Governance', page: 'governance' },
    ] as const
  ).filter((item) => mayOpen(item.page, role));

/** Whether the role may give the command, by the same tables the workflows decide by: forms are offered only then. */
export const mayGive = (command: ContractCommandType, role: PersonRole): boolean => commandPermissions[command].includes(role);
export const mayGivePlanCommand = (command: PlanCommandType, role: PersonRole): boolean => planCommandPermissions[command].includes(role);

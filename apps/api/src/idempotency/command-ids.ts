import { randomUUID } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import type { KeyScope } from './idempotency.store';

/** The ids a command request carries to Temporal. */
export interface CommandIds {
  /** The command's id, which is also its Temporal update id: one per request, the same for each of its retries. */
  commandId: string;
  /** The id of what the command creates when the caller names none (a new contract): the same for each retry. */
  createdId: string;
}

/**
 * Ids derived from the scoped key (organisation, endpoint, key) under the seed drawn when the key was first used
 * (UUID v5, the seed as namespace): two organisations, or two endpoints, never share an update id for one key, a
 * retry gets the ids its first attempt had, and a key used again after it expired names a new command.
 */
export const commandIdsOfKey = (scope: KeyScope, endpoint: string, seed: string): CommandIds => {
  const name = (purpose: string) => [purpose, scope.organisation, endpoint, scope.key].join('\n');
  return { commandId: uuidv5(name('command'), seed), createdId: uuidv5(name('created'), seed) };
};

/** Without a key every request is a command of its own. */
export const freshCommandIds = (): CommandIds => ({ commandId: randomUUID(), createdId: randomUUID() });

const idsOfRequest = new WeakMap<object, CommandIds>();

export const attachCommandIds = (request: object, ids: CommandIds): void => {
  idsOfRequest.set(request, ids);
};

export const commandIdsOf = (request: object): CommandIds | undefined => idsOfRequest.get(request);

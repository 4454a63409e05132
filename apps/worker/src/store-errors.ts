import { eventRejectedFailure, type EventRejectedDetails } from '@cls/workflows';
import { ApplicationFailure } from '@temporalio/common';

/**
 * SQLSTATE classes that describe the moment, not the request: the connection (08), a transaction rolled back to
 * be tried again (40), resources (53), an operator's intervention such as a restart (57), the server's own system
 * (58), and an object briefly unavailable, such as a lock (55). Every other SQLSTATE is the database saying the
 * statement itself cannot succeed — a value it cannot hold (22), a broken constraint (23), a program limit (54) —
 * and trying it again can only jam the contract behind it.
 */
const transientClasses = new Set(['08', '40', '53', '55', '57', '58']);

const sqlStateOf = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
};

/**
 * Turns a store failure into what Temporal should do with it: a data error becomes a non-retryable
 * `EventRejected` failure naming the SQLSTATE; anything else (a lost connection, a pool timeout, a restart)
 * is rethrown for the activity's bounded retries.
 */
export const classifyStoreError = (error: unknown): unknown => {
  const sqlState = sqlStateOf(error);
  if (sqlState === undefined || transientClasses.has(sqlState.slice(0, 2))) return error;
  const details: EventRejectedDetails = { sqlState, message: error instanceof Error ? error.message : String(error) };
  return ApplicationFailure.create({
    type: eventRejectedFailure,
    message: `The store refused the events: ${details.message} (SQLSTATE ${sqlState})`,
    details: [details],
    nonRetryable: true,
  });
};

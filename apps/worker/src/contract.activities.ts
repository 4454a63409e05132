import { type PostgresEventStore, WrongExpectedVersionError } from '@cls/event-store';
import { wrongExpectedVersionFailure, type ContractActivities } from '@cls/workflows';
import { ApplicationFailure } from '@temporalio/common';

export interface ContractActivityDeps {
  store: PostgresEventStore;
}

/** The contract workflow's ports, bound to real clients. Tests build the same object with a test database. */
export const createContractActivities = ({ store }: ContractActivityDeps): ContractActivities => ({
  async appendEvents({ streamId, expectedVersion, events }) {
    try {
      const result = await store.append(streamId, expectedVersion, events);
      return {
        nextVersion: result.nextVersion,
        events: result.events.map(({ eventId, type, streamVersion, globalPosition }) => ({
          eventId,
          type,
          streamVersion,
          globalPosition,
        })),
      };
    } catch (error) {
      // Retrying cannot help: another writer owns those versions. Everything else (connection loss, timeouts)
      // is retried by Temporal, and the fixed event ids make the retry idempotent.
      if (error instanceof WrongExpectedVersionError) {
        throw ApplicationFailure.nonRetryable(error.message, wrongExpectedVersionFailure, {
          expectedVersion: error.expectedVersion,
          actualVersion: error.actualVersion,
        });
      }
      throw error;
    }
  },
  loadStream: ({ streamId, afterVersion }) => store.readStream(streamId, { fromVersion: afterVersion + 1 }),
});

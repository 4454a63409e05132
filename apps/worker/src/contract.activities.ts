import { type PostgresEventStore, WrongExpectedVersionError } from '@cls/event-store';
import { currentTraceContext } from '@cls/observability';
import { wrongExpectedVersionFailure, type ContractActivities } from '@cls/workflows';
import { ApplicationFailure } from '@temporalio/common';
import { classifyStoreError } from './store-errors';

export interface ContractActivityDeps {
  store: PostgresEventStore;
}

/** The contract workflow's ports, bound to real clients. Tests build the same object with a test database. */
export const createContractActivities = ({ store }: ContractActivityDeps): ContractActivities => ({
  async appendEvents({ streamId, expectedVersion, events }) {
    try {
      // The command's trace travels with its events to the relay and the consumers. It is added here, from this
      // activity's span, because the workflow's deterministic code never sees trace context; nothing folds it.
      const trace = currentTraceContext();
      const traced = events.map((event) => ({ ...event, metadata: { ...event.metadata, ...trace } }));
      const result = await store.append(streamId, expectedVersion, traced);
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
      // Retrying cannot help: another writer owns those versions. Connection loss and timeouts are retried by
      // Temporal within the workflow's bounds, and the fixed event ids make the retry idempotent.
      if (error instanceof WrongExpectedVersionError) {
        throw ApplicationFailure.nonRetryable(error.message, wrongExpectedVersionFailure, {
          expectedVersion: error.expectedVersion,
          actualVersion: error.actualVersion,
        });
      }
      throw classifyStoreError(error);
    }
  },
  async loadStream({ streamId, afterVersion, limit }) {
    try {
      return await store.readStream(streamId, { fromVersion: afterVersion + 1, toVersion: afterVersion + limit });
    } catch (error) {
      throw classifyStoreError(error);
    }
  },
});

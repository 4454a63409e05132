import type { PendingEvent, StoredEvent } from '@cls/domain';

/**
 * The ports the contract workflow needs from the outside world. The worker implements them
 * (apps/worker, `createContractActivities`); tests implement them in memory against the same type.
 */
export interface ContractActivities {
  /** Appends to the stream at `expectedVersion`; retried with the same event ids, it never writes twice. */
  appendEvents(input: AppendEventsInput): Promise<AppendEventsOutput>;
  /**
   * Up to `limit` events of the stream as stored after a version, so a fresh run of a contract's workflow starts
   * from the record; paged so that no activity result grows with the contract's age.
   */
  loadStream(input: { streamId: string; afterVersion: number; limit: number }): Promise<StoredEvent[]>;
}

export interface AppendEventsInput {
  streamId: string;
  expectedVersion: number;
  events: PendingEvent[];
}

export interface AppendEventsOutput {
  nextVersion: number;
  events: Pick<StoredEvent, 'eventId' | 'type' | 'streamVersion' | 'globalPosition'>[];
}

/** The activity error type the workflow treats as final: someone else wrote to the stream. */
export const wrongExpectedVersionFailure = 'WrongExpectedVersion';

/**
 * The activity error type for events the store refused as data (a value PostgreSQL cannot hold, a broken
 * constraint): the same events would be refused on every attempt, so it is final, and nothing was stored.
 */
export const eventRejectedFailure = 'EventRejected';

/** What an `EventRejected` failure carries: the database's SQLSTATE and its message, for the caller's problem. */
export interface EventRejectedDetails {
  sqlState: string;
  message: string;
}

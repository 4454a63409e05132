import type { StoredEvent } from './envelope.schema';

/** Where a stored event sits in the record: enough to find it, read it back or wait for it in a read model. */
export type StoredEventRef = Pick<StoredEvent, 'eventId' | 'type' | 'streamVersion' | 'globalPosition'>;

/** An event a command has just stored, with its data, so the caller can name what the command created. */
export type AppendedEvent = StoredEventRef & Pick<StoredEvent, 'data'>;

/**
 * What a process's workflow answers to a command: the version the command brought it to and the events it stored.
 * Never the whole state: that grows with the process's age (years of returns, ratings and concerns) and every answer
 * is a Temporal payload with a size limit, while one command's events stay as small as the command. A caller that
 * wants the state reads it.
 */
export interface CommandOutcome {
  version: number;
  lastEventAt?: string;
  events: AppendedEvent[];
}

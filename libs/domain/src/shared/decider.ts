import type { CommandContext } from './envelope.schema';

/** An event as the decider emits it: what happened, without the envelope the caller wraps it in. */
export interface DecidedEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
  /** A person's reason for a decision; carried into the event's metadata. */
  reason?: string;
}

/** The decider pattern: pure functions, time and actor passed in, errors thrown as DomainError. */
export interface Decider<Command, Event extends DecidedEvent, State> {
  initialState: () => State;
  decide: (command: Command, state: State, context: CommandContext) => Event[];
  evolve: (state: State, event: Event) => State;
}

export const assertNever = (value: never): never => {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
};

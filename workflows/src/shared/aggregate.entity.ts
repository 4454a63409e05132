import { CommandContext, DomainError, type Decider, type DecidedEvent, type PendingEvent } from '@cls/domain';
import { z } from 'zod';

/** An event as the store confirmed it: what the fold needs. */
export interface ConfirmedEvent {
  type: string;
  data: unknown;
  streamVersion: number;
  occurredAt: string;
}

/** What an aggregate's workflow carries across continue-as-new: the fold so far and where it stands in the stream. */
export interface AggregateSnapshot<State> {
  state: State;
  version: number;
  lastEventAt?: string;
}

/** A command as it reaches a workflow: who gives it, the ids that tie it to what it causes, and a reason. */
export interface AggregateRequest<Command> {
  command: Command;
  context: Omit<CommandContext, 'now'>;
  reason?: string;
}

/** What a workflow needs to know about an aggregate: its stream, its rules and how its events are read back. */
export interface Aggregate<Command, Event extends DecidedEvent, State> {
  streamId: string;
  decider: Decider<Command, Event, State>;
  command: z.ZodType<Command>;
  schemaVersionOf: (type: Event['type']) => number;
  parseEvent: (type: string, data: unknown) => Event;
  /** Rules about the request that the decider cannot see, such as an id that must match the workflow's. */
  checkCommand?: (command: Command) => void;
}

/**
 * An aggregate's state and the rules for changing it, free of Temporal: the workflow supplies the clock, the ids
 * and the activity that stores events. Kept apart so it can be reasoned about and tested alone.
 */
export class AggregateEntity<Command, Event extends DecidedEvent, State> {
  private snapshot: AggregateSnapshot<State>;
  private readonly request: z.ZodType<AggregateRequest<Command>>;

  constructor(
    readonly aggregate: Aggregate<Command, Event, State>,
    snapshot?: AggregateSnapshot<State>,
  ) {
    this.snapshot = snapshot ?? { state: aggregate.decider.initialState(), version: 0 };
    this.request = z.object({
      command: aggregate.command,
      context: CommandContext.omit({ now: true }),
      reason: z.string().trim().min(1).max(4000).optional(),
    });
  }

  get streamId(): string {
    return this.aggregate.streamId;
  }

  get state(): State {
    return this.snapshot.state;
  }

  get version(): number {
    return this.snapshot.version;
  }

  toSnapshot(): AggregateSnapshot<State> {
    return this.snapshot;
  }

  view(): AggregateSnapshot<State> {
    return { ...this.snapshot };
  }

  /**
   * Parses the request and decides it against the current state. Throws DomainError for anything the rules
   * refuse. Pure: the validator calls it to refuse before anything reaches history, the handler again under the
   * lock because the state may have moved between the two.
   */
  decide(request: unknown, now: string): { request: AggregateRequest<Command>; events: Event[] } {
    const parsed = this.request.safeParse(request);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new DomainError('invalid', 'command.invalid', issue?.message ?? 'Invalid command', issue?.path.join('.'));
    }
    this.aggregate.checkCommand?.(parsed.data.command);
    const events = this.aggregate.decider.decide(parsed.data.command, this.snapshot.state, { ...parsed.data.context, now });
    return { request: parsed.data, events };
  }

  /** Wraps decided events in their envelope: ids from the workflow, so a retried append cannot duplicate them. */
  envelope(request: AggregateRequest<Command>, events: readonly Event[], now: string, newId: () => string): PendingEvent[] {
    return events.map((event) => {
      const reason = event.reason ?? request.reason;
      return {
        eventId: newId(),
        type: event.type,
        schemaVersion: this.aggregate.schemaVersionOf(event.type),
        data: event.data as Record<string, unknown>,
        metadata: {
          actor: request.context.actor,
          ...(reason ? { reason } : {}),
          correlationId: request.context.correlationId,
          causationId: request.context.commandId,
          occurredAt: now,
        },
      };
    });
  }

  /** Folds events the store has confirmed, at the versions it gave them. */
  apply(stored: readonly ConfirmedEvent[]): Event[] {
    return stored.map((event) => {
      if (event.streamVersion !== this.snapshot.version + 1) {
        throw new Error(`Event at version ${event.streamVersion} does not follow version ${this.snapshot.version}`);
      }
      const parsed = this.aggregate.parseEvent(event.type, event.data);
      this.snapshot = {
        state: this.aggregate.decider.evolve(this.snapshot.state, parsed),
        version: event.streamVersion,
        lastEventAt: event.occurredAt,
      };
      return parsed;
    });
  }
}

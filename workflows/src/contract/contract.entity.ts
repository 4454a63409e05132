import {
  CommandContext,
  ContractCommand,
  ContractEventSchemas,
  contractDecider,
  contractStreamId,
  DomainError,
  parseContractEvent,
  type CommandRequest,
  type CommandResult,
  type ContractEvent,
  type ContractState,
  type ContractView,
  type PendingEvent,
} from '@cls/domain';
import { z } from 'zod';

/** An event as the store confirmed it: what the fold needs. */
export interface ConfirmedEvent {
  type: string;
  data: unknown;
  streamVersion: number;
  occurredAt: string;
}

/** What a contract's workflow carries across continue-as-new: the fold so far and where it stands in the stream. */
export interface ContractSnapshot {
  state: ContractState;
  version: number;
  lastEventAt?: string;
}

const Request = z.object({
  command: ContractCommand,
  context: CommandContext.omit({ now: true }),
  reason: z.string().trim().min(1).max(4000).optional(),
});

/**
 * The contract's state and the rules for changing it, free of Temporal: the workflow supplies the clock,
 * the ids and the activity that stores events. Kept apart so it can be unit-tested and reasoned about alone.
 */
export class ContractEntity {
  private snapshot: ContractSnapshot;

  constructor(
    readonly contractId: string,
    snapshot?: ContractSnapshot,
  ) {
    this.snapshot = snapshot ?? { state: contractDecider.initialState(), version: 0 };
  }

  get streamId(): string {
    return contractStreamId(this.contractId);
  }

  get state(): ContractState {
    return this.snapshot.state;
  }

  get version(): number {
    return this.snapshot.version;
  }

  toSnapshot(): ContractSnapshot {
    return this.snapshot;
  }

  view(): ContractView {
    return {
      contractId: this.contractId,
      version: this.snapshot.version,
      state: this.snapshot.state,
      ...(this.snapshot.lastEventAt ? { lastEventAt: this.snapshot.lastEventAt } : {}),
    };
  }

  /**
   * Parses the request and decides it against the current state. Throws DomainError for anything the rules
   * refuse. Pure: the validator calls it to refuse before anything reaches history, the handler again under
   * the lock because the state may have moved between the two.
   */
  decide(request: unknown, now: string): { request: CommandRequest; events: ContractEvent[] } {
    const parsed = Request.safeParse(request);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new DomainError('invalid', 'command.invalid', issue?.message ?? 'Invalid command', issue?.path.join('.'));
    }
    if (parsed.data.command.type === 'OpenCommission' && parsed.data.command.data.contractId !== this.contractId) {
      throw new DomainError('invalid', 'command.contract-id-mismatch', 'The command names another contract', 'data.contractId');
    }
    const events = contractDecider.decide(parsed.data.command, this.snapshot.state, { ...parsed.data.context, now });
    return { request: parsed.data, events };
  }

  /** Wraps decided events in their envelope: ids from the workflow, so a retried append cannot duplicate them. */
  envelope(request: CommandRequest, events: ContractEvent[], now: string, newId: () => string): PendingEvent[] {
    return events.map((event) => {
      const reason = event.reason ?? request.reason;
      return {
        eventId: newId(),
        type: event.type,
        schemaVersion: ContractEventSchemas[event.type].schemaVersion,
        data: event.data,
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
  apply(stored: readonly ConfirmedEvent[]): void {
    for (const event of stored) {
      if (event.streamVersion !== this.snapshot.version + 1) {
        throw new Error(`Event at version ${event.streamVersion} does not follow version ${this.snapshot.version}`);
      }
      this.snapshot = {
        state: contractDecider.evolve(this.snapshot.state, parseContractEvent(event.type, event.data)),
        version: event.streamVersion,
        lastEventAt: event.occurredAt,
      };
    }
  }

  result(events: CommandResult['events']): CommandResult {
    return { ...this.view(), events };
  }
}

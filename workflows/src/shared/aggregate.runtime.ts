import { DomainError, type Actor, type AppendedEvent, type CommandOutcome, type DecidedEvent, type PendingEvent, type StoredEventRef } from '@cls/domain';
import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  TemporalFailure,
  uuid4,
  workflowInfo,
  type defineUpdate,
  type QueryDefinition,
} from '@temporalio/workflow';
import { Mutex } from 'async-mutex';
import { eventRejectedFailure, wrongExpectedVersionFailure, type ContractActivities } from '../contract/contract.activities';
import { notificationRejectedFailure, type Notification, type NotificationActivities } from '../notifications/notification.port';
import type { AggregateEntity, AggregateRequest } from './aggregate.entity';

const storeRetry = {
  initialInterval: '200 milliseconds',
  backoffCoefficient: 2,
  maximumInterval: '5 seconds',
  nonRetryableErrorTypes: [wrongExpectedVersionFailure, eventRejectedFailure],
};

// A command is bounded: events the store cannot take within a minute fail the command, and its caller hears so,
// rather than the contract waiting behind it for as long as the database is down.
const appendOptions = { startToCloseTimeout: '10 seconds', scheduleToCloseTimeout: '1 minute', retry: storeRetry } as const;
const { appendEvents: appendEventsAsTask } = proxyActivities<ContractActivities>(appendOptions);
// The append runs as a local activity: inside the workflow task that took the command, so the command is accepted,
// stored and answered in one workflow task, with no activity task for the server to schedule, dispatch and record
// (its result is one marker in history). It may run again if the worker dies before the task completes; the events'
// ids are the same on every attempt, so `store` recognises an append that already happened.
const { appendEvents: appendEventsLocally } = proxyLocalActivities<ContractActivities>(appendOptions);
/** Histories recorded before the append became a local activity replay with the activity task they hold. */
const appendLocallyPatch = 'append-events-as-local-activity';

// Reading the record back is retried for as long as it takes: nothing can be decided before it answers.
const loadOptions = { startToCloseTimeout: '30 seconds', retry: { ...storeRetry, maximumInterval: '30 seconds' } } as const;
const { loadStream } = proxyActivities<ContractActivities>(loadOptions);
// A new run reads its first page locally too, so that opening a contract (load, decide, append, answer) is one
// workflow task. Only the first: the markers of a task's local activities reach the server together when the task
// completes, and a long record's pages would exceed the size a completion may have.
const { loadStream: loadStreamLocally } = proxyLocalActivities<ContractActivities>(loadOptions);
/** Histories recorded before the load became a local activity replay with their activity tasks. */
const loadLocallyPatch = 'load-stream-as-local-activity';

/** Events per `loadStream` call: a page of events stays far below Temporal's payload limits at any age. */
const loadPageSize = 200;

/**
 * The type of an activity's final failure, when the activity itself gave one: a task activity's failure arrives
 * wrapped in an ActivityFailure, a local activity's as the ApplicationFailure itself.
 */
const activityFailureType = (error: unknown): string | undefined => {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  return cause instanceof ApplicationFailure ? (cause.type ?? undefined) : undefined;
};

// A receiver that is down must not hold up the contract: deliveries retry in the background for a day.
const { deliverNotification } = proxyActivities<NotificationActivities>({
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '1 day',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 minutes', nonRetryableErrorTypes: [notificationRejectedFailure] },
});

/** Domain refusals cross the Temporal boundary as ApplicationFailures that keep the rule's code and field. */
export const asFailure = (error: unknown): unknown =>
  error instanceof DomainError
    ? ApplicationFailure.create({ type: 'DomainError', message: error.message, details: [error.toJSON()], nonRetryable: true })
    : error;

/** The workflow's clock (Temporal's, deterministic on replay), read once per command and passed in as `now`. */
export const workflowNow = (): string => new Date().toISOString();

export interface Executed<Event> {
  events: Event[];
  stored: StoredEventRef[];
  /** The stored events with their data: what a command answers. */
  appended: AppendedEvent[];
  /** The ids of the stored events, in order, for notifications keyed by their cause. */
  eventIds: string[];
  now: string;
}

export interface RuntimeHooks<Command, Event> {
  /** Runs under the lock after events are stored and folded: starting children, handing on notifications. */
  afterApply?: (executed: Executed<Event>, request: AggregateRequest<Command>) => Promise<void> | void;
  /** Maps a stored event to the notification it causes, if any. */
  notificationOf?: (event: Event, eventId: string, now: string) => Notification | undefined;
}

/**
 * Runs one aggregate inside its workflow: loads it from the record, serves commands as updates (the validator
 * refuses what the rules refuse before anything reaches history; the handler decides again under a lock because
 * the state may have moved), records the facts the workflow observes itself, and hands notifications on.
 */
export class AggregateRuntime<Command, Event extends DecidedEvent, State> {
  readonly lock = new Mutex();
  private readonly deliveries = new Set<Promise<unknown>>();

  constructor(
    readonly entity: AggregateEntity<Command, Event, State>,
    private readonly hooks: RuntimeHooks<Command, Event> = {},
  ) {}

  /** Until the record is loaded the validator cannot judge a command; the handler decides it after the load. */
  private ready = false;

  /**
   * Brings the aggregate up to date before it serves commands: a run that continued as new already holds the fold;
   * a fresh run reads the record. Call it before `serve`: the lock is taken before any handler exists, so a command
   * delivered with the start (update-with-start) waits for the load. `first`, the command the aggregate was started
   * for, is decided once the record shows the aggregate has no events yet.
   */
  start(options: { resumed: boolean; first?: { request: unknown; now: string } | undefined }): Promise<void> {
    if (options.resumed) {
      this.ready = true;
      return Promise.resolve();
    }
    return this.lock.runExclusive(async () => {
      await this.catchUp();
      if (options.first && this.entity.version === 0) await this.executeLocked(options.first.request, options.first.now);
      // Only now can the validator judge: before the first command is stored, everything would look not found.
      this.ready = true;
    });
  }

  /**
   * Set when the record may hold events this run has not folded: another writer moved the stream, so the next
   * command reads what is stored before it decides, instead of every later command failing the same way.
   */
  private behind = false;

  /** Decides, stores and folds a request. The caller holds the lock. */
  private async executeLocked(request: unknown, now: string): Promise<Executed<Event>> {
    if (this.behind) await this.catchUp();
    const decided = this.entity.decide(request, now);
    const pending = this.entity.envelope(decided.request, decided.events, now, uuid4);
    const stored = await this.store(pending);
    this.entity.apply(stored.map((event, index) => ({ ...event, data: pending[index]?.data, occurredAt: now })));
    const appended = stored.map((event, index) => ({ ...event, data: pending[index]?.data ?? {} }));
    const executed = { events: decided.events, stored, appended, eventIds: pending.map((event) => event.eventId), now };
    this.notify(executed);
    await this.hooks.afterApply?.(executed, decided.request);
    return executed;
  }

  /** Folds what the record holds beyond this run's version, a page at a time. */
  private async catchUp(): Promise<void> {
    let load = patched(loadLocallyPatch) ? loadStreamLocally : loadStream;
    for (;;) {
      const page = await load({ streamId: this.entity.streamId, afterVersion: this.entity.version, limit: loadPageSize });
      this.entity.apply(page.map((event) => ({ ...event, occurredAt: event.metadata.occurredAt })));
      if (page.length < loadPageSize) break;
      load = loadStream;
    }
    this.behind = false;
  }

  /**
   * Appends the events and answers how the store numbered them. A refusal of the data stored nothing and is
   * final; a conflict means the record moved; any other failure (the append's time ran out while the store was
   * away) leaves the outcome unknown, so the record is read back: events found there under these ids were stored.
   */
  private async store(pending: PendingEvent[]): Promise<StoredEventRef[]> {
    const { streamId, version } = this.entity;
    const appendEvents = patched(appendLocallyPatch) ? appendEventsLocally : appendEventsAsTask;
    try {
      return (await appendEvents({ streamId, expectedVersion: version, events: pending })).events;
    } catch (error) {
      const type = activityFailureType(error);
      if (type === eventRejectedFailure) throw error;
      if (type === wrongExpectedVersionFailure) {
        this.behind = true;
        throw error;
      }
      const after = await loadStream({ streamId, afterVersion: version, limit: pending.length });
      const ours = after.slice(0, pending.length);
      if (ours.length === pending.length && ours.every((event, index) => event.eventId === pending[index]?.eventId)) {
        return ours.map(({ eventId, type: eventType, streamVersion, globalPosition }) => ({ eventId, type: eventType, streamVersion, globalPosition }));
      }
      this.behind = after.length > 0;
      throw error;
    }
  }

  execute(request: unknown, now: string = workflowNow()): Promise<Executed<Event>> {
    return this.lock.runExclusive(() => this.executeLocked(request, now));
  }

  /**
   * Records a fact the workflow observed itself (a deadline passed), as the system actor. A refusal means the
   * fact no longer holds (someone acted first), so it is dropped rather than failing the workflow; so is a fact
   * the store refuses as data, which no retry would change. A fact the store could not take in time is still a
   * fact: it is tried again after a pause, as often as it takes.
   */
  async recordFact(command: Command, organisation: string, correlationId: string): Promise<Executed<Event> | undefined> {
    const actor: Actor = { id: 'system', role: 'system', organisation };
    const request = { command, context: { commandId: uuid4(), correlationId, actor } };
    for (;;) {
      try {
        return await this.execute(request);
      } catch (error) {
        if (error instanceof DomainError) {
          log.info('A fact no longer holds and is not recorded', { streamId: this.entity.streamId, code: error.code, message: error.message });
          return undefined;
        }
        // The store's failures, whether the append ran as a task or locally; anything else is a bug to surface.
        if (!(error instanceof TemporalFailure)) throw error;
        if (activityFailureType(error) === eventRejectedFailure) {
          log.error('The store refused a fact; it is not recorded', { streamId: this.entity.streamId, error: String(error.cause) });
          return undefined;
        }
        log.warn('A fact could not be stored in time; trying again', { streamId: this.entity.streamId, error: String(error.cause) });
        await sleep('1 minute');
      }
    }
  }

  /** A command's answer, read under the lock right after the command is folded (see CommandOutcome). */
  outcome(executed: Executed<Event>): CommandOutcome {
    const { version, lastEventAt } = this.entity.view();
    return { version, ...(lastEventAt === undefined ? {} : { lastEventAt }), events: executed.appended };
  }

  /** Serves the update (commands) and the query (the state) of the aggregate's protocol. */
  serve<Request, Result, View>(
    update: ReturnType<typeof defineUpdate<Result, [Request]>>,
    query: QueryDefinition<View>,
    view: () => View,
    result: (executed: Executed<Event>) => Result,
  ): void {
    setHandler(query, view);
    setHandler(
      update,
      (request) =>
        this.lock.runExclusive(async () => {
          try {
            return result(await this.executeLocked(request, workflowNow()));
          } catch (error) {
            throw asFailure(error);
          }
        }),
      {
        validator: (request) => {
          if (!this.ready) return;
          try {
            this.entity.decide(request, workflowNow());
          } catch (error) {
            throw asFailure(error);
          }
        },
      },
    );
  }

  private notify(executed: Executed<Event>): void {
    const { notificationOf } = this.hooks;
    if (!notificationOf) return;
    executed.events.forEach((event, index) => {
      const notification = notificationOf(event, executed.eventIds[index] ?? '', executed.now);
      if (!notification) return;
      const delivery = deliverNotification(notification).catch((error: unknown) => {
        // Out of retries: the event stands in the record; the missed delivery is for operators to follow up.
        log.error('Notification not delivered', { id: notification.id, type: notification.type, error: String(error) });
      });
      this.deliveries.add(delivery);
      void delivery.finally(() => this.deliveries.delete(delivery));
    });
  }

  /** Waits for notifications still being delivered, so continuing as new does not cancel them. */
  async deliveriesSettled(): Promise<void> {
    await Promise.all([...this.deliveries]);
  }

  /** Whether the run should hand over to a new one: the server suggests it, or the test's lower limit is reached. */
  static continueAsNewDue(limit: number | undefined): boolean {
    return workflowInfo().continueAsNewSuggested || (limit !== undefined && workflowInfo().historyLength >= limit);
  }

  /**
   * The fold to hand the next run across continue-as-new, as its input's `snapshot`: only while it is small. The
   * input is a Temporal payload with a size limit, and a fold grows with the aggregate's years (returns, ratings,
   * concerns); a larger one is left behind and the next run reads the record back a page at a time, so the hand-over
   * stays bounded whatever the age. Runs begun before the bound carried every fold, and replay so.
   */
  carriedSnapshot(maxChars = snapshotCarryLimitChars): { snapshot?: ReturnType<AggregateEntity<Command, Event, State>['toSnapshot']> } {
    const snapshot = this.entity.toSnapshot();
    if (!patched(boundedSnapshotPatch)) return { snapshot };
    return JSON.stringify(snapshot).length <= maxChars ? { snapshot } : {};
  }
}

/** The largest fold, in JSON characters, that rides across continue-as-new (well inside Temporal's 2 MB payload limit). */
export const snapshotCarryLimitChars = 256 * 1024;
const boundedSnapshotPatch = 'bounded-continue-as-new-snapshot';

/** Sleeps until `at` or until `wake` becomes true; true when the time came. */
export const sleepUntil = async (at: string | undefined, wake: () => boolean): Promise<boolean> => {
  if (at === undefined) {
    await condition(wake);
    return false;
  }
  const ms = Date.parse(at) - new Date().getTime();
  if (ms <= 0) return true;
  return !(await condition(wake, ms));
};

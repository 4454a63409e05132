import type { CommandOutcome, CommandResult, PlanCommandResult, StoredEventRef, TenderCommandResult } from '@cls/domain';

/**
 * A command's answer over HTTP: the workflow's outcome, each event given by its place in the record and not its
 * data. A tender's events can name other bidders, and what a caller may see of a process is what its GET shows.
 */
export type CommandAnswer<Outcome extends CommandOutcome> = Omit<Outcome, 'events'> & { events: StoredEventRef[] };
export type ContractAnswer = CommandAnswer<CommandResult>;
export type TenderAnswer = CommandAnswer<TenderCommandResult>;
export type PlanAnswer = CommandAnswer<PlanCommandResult>;

export const answerOf = <Outcome extends CommandOutcome>(outcome: Outcome): CommandAnswer<Outcome> => ({
  ...outcome,
  events: outcome.events.map(({ eventId, type, streamVersion, globalPosition }) => ({ eventId, type, streamVersion, globalPosition })),
});

/** Names a created record by the id of the event that records it, for records that have no id of their own. */
export const eventIdField = Symbol('the event id');

/**
 * The id of what a command has just created, read from the event that records it, so a 201 names it at the top
 * level beside the process's new version.
 */
export const createdBy = (outcome: CommandOutcome, eventType: string, field: string | typeof eventIdField): string => {
  const event = outcome.events.find((candidate) => candidate.type === eventType);
  const id = event === undefined ? undefined : field === eventIdField ? event.eventId : event.data[field];
  if (typeof id !== 'string' && typeof id !== 'number') {
    throw new Error(`The command succeeded but stored no ${eventType} naming ${String(field)}`);
  }
  return String(id);
};

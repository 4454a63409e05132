import type { IsoDate } from './working-days';

/**
 * UK civil time (GMT in winter, BST in summer) for the calendar rules: the Act's days are UK days, so a date is the
 * London calendar date of an instant, and a day-based deadline ends at the end of that London day. The offsets come
 * from the platform's time-zone database through `Intl`, a pure function of the instant: no clock is read, so
 * workflow code calling these stays deterministic.
 */

const londonParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Milliseconds London is ahead of UTC at `epochMs`: 0 under GMT, 3,600,000 under BST. */
const londonOffsetAt = (epochMs: number): number => {
  const part = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(londonParts.formatToParts(epochMs).find((candidate) => candidate.type === type)?.value);
  const wallClock = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  // The formatter drops milliseconds; the offset is a whole number of minutes, so round the remainder away.
  return Math.round((wallClock - epochMs) / 60_000) * 60_000;
};

const instantOf = (value: string): number => {
  const epochMs = Date.parse(value);
  if (Number.isNaN(epochMs)) throw new RangeError(`${JSON.stringify(value)} is not an instant`);
  return epochMs;
};

/** The London calendar date of an instant: 2027-06-30T23:30:00Z is 1 July in London (BST), 30 June in UTC. */
export const londonDateOf = (instant: string): IsoDate => {
  const epochMs = instantOf(instant);
  return new Date(epochMs + londonOffsetAt(epochMs)).toISOString().slice(0, 10);
};

/**
 * The instant a London wall-clock time on `date` happens. Only for times that exist exactly once every day in
 * London: the clocks change at 01:00 GMT, so 00:00, 09:00 and 23:59:59.999 are safe; 01:30 is not.
 */
const londonInstant = (date: string, hours: number, minutes: number, seconds: number, ms: number): string => {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const asIfUtc = Date.UTC(year, month - 1, day, hours, minutes, seconds, ms);
  // The offset at the UTC reading is the London one except within an hour of a change; a second look settles it.
  const firstGuess = asIfUtc - londonOffsetAt(asIfUtc);
  return new Date(asIfUtc - londonOffsetAt(firstGuess)).toISOString();
};

/** The first instant of a London day: midnight, 00:00 GMT or 23:00 UTC the day before under BST. */
export const startOfLondonDay = (date: IsoDate): string => londonInstant(date, 0, 0, 0, 0);

/** The last instant of a London day, 23:59:59.999 London time: a day-based deadline is met up to and including it. */
export const endOfLondonDay = (date: IsoDate): string => londonInstant(date, 23, 59, 59, 999);

/**
 * The first instant after a London day, the midnight that ends it: when a deadline falling on that day has passed.
 * Deadline instants in events are of this kind (the first moment something is late), 1 ms after `endOfLondonDay`.
 */
export const afterLondonDay = (date: IsoDate): string => new Date(Date.parse(endOfLondonDay(date)) + 1).toISOString();

/** 09:00 London time on a day: when reminders and chasers reach people in the working day. */
export const londonMorningOf = (date: IsoDate): string => londonInstant(date, 9, 0, 0, 0);

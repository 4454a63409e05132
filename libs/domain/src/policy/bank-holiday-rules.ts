/**
 * The UK's REGULAR bank holidays, computed from the rules that fix them (Banking and Financial Dealings Act 1971,
 * Schedule 1 as amended, the St Andrew's Day Bank Holiday (Scotland) Act 2007, and the yearly proclamations that
 * have long repeated the same days). This is how a deployment drafts a new year's calendar, never the calendar
 * itself: a proclamation can move a day (the Early May bank holiday went to a Friday in 2020 and 2023's coronation
 * added one) and only the published list says which, so the policy's data (bank-holidays.uk.ts) is what counts.
 */

export const ukNations = ['england-and-wales', 'scotland', 'northern-ireland'] as const;
export type UkNation = (typeof ukNations)[number];

export interface BankHoliday {
  /** A calendar date, YYYY-MM-DD. */
  readonly date: string;
  readonly name: string;
}

interface Rule {
  readonly name: string;
  /** The date the rule names, in `year`, as month (1–12) and day. */
  readonly on: (year: number) => readonly [number, number];
  /** A day fixed to a date moves to the next free weekday when it falls at a weekend; a Monday or Friday cannot. */
  readonly substitutable: boolean;
}

const MS_PER_DAY = 86_400_000;
const utc = (year: number, month: number, day: number): number => Date.UTC(year, month - 1, day);
const isoOf = (epochMs: number): string => new Date(epochMs).toISOString().slice(0, 10);
const isWeekend = (epochMs: number): boolean => [0, 6].includes(new Date(epochMs).getUTCDay());

/** The `nth` (1-based) Monday of a month, or the last one when `nth` is 'last'. */
const monday = (nth: number | 'last') => (year: number, month: number): readonly [number, number] => {
  if (nth === 'last') {
    const last = new Date(utc(year, month + 1, 0));
    return [month, last.getUTCDate() - ((last.getUTCDay() + 6) % 7)];
  }
  const first = new Date(utc(year, month, 1));
  return [month, 1 + ((8 - first.getUTCDay()) % 7) + (nth - 1) * 7];
};

/**
 * Easter Sunday in the Gregorian calendar, by the anonymous algorithm (Meeus, Astronomical Algorithms, ch. 8). Written
 * out rather than imported because the domain depends on zod alone; the spec checks it against known Easters.
 */
const easterEpochMs = (year: number): number => {
  const golden = year % 19;
  const century = Math.floor(year / 100);
  const yearOfCentury = year % 100;
  const skippedLeapDays = Math.floor(century / 4);
  const f = Math.floor((century + 8) / 25);
  const g = Math.floor((century - f + 1) / 3);
  const fullMoonOffset = (19 * golden + century - skippedLeapDays - g + 15) % 30;
  const toSunday = (32 + 2 * (century % 4) + 2 * Math.floor(yearOfCentury / 4) - fullMoonOffset - (yearOfCentury % 4)) % 7;
  const correction = Math.floor((golden + 11 * fullMoonOffset + 22 * toSunday) / 451);
  const month = Math.floor((fullMoonOffset + toSunday - 7 * correction + 114) / 31);
  const day = ((fullMoonOffset + toSunday - 7 * correction + 114) % 31) + 1;
  return utc(year, month, day);
};

/** Easter Sunday of a Gregorian year, YYYY-MM-DD. */
export const easterSunday = (year: number): string => isoOf(easterEpochMs(year));

const fromEaster = (days: number) => (year: number): readonly [number, number] => {
  const date = new Date(easterEpochMs(year) + days * MS_PER_DAY);
  return [date.getUTCMonth() + 1, date.getUTCDate()];
};

const fixed = (name: string, month: number, day: number): Rule => ({ name, on: () => [month, day], substitutable: true });
const movable = (name: string, on: Rule['on']): Rule => ({ name, on, substitutable: false });

const newYearsDay = fixed("New Year's Day", 1, 1);
const goodFriday = movable('Good Friday', fromEaster(-2));
const easterMonday = movable('Easter Monday', fromEaster(1));
const earlyMay = movable('Early May bank holiday', (year) => monday(1)(year, 5));
const spring = movable('Spring bank holiday', (year) => monday('last')(year, 5));
const christmas = fixed('Christmas Day', 12, 25);
const boxingDay = fixed('Boxing Day', 12, 26);

const rules: Readonly<Record<UkNation, readonly Rule[]>> = {
  'england-and-wales': [newYearsDay, goodFriday, easterMonday, earlyMay, spring, movable('Summer bank holiday', (year) => monday('last')(year, 8)), christmas, boxingDay],
  scotland: [
    newYearsDay,
    fixed('2nd January', 1, 2),
    goodFriday,
    earlyMay,
    spring,
    movable('Summer bank holiday', (year) => monday(1)(year, 8)),
    fixed("St Andrew's Day", 11, 30),
    christmas,
    boxingDay,
  ],
  'northern-ireland': [
    newYearsDay,
    fixed("St Patrick's Day", 3, 17),
    goodFriday,
    easterMonday,
    earlyMay,
    spring,
    fixed("Battle of the Boyne (Orangemen's Day)", 7, 12),
    movable('Summer bank holiday', (year) => monday('last')(year, 8)),
    christmas,
    boxingDay,
  ],
};

/**
 * The regular bank holidays of one nation in one year, in date order. A fixed-date holiday at a weekend is replaced
 * by the next weekday that is not already a holiday, so Christmas on a Saturday is kept on Monday 27th and Boxing
 * Day on Tuesday 28th, and a Sunday Christmas on Tuesday 27th after Boxing Day's Monday.
 */
export const regularBankHolidays = (year: number, nation: UkNation): BankHoliday[] => {
  if (!Number.isInteger(year) || year < 1972 || year > 9999) {
    throw new RangeError(`The bank-holiday rules are for the years 1972 to 9999, not ${year}`);
  }
  const days = rules[nation].map((rule) => {
    const [month, day] = rule.on(year);
    return { rule, epochMs: utc(year, month, day) };
  });
  const taken = new Set(days.filter(({ epochMs }) => !isWeekend(epochMs)).map(({ epochMs }) => epochMs));
  const holidays = days.map(({ rule, epochMs }): { epochMs: number; name: string } => {
    if (!rule.substitutable || !isWeekend(epochMs)) return { epochMs, name: rule.name };
    let substitute = epochMs + MS_PER_DAY;
    while (isWeekend(substitute) || taken.has(substitute)) substitute += MS_PER_DAY;
    taken.add(substitute);
    return { epochMs: substitute, name: `${rule.name} (substitute day)` };
  });
  return holidays.sort((a, b) => a.epochMs - b.epochMs).map(({ epochMs, name }) => ({ date: isoOf(epochMs), name }));
};

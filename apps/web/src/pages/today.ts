/** Today's calendar day in London, where the contracts' days are counted (YYYY-MM-DD). */
export const londonToday = (now: Date = new Date()): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);

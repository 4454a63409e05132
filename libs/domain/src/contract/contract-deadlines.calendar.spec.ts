import { CalendarYearNotKnown } from '../policy/working-days';
import { defaultProcurementPolicy as policy } from '../policy/procurement-policy.schema';
import { contractDeadlines } from './contract.deadlines';
import { directAwardThrough, given, refusal } from './__fixtures__/contract.fixtures';

// Authorised and awaiting both signatures: the one deadline is the chaser, five working days on.
const authorised = given(directAwardThrough('AuthoriseContract'));
const chaser = (lastEventAt: string) => contractDeadlines(authorised, lastEventAt, policy)[0];

describe('contract deadlines on the UK calendar, London time', () => {
  it('given an authorisation on a winter morning, then the chaser is due five working days on, at 09:00 London (GMT) time', () => {
    // Tue 12 Jan 2027 + 5 working days is Tue 19 Jan.
    expect(chaser('2027-01-12T10:00:00.000Z')).toMatchObject({ at: '2027-01-19T09:00:00.000Z', command: { data: { dueOn: '2027-01-19' } } });
  });

  it('given an authorisation late on a summer evening, then it counts from the London date, already the next day, and chases at 09:00 BST', () => {
    // 23:30 UTC on Wed 30 June 2027 is 00:30 on Thu 1 July in London: Thu 1 July + 5 working days is Thu 8 July.
    expect(chaser('2027-06-30T23:30:00.000Z')).toMatchObject({ at: '2027-07-08T08:00:00.000Z', command: { data: { dueOn: '2027-07-08' } } });
    expect(chaser('2027-06-30T22:30:00.000Z')).toMatchObject({ at: '2027-07-07T08:00:00.000Z', command: { data: { dueOn: '2027-07-07' } } });
  });

  it("given an authorisation before the Battle of the Boyne, then Northern Ireland's holiday is no working day for the count", () => {
    // Thu 8 July 2027 + 5: Fri 9, Tue 13 (Mon 12 is the Boyne), Wed 14, Thu 15, Fri 16.
    expect(chaser('2027-07-08T10:00:00.000Z')?.command.data).toMatchObject({ dueOn: '2027-07-16' });
  });

  it('given an authorisation on Good Friday 2027, two days before the clocks go forward, then the count starts after Easter and the chaser falls on a BST morning', () => {
    // Fri 26 March 2027 is Good Friday, so the count starts after Easter: Tue 30 March … Mon 5 April (5th working day).
    expect(chaser('2027-03-26T10:00:00.000Z')).toMatchObject({ at: '2027-04-05T08:00:00.000Z' });
  });

  it('given an authorisation whose chaser would fall in a year the calendar does not know, then it is refused naming the year', () => {
    const error = refusal(() => contractDeadlines(authorised, '2028-12-27T10:00:00.000Z', policy));
    expect(error).toBeInstanceOf(CalendarYearNotKnown);
    expect(error).toMatchObject({ code: 'calendar.year-not-known', year: 2029 });
  });
});

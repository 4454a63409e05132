import { checkStageDeadline, explanationDeadline, minimumPeriodDays, standstillPeriod } from './deadlines.policy';
import { defaultProcurementPolicy as policy, parseProcurementPolicy } from './procurement-policy.schema';
import { refusal } from '../testing';


describe('standstill', () => {
  it('given an award notice on an ordinary Monday, then standstill runs Monday to the next Wednesday and the contract may follow on Thursday', () => {
    expect(standstillPeriod('2026-06-01', policy)).toEqual({
      firstDay: '2026-06-01',
      lastDay: '2026-06-10',
      contractMayBeEnteredFrom: '2026-06-11',
    });
  });

  it('given an award notice on the Thursday before Easter 2027, then Good Friday, the weekend and Easter Monday do not count', () => {
    // Thu 25 Mar (1), Fri 26 Good Friday, Sat, Sun, Mon 29 Easter Monday, Tue 30 (2) … Wed 7 Apr (8).
    expect(standstillPeriod('2027-03-25', policy)).toEqual({
      firstDay: '2027-03-25',
      lastDay: '2027-04-07',
      contractMayBeEnteredFrom: '2027-04-08',
    });
  });

  it('given the same notice under a calendar that lists Christmas alone, then standstill ends two working days sooner', () => {
    const christmasOnly = parseProcurementPolicy({ calendar: { bankHolidays: ['2027-12-27'], knownYears: { first: 2027, last: 2027 } } });
    expect(standstillPeriod('2027-03-25', christmasOnly).lastDay).toBe('2027-04-05');
  });

  it("given an award notice just before Christmas 2026, then Christmas, Boxing Day, New Year and Scotland's 2 January are skipped", () => {
    // Wed 23 (1), Thu 24 (2), Fri 25 and Mon 28 holidays, Tue 29 (3), Wed 30 (4), Thu 31 (5), Fri 1 Jan holiday,
    // Mon 4 Jan (Scotland's substitute for Saturday 2 January) holiday, Tue 5 (6), Wed 6 (7), Thu 7 (8).
    expect(standstillPeriod('2026-12-23', policy).lastDay).toBe('2027-01-07');
  });

  it("given an award notice the Thursday before St Andrew's Day 2026, then Scotland's holiday does not count anywhere", () => {
    // Thu 26 Nov (1), Fri 27 (2), Mon 30 St Andrew's Day, Tue 1 Dec (3) … Mon 7 (7), Tue 8 (8).
    expect(standstillPeriod('2026-11-26', policy)).toEqual({ firstDay: '2026-11-26', lastDay: '2026-12-08', contractMayBeEnteredFrom: '2026-12-09' });
  });

  it('given an award notice whose standstill would run into a year the calendar does not know, then it is refused naming that year', () => {
    expect(refusal(() => standstillPeriod('2028-12-22', policy))).toMatchObject({ kind: 'conflict', code: 'calendar.year-not-known', year: 2029 });
  });

  it('given an award notice published on a Saturday, then counting starts on the Monday', () => {
    expect(standstillPeriod('2026-06-06', policy)).toMatchObject({ firstDay: '2026-06-08', lastDay: '2026-06-17' });
  });

  it('given a policy that does not count the day of publication, then standstill starts the next working day', () => {
    const excluding = parseProcurementPolicy({ standstill: { includesPublicationDay: false } });
    expect(standstillPeriod('2026-06-01', excluding)).toMatchObject({ firstDay: '2026-06-02', lastDay: '2026-06-11' });
  });

  it('given a deployment with a 10-working-day standstill, then it ends two working days later', () => {
    const ten = parseProcurementPolicy({ standstill: { workingDays: 10 } });
    expect(standstillPeriod('2026-06-01', ten).lastDay).toBe('2026-06-12');
  });

  it('given a notice date that is not a calendar date, then it is refused', () => {
    expect(refusal(() => standstillPeriod('2026-02-29', policy)).code).toBe('calendar.invalid-date');
  });
});

describe('abnormally low: explanation deadline', () => {
  it('given an explanation requested on the Thursday before Easter 2027, then the bidder has 5 working days, to 5 April', () => {
    expect(explanationDeadline('2027-03-25', policy)).toBe('2027-04-05');
  });

  it('given a deployment allowing 10 working days, then the deadline moves accordingly', () => {
    const ten = parseProcurementPolicy({ abnormallyLow: { explanationDeadlineWorkingDays: 10 } });
    expect(explanationDeadline('2026-06-01', ten)).toBe('2026-06-15');
  });
});

describe('minimum tender periods', () => {
  it('given each procedure, then the minimum comes from the policy', () => {
    expect(minimumPeriodDays('open', 'tendering', policy)).toBe(25);
    expect(minimumPeriodDays('restricted', 'participation', policy)).toBe(25);
    expect(minimumPeriodDays('light-touch', 'tendering', policy)).toBe(25);
    const longer = parseProcurementPolicy({ tenderPeriods: { 'competitive-dialogue': { tenderingDays: 40 } } });
    expect(minimumPeriodDays('competitive-dialogue', 'tendering', longer)).toBe(40);
  });

  it('given a qualifying planned procurement notice or a state of urgency, then the tendering period may be reduced', () => {
    expect(minimumPeriodDays('open', 'tendering', policy, 'qualifying-planned-procurement-notice')).toBe(10);
    expect(minimumPeriodDays('restricted', 'tendering', policy, 'state-of-urgency')).toBe(10);
  });

  it('given the participation stage of an open procedure, then it is refused: there is none', () => {
    expect(refusal(() => minimumPeriodDays('open', 'participation', policy)).toJSON()).toMatchObject({
      kind: 'invalid',
      code: 'tender.no-participation-stage',
    });
  });

  it('given an open tender closing 25 days after its notice, then it is accepted', () => {
    expect(checkStageDeadline({ procedure: 'open', stage: 'tendering', startsOn: '2026-06-01', closesOn: '2026-06-26' }, policy)).toEqual({
      earliestClosingDate: '2026-06-26',
      minimumDays: 25,
    });
  });

  it('given an open tender closing 24 days after its notice, then it is refused with the earliest lawful date', () => {
    const error = refusal(() =>
      checkStageDeadline({ procedure: 'open', stage: 'tendering', startsOn: '2026-06-01', closesOn: '2026-06-25' }, policy),
    );
    expect(error.toJSON()).toMatchObject({ kind: 'conflict', code: 'tender.period-below-minimum', field: 'closesOn' });
    expect(error.message).toContain('2026-06-26');
  });

  it('given a state of urgency, then a 10-day tendering period is accepted', () => {
    const urgent = { procedure: 'open' as const, stage: 'tendering' as const, startsOn: '2026-06-01', closesOn: '2026-06-11' };
    expect(checkStageDeadline({ ...urgent, reduction: 'state-of-urgency' }, policy).minimumDays).toBe(10);
  });
});

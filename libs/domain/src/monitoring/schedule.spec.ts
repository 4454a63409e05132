import { defaultMonitoringPolicy, parseMonitoringPolicy } from '../policy/monitoring-policy.schema';
import { refusal } from '../testing';
import { addMonths, subtractCalendarDays } from './calendar';
import { daysOverdue, isReturnDue, requireReturnDue, returnsSchedule, reviewSchedule } from './schedule';

const policy = defaultMonitoringPolicy;
const threeYears = { startDate: '2026-04-01', endDate: '2029-03-31' };

describe('calendar: months', () => {
  it('given the 31st, when a month is added, then the day is clamped to the shorter month', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-08-31', -6)).toBe('2026-02-28');
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-15');
  });

  it('given a fraction of a month or an impossible date, then it is refused', () => {
    expect(refusal(() => addMonths('2026-01-01', 1.5)).code).toBe('calendar.invalid-month-count');
    expect(refusal(() => addMonths('2026-02-30', 1)).toJSON()).toMatchObject({ code: 'calendar.invalid-date', field: 'date' });
    expect(refusal(() => subtractCalendarDays('1 April', 1)).code).toBe('calendar.invalid-date');
    expect(refusal(() => subtractCalendarDays('2026-01-01', -1)).code).toBe('calendar.invalid-day-count');
  });

  it('given a date, when days are subtracted across a year end, then it lands in the previous year', () => {
    expect(subtractCalendarDays('2026-01-03', 5)).toBe('2025-12-29');
  });
});

describe('monitoring schedule: returns', () => {
  it('given a three-year contract with quarterly returns, then there are 12 periods, each with its due, reminder, overdue and escalation dates', () => {
    const schedule = returnsSchedule({ ...threeYears, frequency: 'quarterly' }, policy);
    expect(schedule).toHaveLength(12);
    expect(schedule[0]).toEqual({
      periodId: '2026-04-01/2026-06-30',
      sequence: 1,
      startDate: '2026-04-01',
      endDate: '2026-06-30',
      submittableFrom: '2026-07-01',
      dueDate: '2026-07-28',
      reminderDate: '2026-07-21',
      overdueOn: '2026-07-29',
      escalationDate: '2026-08-11',
    });
    expect(schedule[11]).toMatchObject({ periodId: '2029-01-01/2029-03-31', sequence: 12, dueDate: '2029-04-28' });
  });

  it('given a contract ending mid-period, then the last period is cut short at the end of the contract', () => {
    const schedule = returnsSchedule({ startDate: '2026-04-01', endDate: '2026-08-15', frequency: 'quarterly' }, policy);
    expect(schedule.map((period) => period.periodId)).toEqual(['2026-04-01/2026-06-30', '2026-07-01/2026-08-15']);
  });

  it('given monthly returns from the 31st, then each period starts on the 31st or the last day of a shorter month, without drift', () => {
    const schedule = returnsSchedule({ startDate: '2026-01-31', endDate: '2026-05-30', frequency: 'monthly' }, policy);
    expect(schedule.map((period) => period.periodId)).toEqual([
      '2026-01-31/2026-02-27',
      '2026-02-28/2026-03-30',
      '2026-03-31/2026-04-29',
      '2026-04-30/2026-05-30',
    ]);
  });

  it('given weekly returns, then periods are seven days long', () => {
    const schedule = returnsSchedule({ startDate: '2026-06-01', endDate: '2026-06-21', frequency: 'weekly' }, policy);
    expect(schedule.map((period) => [period.startDate, period.endDate])).toEqual([
      ['2026-06-01', '2026-06-07'],
      ['2026-06-08', '2026-06-14'],
      ['2026-06-15', '2026-06-21'],
    ]);
  });

  it('given a reminder further ahead than the due date allows, then the reminder comes the day the return can be submitted', () => {
    const quick = parseMonitoringPolicy({ returns: { dueDaysAfterPeriodEnd: 3, reminderDaysBefore: 10 } });
    const [first] = returnsSchedule({ ...threeYears, frequency: 'quarterly' }, quick);
    expect(first).toMatchObject({ dueDate: '2026-07-03', reminderDate: '2026-07-01' });
  });

  it('given a one-day contract, then it has a single one-day period', () => {
    expect(returnsSchedule({ startDate: '2026-04-01', endDate: '2026-04-01', frequency: 'annual' }, policy)).toHaveLength(1);
  });

  it('given a contract that ends before it starts, then the schedule is refused', () => {
    const error = refusal(() => returnsSchedule({ startDate: '2026-04-01', endDate: '2026-03-31', frequency: 'monthly' }, policy));
    expect(error.toJSON()).toMatchObject({ kind: 'invalid', code: 'monitoring.invalid-term', field: 'endDate' });
  });

  it('given a malformed date, then the schedule is refused', () => {
    const error = refusal(() => returnsSchedule({ startDate: '2026-4-1', endDate: '2026-12-31', frequency: 'monthly' }, policy));
    expect(error.toJSON()).toMatchObject({ kind: 'invalid', code: 'monitoring.invalid-term', field: 'startDate' });
  });
});

describe('monitoring schedule: is a return due?', () => {
  const schedule = returnsSchedule({ ...threeYears, frequency: 'quarterly' }, policy);
  const q1 = '2026-04-01/2026-06-30';

  it('given the first quarter has ended, when a return for it is submitted, then it is due', () => {
    expect(isReturnDue(q1, schedule, '2026-07-01')).toBe(true);
    expect(requireReturnDue(q1, schedule, '2026-09-30').periodId).toBe(q1);
  });

  it('given the last day of the quarter, when a return for it is submitted, then it is refused as not due', () => {
    expect(isReturnDue(q1, schedule, '2026-06-30')).toBe(false);
    const error = refusal(() => requireReturnDue(q1, schedule, '2026-06-30'));
    expect(error.toJSON()).toMatchObject({ kind: 'conflict', code: 'monitoring.period-not-due', field: 'periodId' });
  });

  it('given a period the schedule does not have, when a return for it is submitted, then it is refused as not due', () => {
    expect(isReturnDue('2026-04-01/2026-04-30', schedule, '2027-01-01')).toBe(false);
    const error = refusal(() => requireReturnDue('2026-04-01/2026-04-30', schedule, '2027-01-01'));
    expect(error.toJSON()).toMatchObject({ kind: 'invalid', code: 'monitoring.period-not-due', field: 'periodId' });
  });

  it('given a return not submitted, then it is overdue by the days past its due date, and by none once submitted', () => {
    const [first] = schedule;
    if (!first) throw new Error('no first period');
    expect(daysOverdue(first, '2026-07-28')).toBe(0);
    expect(daysOverdue(first, '2026-07-29')).toBe(1);
    expect(daysOverdue(first, '2026-08-11')).toBe(14);
    expect(daysOverdue(first, '2026-08-11', '2026-08-02')).toBe(0);
  });
});

describe('monitoring schedule: review meetings', () => {
  it('given biannual and annual reviews over three years, then the anniversaries are annual reviews the contract manager attends', () => {
    const meetings = reviewSchedule({ ...threeYears, cadences: ['biannual', 'annual'] }, policy);
    expect(meetings.map((meeting) => [meeting.date, meeting.kind, meeting.contractManagerAttends])).toEqual([
      ['2026-10-01', 'biannual', false],
      ['2027-04-01', 'annual', true],
      ['2027-10-01', 'biannual', false],
      ['2028-04-01', 'annual', true],
      ['2028-10-01', 'biannual', false],
    ]);
    expect(meetings[1]).toEqual({
      reviewId: 'annual-2027-04-01',
      kind: 'annual',
      date: '2027-04-01',
      reminderDate: '2027-03-18',
      escalationDate: '2027-04-08',
      contractManagerAttends: true,
    });
  });

  it('given a review on the contract’s last day, then it is held', () => {
    const meetings = reviewSchedule({ startDate: '2026-04-01', endDate: '2027-04-01', cadences: ['annual'] }, policy);
    expect(meetings.map((meeting) => meeting.date)).toEqual(['2027-04-01']);
  });

  it('given quarterly reviews and a long reminder, then the reminder is never before the contract starts', () => {
    const early = parseMonitoringPolicy({ reviews: { reminderDaysBefore: 120 } });
    const [first] = reviewSchedule({ startDate: '2026-04-01', endDate: '2026-12-31', cadences: ['quarterly'] }, early);
    expect(first).toMatchObject({ date: '2026-07-01', reminderDate: '2026-04-01', contractManagerAttends: false });
  });

  it('given a policy where the contract manager attends every review, then each meeting says so', () => {
    const everyReview = parseMonitoringPolicy({ reviews: { contractManagerAttends: ['biannual', 'annual'] } });
    const meetings = reviewSchedule({ ...threeYears, cadences: ['biannual'] }, everyReview);
    expect(meetings.every((meeting) => meeting.contractManagerAttends)).toBe(true);
  });

  it('given a contract that ends before it starts, then the review schedule is refused', () => {
    expect(refusal(() => reviewSchedule({ startDate: '2026-04-01', endDate: '2025-04-01', cadences: ['annual'] }, defaultMonitoringPolicy)).code).toBe(
      'monitoring.invalid-term',
    );
  });
});

import { procurementPolicyBeforeUkCalendar } from './calendar-before-uk';
import { standstillPeriod } from './deadlines.policy';
import { defaultProcurementPolicy } from './procurement-policy.schema';
import { addWorkingDays } from './working-days';

describe('the procurement policy of processes started before the UK calendar', () => {
  const before = procurementPolicyBeforeUkCalendar(undefined);

  it("given a standstill over New Year 2027, then it skips England and Wales' holidays only, as it was decided then", () => {
    // Mon 4 Jan 2027 is Scotland's substitute 2 January: a working day under the old calendar, not under the UK one.
    expect(standstillPeriod('2026-12-23', before).lastDay).toBe('2027-01-06');
    expect(standstillPeriod('2026-12-23', defaultProcurementPolicy).lastDay).toBe('2027-01-07');
  });

  it('given a count into a year no list covers, then it is counted as it was, not refused', () => {
    expect(addWorkingDays('2037-03-13', 1, before.calendar)).toBe('2037-03-16');
  });

  it("given a deployment's own list, then that list is kept, and the rest of its policy with it", () => {
    const configured = procurementPolicyBeforeUkCalendar({ calendar: { bankHolidays: ['2026-06-02'] }, standstill: { workingDays: 10 } });
    expect(configured.calendar.bankHolidays).toEqual(['2026-06-02']);
    expect(configured.standstill.workingDays).toBe(10);
    expect(Object.isFrozen(configured.calendar)).toBe(true);
  });
});

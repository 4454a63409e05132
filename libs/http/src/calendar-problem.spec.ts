import { CalendarYearNotKnown, defaultProcurementPolicy } from '@cls/domain';
import { problemOfDomainError } from './problem-details';

describe('problem details: a year the calendar does not know', () => {
  it('given the refusal, then it is a 409 problem naming the missing year and the years known, never a 5xx', () => {
    const error = new CalendarYearNotKnown(2029, defaultProcurementPolicy.calendar.knownYears);
    const problem = problemOfDomainError(error.toJSON(), { instance: '/tenders/t-1/commands', correlationId: 'corr-1' });
    expect(problem).toMatchObject({ status: 409, title: 'Conflict', code: 'calendar.year-not-known', type: 'urn:contract-lifecycle:problem:calendar.year-not-known' });
    expect(problem.detail).toContain('The bank holidays of 2029 are not known: the calendar covers 2025 to 2028');
  });
});

import { defaultMonitoringPolicy, parseMonitoringPolicy } from '../policy/monitoring-policy.schema';
import { refusal } from '../testing';
import { checkTermination, expiryReminderDate, noticeEffectiveDate, type TerminationTerms } from './termination';

const contract = { startDate: '2026-04-01', endDate: '2029-03-31' };
const terms: TerminationTerms = {
  grounds: [
    { ground: 'convenience', notice: { length: 3, unit: 'months' } },
    { ground: 'persistent-poor-performance', notice: { length: 30, unit: 'days' } },
    { ground: 'safeguarding-failure', notice: { length: 0, unit: 'days' } },
  ],
};

describe('termination: notice', () => {
  it('given one month’s notice on 1 March, then it takes effect on 1 April', () => {
    expect(noticeEffectiveDate('2027-03-01', { length: 1, unit: 'months' })).toBe('2027-04-01');
  });

  it('given 30 days’ notice on 1 March, then it takes effect on 31 March', () => {
    expect(noticeEffectiveDate('2027-03-01', { length: 30, unit: 'days' })).toBe('2027-03-31');
  });

  it('given a ground the contract allows, then the notice period for that ground gives the effective date', () => {
    expect(checkTermination({ ground: 'persistent-poor-performance', noticeGivenOn: '2027-06-10', terms, contract })).toEqual({
      ground: 'persistent-poor-performance',
      notice: { length: 30, unit: 'days' },
      noticeGivenOn: '2027-06-10',
      effectiveDate: '2027-07-10',
    });
  });

  it('given immediate termination for a safeguarding failure, then it takes effect the day notice is given', () => {
    expect(checkTermination({ ground: 'safeguarding-failure', noticeGivenOn: '2027-06-10', terms, contract }).effectiveDate).toBe('2027-06-10');
  });
});

describe('termination: refusals', () => {
  it('given a ground the contract does not allow, then it is refused naming the grounds it does allow', () => {
    const error = refusal(() => checkTermination({ ground: 'insolvency', noticeGivenOn: '2027-06-10', terms, contract }));
    expect(error.toJSON()).toMatchObject({ kind: 'invalid', code: 'termination.ground-not-in-contract', field: 'ground' });
    expect(error.message).toContain('convenience, persistent-poor-performance, safeguarding-failure');
  });

  it('given a contract with no termination clause, then every early termination is refused', () => {
    const error = refusal(() => checkTermination({ ground: 'convenience', noticeGivenOn: '2027-06-10', terms: { grounds: [] }, contract }));
    expect(error.toJSON()).toMatchObject({ code: 'termination.ground-not-in-contract', message: 'The contract allows no early termination' });
  });

  it('given notice that would take effect after the contract ends, then it is refused: expiry comes first', () => {
    const error = refusal(() => checkTermination({ ground: 'convenience', noticeGivenOn: '2029-01-15', terms, contract }));
    expect(error.toJSON()).toMatchObject({ kind: 'conflict', code: 'termination.after-expiry', field: 'noticeGivenOn' });
  });

  it('given notice taking effect on the contract’s last day, then it is allowed', () => {
    expect(checkTermination({ ground: 'convenience', noticeGivenOn: '2028-12-31', terms, contract }).effectiveDate).toBe('2029-03-31');
  });

  it('given notice before the contract starts, then it is refused', () => {
    const error = refusal(() => checkTermination({ ground: 'convenience', noticeGivenOn: '2026-03-01', terms, contract }));
    expect(error.toJSON()).toMatchObject({ kind: 'conflict', code: 'termination.notice-before-start' });
  });

  it('given terms listing a ground twice, then they are refused', () => {
    const repeated = { grounds: [...terms.grounds, { ground: 'convenience', notice: { length: 1, unit: 'months' as const } }] };
    const error = refusal(() => checkTermination({ ground: 'convenience', noticeGivenOn: '2027-06-10', terms: repeated, contract }));
    expect(error.toJSON()).toMatchObject({ code: 'termination.ground-repeated', field: 'terms.grounds.3.ground' });
  });
});

describe('natural expiry', () => {
  it('given a contract ending on 31 March 2029, then the expiry reminder comes six months before, on 30 September 2028', () => {
    expect(expiryReminderDate(contract, defaultMonitoringPolicy)).toBe('2028-09-30');
  });

  it('given a deployment that wants a year’s warning, then the reminder comes twelve months before', () => {
    expect(expiryReminderDate(contract, parseMonitoringPolicy({ expiry: { reminderMonthsBefore: 12 } }))).toBe('2028-03-31');
  });

  it('given a contract shorter than the reminder period, then the reminder comes on its first day', () => {
    expect(expiryReminderDate({ startDate: '2026-04-01', endDate: '2026-07-31' }, defaultMonitoringPolicy)).toBe('2026-04-01');
  });

  it('given a contract that ends before it starts, or a malformed end, then it is refused', () => {
    const backwards = refusal(() => expiryReminderDate({ startDate: '2026-04-01', endDate: '2026-03-31' }, defaultMonitoringPolicy));
    expect(backwards.toJSON()).toMatchObject({ code: 'monitoring.invalid-term', field: 'endDate' });
    expect(refusal(() => expiryReminderDate({ startDate: '2026-04-01', endDate: 'soon' }, defaultMonitoringPolicy)).code).toBe('monitoring.invalid-term');
  });
});

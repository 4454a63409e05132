import {
  defaultProcurementPolicy,
  formatPence,
  Money,
  parseProcurementPolicy,
  ProcurementPolicy,
  ProcurementProcedure,
} from './procurement-policy.schema';
import { refusal } from '../testing';


describe('procurement policy: defaults', () => {
  const policy = defaultProcurementPolicy;

  it('given no configuration, then the local threshold is £20,000 and the Procurement Act thresholds include VAT', () => {
    expect(policy.thresholds).toEqual({
      localPence: 2_000_000,
      procurementAct: {
        subCentralPence: 20_772_000,
        centralPence: 13_501_800,
        lightTouchPence: 66_354_000,
        worksPence: 519_300_000,
      },
    });
  });

  it('given no configuration, then every procedure has a minimum period, two-stage ones a participation period too', () => {
    for (const procedure of ProcurementProcedure.options) {
      expect(policy.tenderPeriods[procedure].tenderingDays).toBeGreaterThan(0);
    }
    expect(policy.tenderPeriods.open).toEqual({ tenderingDays: 25 });
    expect(policy.tenderPeriods.restricted).toEqual({ participationDays: 25, tenderingDays: 25 });
    expect(policy.tenderPeriods.reducedTenderingDays).toEqual({
      'qualifying-planned-procurement-notice': 10,
      'state-of-urgency': 10,
    });
  });

  it('given no configuration, then standstill is 8 working days counted from the day of publication', () => {
    expect(policy.standstill).toEqual({ workingDays: 8, includesPublicationDay: true });
  });

  it('given no configuration, then a bid below 0.8 of the median of compliant bids must explain itself within 5 working days', () => {
    expect(policy.abnormallyLow).toEqual({ ratio: 0.8, basis: 'median-of-compliant-bids', explanationDeadlineWorkingDays: 5 });
  });

  it('given no configuration, then authority is A immediate within criteria, B budget holder within limit, C the Resource Allocation Group', () => {
    expect(policy.authorityCategories.A).toMatchObject({ requiresEligibilityCriteria: true, withinDelegatedLimit: false });
    expect(policy.authorityCategories.B).toEqual({
      authorisers: ['budget-holder'],
      requiresEligibilityCriteria: false,
      withinDelegatedLimit: true,
    });
    expect(policy.authorityCategories.C).toMatchObject({ authorisers: ['resource-allocation-group'] });
  });

  it('given no configuration, then scores run 0–10 in whole marks, rounded to 2 places, ties broken by quality, price, submission', () => {
    expect(policy.evaluation).toEqual({
      scoreScale: { min: 0, max: 10, step: 1 },
      decimalPlaces: 2,
      tieBreakers: ['higher-quality', 'lower-price', 'earlier-submission'],
    });
  });

  it("given no configuration, then the calendar holds every UK nation's bank holidays (Easter 2027, Scotland's 2 January, the Boyne) for 2025–2028", () => {
    expect(policy.calendar.bankHolidays).toEqual(expect.arrayContaining(['2027-03-26', '2027-03-29', '2027-01-04', '2027-07-12']));
    expect(policy.calendar.knownYears).toEqual({ first: 2025, last: 2028 });
  });

  it('given no configuration, then a direct award above the local threshold needs a recognised ground, below it a justification', () => {
    expect(policy.routes.proportionate.directAward).toBe('with-justification');
    expect(policy.routes['local-competitive'].directAward).toBe('with-ground');
    expect(policy.routes.regulated.directAward).toBe('with-ground');
    expect(policy.routes.directAwardGrounds).toContain('extreme-and-unavoidable-urgency');
  });

  it('given the default policy, when someone tries to change it, then it is frozen', () => {
    expect(Object.isFrozen(policy.thresholds.procurementAct)).toBe(true);
    expect(Object.isFrozen(policy.calendar.bankHolidays)).toBe(true);
  });
});

describe('procurement policy: a deployment overrides some numbers', () => {
  it('given a local threshold of £25,000, then only that number changes', () => {
    const policy = parseProcurementPolicy({ thresholds: { localPence: 2_500_000 } });
    expect(policy.thresholds.localPence).toBe(2_500_000);
    expect(policy.thresholds.procurementAct).toEqual(defaultProcurementPolicy.thresholds.procurementAct);
    expect(policy.standstill).toEqual(defaultProcurementPolicy.standstill);
  });

  it('given a longer restricted participation period, then its tendering period keeps the default', () => {
    const policy = ProcurementPolicy.parse({ tenderPeriods: { restricted: { participationDays: 30 } } });
    expect(policy.tenderPeriods.restricted).toEqual({ participationDays: 30, tenderingDays: 25 });
  });

  it('given the estimate as the abnormally-low basis, then the ratio keeps its default', () => {
    const policy = parseProcurementPolicy({ abnormallyLow: { basis: 'estimate' } });
    expect(policy.abnormallyLow).toMatchObject({ basis: 'estimate', ratio: 0.8 });
  });

  it('given two parses, then they do not share default arrays', () => {
    const one = ProcurementPolicy.parse({});
    const two = ProcurementPolicy.parse({});
    one.calendar.bankHolidays.push('2029-01-01');
    expect(two.calendar.bankHolidays).not.toContain('2029-01-01');
  });
});

describe('procurement policy: refusals', () => {
  it('given a threshold in fractions of a penny, then the policy is refused naming the field', () => {
    expect(refusal(() => parseProcurementPolicy({ thresholds: { localPence: 2_000_000.5 } })).toJSON()).toMatchObject({
      kind: 'invalid',
      code: 'policy.invalid',
      field: 'thresholds.localPence',
    });
  });

  it('given a negative Act threshold, then the policy is refused', () => {
    expect(refusal(() => parseProcurementPolicy({ thresholds: { procurementAct: { worksPence: -1 } } })).field).toBe(
      'thresholds.procurementAct.worksPence',
    );
  });

  it('given an abnormally-low ratio above 1, then the policy is refused', () => {
    expect(refusal(() => parseProcurementPolicy({ abnormallyLow: { ratio: 1.2 } })).field).toBe('abnormallyLow.ratio');
  });

  it('given a score scale whose minimum is not below its maximum, then the policy is refused by name', () => {
    expect(refusal(() => parseProcurementPolicy({ evaluation: { scoreScale: { min: 5, max: 5 } } })).toJSON()).toMatchObject({
      kind: 'invalid',
      code: 'policy.score-scale-invalid',
      field: 'evaluation.scoreScale.max',
    });
  });

  it('given a bank holiday that is not a calendar date, then the policy is refused', () => {
    expect(refusal(() => parseProcurementPolicy({ calendar: { bankHolidays: ['2027-02-30'] } })).field).toBe('calendar.bankHolidays.0');
  });

  it('given an unknown tie-breaker, then the policy is refused', () => {
    expect(refusal(() => parseProcurementPolicy({ evaluation: { tieBreakers: ['coin-toss'] } })).code).toBe('policy.invalid');
  });
});

describe('money in integer pence', () => {
  it('given whole pence, then it is money', () => {
    expect(Money.parse(20_772_000)).toBe(20_772_000);
    expect(Money.parse(0)).toBe(0);
  });

  it('given a fraction of a penny, a negative amount or more than can be held exactly, then it is not money', () => {
    expect(Money.safeParse(0.1 + 0.2).success).toBe(false);
    expect(Money.safeParse(-1).success).toBe(false);
    expect(Money.safeParse(Number.MAX_SAFE_INTEGER + 1).success).toBe(false);
  });

  it('given pence, then they format as pounds for people to read', () => {
    expect(formatPence(20_772_000)).toBe('£207,720.00');
    expect(formatPence(519_300_000)).toBe('£5,193,000.00');
    expect(formatPence(5)).toBe('£0.05');
  });
});

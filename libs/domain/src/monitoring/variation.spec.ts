import { defaultMonitoringPolicy, parseMonitoringPolicy } from '../policy/monitoring-policy.schema';
import { refusal } from '../testing';
import { checkVariation, type ContractAsAwarded, type ContractVariationInput } from './variation';

const policy = defaultMonitoringPolicy;
/** £99,000 over three years: 1,096 days from 1 April 2026 to 31 March 2029 (2028 is a leap year). */
const services: ContractAsAwarded = { contractType: 'services', valuePence: 9_900_000, startDate: '2026-04-01', endDate: '2029-03-31' };
const works: ContractAsAwarded = { ...services, contractType: 'works' };
const justification = 'Demand rose after the Forest of Dean hub closed; re-tendering would interrupt care for 40 children';

const variation = (variationId: string, change: Partial<ContractVariationInput>): ContractVariationInput => ({
  variationId,
  kind: 'price',
  description: 'Additional placements',
  ...change,
});

describe('variation: value', () => {
  it('given a services contract, when the value rises by exactly 10%, then it is within the limit and needs no justification', () => {
    const check = checkVariation({ original: services, proposed: variation('v1', { valueChangePence: 990_000 }) }, policy);
    expect(check.value).toEqual({ changePence: 990_000, percent: 10, limitPercent: 10, beyondLimit: false, newValuePence: 10_890_000 });
    expect(check.justificationRequired).toBe(false);
  });

  it('given a services contract, when the value rises by 10% and a penny without a justification, then it is refused', () => {
    const error = refusal(() => checkVariation({ original: services, proposed: variation('v1', { valueChangePence: 990_001 }) }, policy));
    expect(error.toJSON()).toMatchObject({ kind: 'invalid', code: 'variation.beyond-limit-needs-justification', field: 'proposed.justification' });
  });

  it('given the same rise with a recorded justification, then it is allowed and marked as beyond the limit', () => {
    const check = checkVariation({ original: services, proposed: variation('v1', { valueChangePence: 990_001, justification }) }, policy);
    expect(check).toMatchObject({ justificationRequired: true, value: { beyondLimit: true } });
  });

  it('given a justification shorter than the policy minimum, then it counts as missing', () => {
    const error = refusal(() => checkVariation({ original: services, proposed: variation('v1', { valueChangePence: 2_000_000, justification: 'More demand' }) }, policy));
    expect(error.code).toBe('variation.beyond-limit-needs-justification');
  });

  it('given a works contract, when the value rises by 12%, then the 15% works limit applies and no justification is needed', () => {
    expect(checkVariation({ original: works, proposed: variation('v1', { valueChangePence: 1_188_000 }) }, policy).justificationRequired).toBe(false);
  });

  it('given earlier variations of 6% and a proposed one of 5%, then the cumulative 11% is beyond the limit', () => {
    const error = refusal(() =>
      checkVariation(
        { original: services, previous: [variation('v1', { valueChangePence: 594_000 })], proposed: variation('v2', { valueChangePence: 495_000 }) },
        policy,
      ),
    );
    expect(error.message).toContain('value by 11% (limit 10% for services)');
  });

  it('given an increase of 8% then a decrease of 8%, then gross aggregation counts 16% and needs a justification', () => {
    const input = { original: services, previous: [variation('v1', { valueChangePence: 792_000 })], proposed: variation('v2', { valueChangePence: -792_000 }) };
    expect(refusal(() => checkVariation(input, policy)).code).toBe('variation.beyond-limit-needs-justification');
  });

  it('given the same see-saw under net aggregation, then they cancel out', () => {
    const net = parseMonitoringPolicy({ variation: { aggregation: 'net' } });
    const input = { original: services, previous: [variation('v1', { valueChangePence: 792_000 })], proposed: variation('v2', { valueChangePence: -792_000 }) };
    expect(checkVariation(input, net).value).toMatchObject({ changePence: 0, beyondLimit: false, newValuePence: 9_900_000 });
  });

  it('given a decrease larger than the contract value, then it is refused', () => {
    const error = refusal(() => checkVariation({ original: services, proposed: variation('v1', { valueChangePence: -10_000_000, justification }) }, policy));
    expect(error.toJSON()).toMatchObject({ code: 'variation.value-below-zero', field: 'proposed.valueChangePence' });
  });

  it('given a deployment with a 5% limit, then a 6% rise needs a justification', () => {
    const tight = parseMonitoringPolicy({ variation: { valueLimitPercent: { services: 5 } } });
    expect(refusal(() => checkVariation({ original: services, proposed: variation('v1', { valueChangePence: 594_000 }) }, tight)).code).toBe(
      'variation.beyond-limit-needs-justification',
    );
  });
});

describe('variation: term', () => {
  it('given a three-year contract, when the term is extended by 109 days (9.95%), then it is within the 10% limit', () => {
    const check = checkVariation({ original: services, proposed: variation('v1', { kind: 'term', termChangeDays: 109 }) }, policy);
    expect(check.term).toEqual({
      changeDays: 109,
      originalDays: 1096,
      percent: 9.95,
      limitPercent: 10,
      beyondLimit: false,
      newEndDate: '2029-07-18',
    });
  });

  it('given the same contract, when the term is extended by 110 days (10.04%), then a justification is required', () => {
    const error = refusal(() => checkVariation({ original: services, proposed: variation('v1', { kind: 'term', termChangeDays: 110 }) }, policy));
    expect(error.toJSON()).toMatchObject({ code: 'variation.beyond-limit-needs-justification' });
    expect(error.message).toContain('term by 10.04% (limit 10%)');
  });

  it('given both value and term beyond their limits, then the refusal names both', () => {
    const error = refusal(() =>
      checkVariation({ original: services, proposed: variation('v1', { kind: 'term', termChangeDays: 365, valueChangePence: 3_300_000 }) }, policy),
    );
    expect(error.message).toMatch(/value by 33.33% .* and the term by 33.3% /);
  });

  it('given a shortening that would end the contract before it starts, then it is refused', () => {
    const error = refusal(() => checkVariation({ original: services, proposed: variation('v1', { kind: 'term', termChangeDays: -1096, justification }) }, policy));
    expect(error.toJSON()).toMatchObject({ code: 'variation.term-ends-before-start', field: 'proposed.termChangeDays' });
  });

  it('given an original that ends before it starts, then the check is refused', () => {
    const error = refusal(() => checkVariation({ original: { ...services, endDate: '2026-03-01' }, proposed: variation('v1', {}) }, policy));
    expect(error.code).toBe('variation.invalid-term');
  });

  it('given a scope change with no value or term change, then it is within every limit', () => {
    expect(checkVariation({ original: services, proposed: variation('v1', { kind: 'scope' }) }, policy).justificationRequired).toBe(false);
  });

  it('given a malformed variation, then it is refused as invalid', () => {
    expect(refusal(() => checkVariation({ original: services, proposed: variation('v1', { valueChangePence: 1.5 }) }, policy)).toJSON()).toMatchObject({
      code: 'variation.invalid',
      field: 'proposed.valueChangePence',
    });
  });
});

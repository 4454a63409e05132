import { parseMonitoringPolicy } from '../policy/monitoring-policy.schema';
import type { Actor } from '../shared/envelope.schema';
import { ContractCommand } from './contract.commands';
import type { ContractEvent } from './contract.events';
import {
  activeContract,
  at,
  budgetHolder,
  commissioner,
  contractManager,
  given,
  lead,
  provider,
  refusal,
  system,
  whenAt,
} from './__fixtures__/contract.fixtures';

const active = activeContract();
const on = (date: string, events: readonly ContractEvent[], command: ContractCommand, actor: Actor) => whenAt(at(date), events, command, actor);
const then = (events: readonly ContractEvent[], more: readonly ContractEvent[]) => [...events, ...more];
const rating = (events: readonly ContractEvent[]) => {
  const state = given(events);
  return state.status === 'open' ? state.management?.risk.rating : undefined;
};

type LogData = Extract<ContractCommand, { type: 'LogConcern' }>['data'];
const log = (data: Partial<LogData> = {}): ContractCommand =>
  ContractCommand.parse({
    type: 'LogConcern',
    data: {
      receivedOn: '2027-02-10',
      source: 'family',
      category: 'communication',
      severity: 'low',
      summary: 'Parents were not told that the overnight stay was moved',
      handling: 'information-only',
      ...data,
    },
  });
const update = (data: Partial<Extract<ContractCommand, { type: 'UpdateConcern' }>['data']>): ContractCommand =>
  ContractCommand.parse({ type: 'UpdateConcern', data: { concernId: 'concern-1', status: 'investigating', ...data } });

describe('reactive log: logging concerns', () => {
  it('given an active contract, when a lead professional logs an information-only concern, then ConcernLogged numbers it and the rating stays green', () => {
    expect(on('2027-02-11', active, log(), lead)).toEqual([
      {
        type: 'ConcernLogged',
        data: {
          concernId: 'concern-1',
          receivedOn: '2027-02-10',
          source: 'family',
          category: 'communication',
          severity: 'low',
          summary: 'Parents were not told that the overnight stay was moved',
          handling: 'information-only',
          loggedOn: '2027-02-11',
        },
      },
    ]);
  });

  it('given a concern referred on, then it names who it was referred to', () => {
    const [logged] = on('2027-02-11', active, log({ handling: 'referred', referredTo: 'Social Work Complaints Officer', source: 'inspector' }), budgetHolder);
    expect(logged?.data).toMatchObject({ concernId: 'concern-1', handling: 'referred', referredTo: 'Social Work Complaints Officer' });
  });

  it('given a serious concern, then the contract goes red with intervention, and a plan is required on it', () => {
    const events = on('2027-02-11', active, log({ severity: 'serious', category: 'safeguarding', handling: 'investigate' }), contractManager);
    expect(events.map((event) => event.type)).toEqual(['ConcernLogged', 'RiskRatingChanged', 'ReturnsScheduleChanged', 'PlanRequired']);
    expect(events[1]?.data).toMatchObject({
      from: 'green',
      to: 'red',
      reasons: [{ rule: 'risk.complaints.serious', rating: 'red', evidence: [{ kind: 'complaint', id: 'concern-1' }] }],
      intensity: { level: 'intervention', intervention: true },
    });
    expect(events[2]?.data).toEqual({ from: '2027-04-04', frequency: 'monthly', previousFrequency: 'quarterly', changeId: 'rating-1' });
    // The red rating is the stronger trigger: the plan names it.
    expect(events[3]?.data).toMatchObject({ trigger: { kind: 'red-rating', ratingChangeId: 'rating-1' }, requiredOn: '2027-02-11' });
  });

  it('given a policy where a serious concern is only amber, then the concern itself triggers the plan', () => {
    const monitoring = parseMonitoringPolicy({ risk: { complaints: { serious: { amber: 1 } } } });
    const events = whenAt(at('2027-02-11'), active, log({ severity: 'serious', handling: 'investigate' }), contractManager, monitoring);
    expect(events.find((event) => event.type === 'PlanRequired')?.data).toMatchObject({ trigger: { kind: 'serious-complaint', complaintId: 'concern-1' } });
  });

  it('refuses a category not agreed, a referral without a recipient, a recipient without a referral, and a concern from the future', () => {
    expect(refusal(() => on('2027-02-11', active, log({ category: 'weather' }), lead)).toJSON()).toMatchObject({ kind: 'invalid', code: 'concern.unknown-category', field: 'data.category' });
    expect(refusal(() => on('2027-02-11', active, log({ handling: 'referred' }), lead)).toJSON()).toMatchObject({ code: 'concern.referral-needs-recipient', field: 'data.referredTo' });
    expect(refusal(() => on('2027-02-11', active, log({ referredTo: 'Police' }), lead)).code).toBe('concern.referral-needs-recipient');
    expect(refusal(() => on('2027-02-09', active, log(), lead)).toJSON()).toMatchObject({ code: 'concern.received-in-future', field: 'data.receivedOn' });
    expect(refusal(() => on('2027-02-11', active, log({ placementId: 'placement-9' }), lead)).code).toBe('placement.unknown');
  });

  it.each([provider, system])('given an active contract, when a $role logs a concern, then the role is refused', (actor) => {
    expect(refusal(() => on('2027-02-11', active, log(), actor)).code).toBe('access.role-not-permitted');
  });
});

describe('reactive log: investigation and resolution', () => {
  const high = then(active, on('2027-02-11', active, log({ severity: 'high', handling: 'investigate', category: 'quality-of-care' }), lead));

  it('given a high-severity concern (amber), when it is found not upheld, then it no longer counts and the contract is green again', () => {
    expect(rating(high)).toBe('amber');
    const resolved = on('2027-03-01', high, update({ status: 'resolved', finding: 'not-upheld', resolution: 'Records show the visit took place' }), contractManager);
    expect(resolved[0]).toEqual({
      type: 'ConcernUpdated',
      data: { concernId: 'concern-1', status: 'resolved', finding: 'not-upheld', resolution: 'Records show the visit took place', updatedOn: '2027-03-01' },
    });
    expect(resolved[1]).toMatchObject({ type: 'RiskRatingChanged', data: { from: 'amber', to: 'green' } });
  });

  it('given an investigation under way, then the update records it and the rating stands', () => {
    expect(on('2027-02-12', high, update({ note: 'Provider asked for its records' }), lead)).toEqual([
      { type: 'ConcernUpdated', data: { concernId: 'concern-1', status: 'investigating', updatedOn: '2027-02-12' }, reason: 'Provider asked for its records' },
    ]);
  });

  it('refuses resolving without a resolution or, for an investigation, without a finding; an unknown concern; a resolved one', () => {
    expect(refusal(() => on('2027-03-01', high, update({ status: 'resolved', finding: 'upheld' }), lead)).toJSON()).toMatchObject({
      code: 'concern.resolution-required',
      field: 'data.resolution',
    });
    expect(refusal(() => on('2027-03-01', high, update({ status: 'resolved', resolution: 'Apology given' }), lead)).toJSON()).toMatchObject({
      code: 'concern.finding-required',
      field: 'data.finding',
    });
    expect(refusal(() => on('2027-03-01', high, update({ concernId: 'concern-7' }), lead)).toJSON()).toMatchObject({ kind: 'invalid', code: 'concern.unknown' });
    const resolved = then(high, on('2027-03-01', high, update({ status: 'resolved', finding: 'upheld', resolution: 'Apology and retraining' }), lead));
    expect(refusal(() => on('2027-03-02', resolved, update({}), lead)).toJSON()).toMatchObject({ kind: 'conflict', code: 'concern.already-resolved' });
  });
});

describe('inspections', () => {
  const inspect = (outcome: string, publishedOn = '2027-03-01', inspectorate = 'Ofsted'): ContractCommand =>
    ContractCommand.parse({ type: 'RecordInspectionOutcome', data: { inspectorate, publishedOn, outcome, reportReference: 'SC123456' } });

  it('given an inadequate judgement, then the contract goes red; a later good judgement of the same inspectorate returns it to green', () => {
    const inadequate = on('2027-03-02', active, inspect('inadequate'), commissioner);
    expect(inadequate[0]).toEqual({
      type: 'InspectionOutcomeRecorded',
      data: { inspectionId: 'inspection-1', inspectorate: 'Ofsted', publishedOn: '2027-03-01', outcome: 'inadequate', reportReference: 'SC123456' },
    });
    expect(inadequate[1]).toMatchObject({ type: 'RiskRatingChanged', data: { to: 'red', reasons: [{ rule: 'risk.inspections.inadequate' }] } });
    const red = then(active, inadequate);
    const good = on('2027-03-20', red, inspect('good', '2027-03-19'), contractManager);
    expect(good).toContainEqual(expect.objectContaining({ type: 'RiskRatingChanged', data: expect.objectContaining({ from: 'red', to: 'green' }) }));
  });

  it('refuses a judgement published in the future, and a lead professional recording one', () => {
    expect(refusal(() => on('2027-02-28', active, inspect('good'), commissioner)).toJSON()).toMatchObject({ code: 'inspection.published-in-future', field: 'data.publishedOn' });
    expect(refusal(() => on('2027-03-02', active, inspect('good'), lead)).code).toBe('access.role-not-permitted');
  });
});

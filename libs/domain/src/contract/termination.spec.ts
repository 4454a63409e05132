import type { Actor } from '../shared/envelope.schema';
import { ContractCommand } from './contract.commands';
import type { ContractEvent } from './contract.events';
import {
  activeContract,
  at,
  commissioner,
  contractId,
  contractManager,
  given,
  issueContract,
  lead,
  provider,
  refusal,
  system,
  whenAt,
} from './__fixtures__/contract.fixtures';

const active = activeContract();
const on = (date: string, events: readonly ContractEvent[], command: ContractCommand, actor: Actor = contractManager) => whenAt(at(date), events, command, actor);
const then = (events: readonly ContractEvent[], more: readonly ContractEvent[]) => [...events, ...more];
const stageOf = (events: readonly ContractEvent[]) => {
  const state = given(events);
  return state.status === 'open' ? state.stage : undefined;
};
const management = (events: readonly ContractEvent[]) => {
  const state = given(events);
  if (state.status !== 'open' || !state.management) throw new Error('not managed');
  return state.management;
};

const request = (ground = 'material-breach'): ContractCommand => ({ type: 'RequestTermination', data: { ground, reason: 'Repeated failure to deliver the nights agreed' } });
const review: ContractCommand = { type: 'RecordSupplyImpactReview', data: { alternativeCapacity: true, findings: 'Two framework providers have capacity' } };
const notice = (ground = 'material-breach', then: 'recommission' | 'decommission' = 'recommission'): ContractCommand => ({
  type: 'GiveTerminationNotice',
  data: { ground, reference: 'GCC/SB/2026/014/TN1', then },
});
const terminate: ContractCommand = { type: 'TerminateContract', data: {} };
const place = (reference: string, startDate = '2027-02-01'): ContractCommand => ({ type: 'StartPlacement', data: { reference, startDate } });

const requested = then(active, on('2027-11-12', active, request(), lead));
const reviewed = then(requested, on('2027-11-15', requested, review));
const noticeGiven = then(reviewed, on('2027-11-16', reviewed, notice()));

describe('termination: request, supply-impact review, notice', () => {
  it('given an active contract, when the lead professional asks for termination, then TerminationRequested records who asked and why', () => {
    expect(requested.at(-1)).toEqual({
      type: 'TerminationRequested',
      data: { ground: 'material-breach', requestedBy: lead, requestedOn: '2027-11-12' },
      reason: 'Repeated failure to deliver the nights agreed',
    });
  });

  it('given a request, when the contract manager reviews the supply impact, then the placements it would move are listed', () => {
    const placed = then(requested, on('2027-11-13', requested, place('CH-0042'), lead));
    expect(on('2027-11-15', placed, review)).toEqual([
      { type: 'SupplyImpactReviewed', data: { reviewedOn: '2027-11-15', alternativeCapacity: true, findings: 'Two framework providers have capacity', placementsAffected: ['placement-1'] } },
    ]);
  });

  it('given the review, when notice is given for material breach, then it takes effect after the contract’s 30 days', () => {
    expect(noticeGiven.at(-1)).toEqual({
      type: 'TerminationNoticeGiven',
      data: {
        ground: 'material-breach',
        notice: { length: 30, unit: 'days' },
        noticeGivenOn: '2027-11-16',
        effectiveDate: '2027-12-16',
        reference: 'GCC/SB/2026/014/TN1',
        then: 'recommission',
      },
    });
  });

  it('given a request without the supply-impact review, when notice is given, then it is refused naming the rule, nothing appended', () => {
    expect(refusal(() => on('2027-11-16', requested, notice())).toJSON()).toMatchObject({
      kind: 'conflict',
      code: 'termination.supply-impact-review-required',
    });
  });

  it('given a ground the contract does not allow, then it is refused; a contract issued without termination terms allows none', () => {
    expect(refusal(() => on('2027-11-16', reviewed, notice('insolvency'))).toJSON()).toMatchObject({
      kind: 'invalid',
      code: 'termination.ground-not-in-contract',
      field: 'data.ground',
    });
    const plain = activeContract(issueContract());
    const plainReviewed = [...plain, ...on('2027-11-12', plain, request(), lead)];
    const ready = [...plainReviewed, ...on('2027-11-15', plainReviewed, review)];
    expect(refusal(() => on('2027-11-16', ready, notice())).message).toBe('The contract allows no early termination');
  });

  it('given three months’ notice that would end after the contract, then it is refused: the contract expires first', () => {
    const late = then(active, on('2029-11-01', active, request('convenience'), commissioner));
    const lateReviewed = then(late, on('2029-11-02', late, review));
    expect(refusal(() => on('2029-11-03', lateReviewed, notice('convenience'))).code).toBe('termination.after-expiry');
  });

  it('refuses notice without a request, a second request, a second notice, and notice by the lead professional', () => {
    expect(refusal(() => on('2027-11-16', active, notice())).code).toBe('termination.not-requested');
    expect(refusal(() => on('2027-11-15', active, review)).code).toBe('termination.not-requested');
    expect(refusal(() => on('2027-11-13', requested, request(), lead)).code).toBe('termination.already-requested');
    expect(refusal(() => on('2027-11-17', noticeGiven, notice())).code).toBe('termination.notice-already-given');
    expect(refusal(() => on('2027-11-16', reviewed, notice(), lead)).code).toBe('access.role-not-permitted');
  });
});

describe('termination: the effective date', () => {
  it('given notice, when the effective date comes, then the contract is terminated, its placements end, and a recommission is requested with its history', () => {
    const placed = then(active, on('2027-02-01', active, place('CH-0042'), lead));
    const steps: [string, ContractCommand, Actor][] = [
      ['2027-11-12', request(), lead],
      ['2027-11-15', review, contractManager],
      ['2027-11-16', notice(), contractManager],
    ];
    const withNotice = steps.reduce<ContractEvent[]>((events, [date, command, actor]) => then(events, on(date, events, command, actor)), placed);
    const events = whenAt('2027-12-16T00:00:00.000Z', withNotice, terminate, system);
    expect(events.map((event) => event.type)).toEqual(['ContractTerminated', 'RecommissionRequested']);
    expect(events[0]?.data).toEqual({ ground: 'material-breach', effectiveDate: '2027-12-16', placementsEnded: ['placement-1'] });
    expect(events[1]?.data).toMatchObject({
      predecessorContractId: contractId,
      requestedOn: '2027-12-16',
      performanceHistory: { ending: 'terminated', terminationGround: 'material-breach', lastDay: '2027-12-15', placements: 1, returns: { due: 3, submitted: 0, missing: 3 } },
    });
    expect(management(then(withNotice, events))).toMatchObject({
      ended: { how: 'terminated', lastDay: '2027-12-15', ground: 'material-breach' },
      placements: { 'placement-1': { endedOn: '2027-12-15' } },
    });
    expect(stageOf(withNotice)).toBe('active');
    expect(stageOf(then(withNotice, events))).toBe('terminated');
  });

  it('given notice to decommission, then no recommission is requested', () => {
    const decommissioning = then(reviewed, on('2027-11-16', reviewed, notice('material-breach', 'decommission')));
    const terminated = whenAt('2027-12-16T00:00:00.000Z', decommissioning, terminate, system);
    expect(terminated.map((event) => event.type)).toEqual(['ContractTerminated']);
    // It was terminated: what follows (no successor) does not change how it ended.
    expect(stageOf(then(decommissioning, terminated))).toBe('terminated');
  });

  it('refuses the timer before the effective date, without notice, once terminated, and from anyone but the system', () => {
    expect(refusal(() => on('2027-12-15', noticeGiven, terminate, system)).code).toBe('termination.not-yet-effective');
    expect(refusal(() => on('2027-12-16', active, terminate, system)).code).toBe('termination.no-notice');
    const ended = then(noticeGiven, on('2027-12-16', noticeGiven, terminate, system));
    expect(refusal(() => on('2027-12-17', ended, terminate, system)).toJSON()).toMatchObject({ kind: 'conflict', code: 'contract.ended' });
    expect(refusal(() => on('2027-12-16', noticeGiven, terminate, contractManager)).code).toBe('access.role-not-permitted');
  });
});

describe('natural expiry', () => {
  const decide = (decision: 'recommission' | 'extend' | 'decommission', extension?: { option: number; newEndDate: string }): ContractCommand => ({
    type: 'DecideOnExpiry',
    data: { decision, ...(extension ? { extension } : {}), note: 'Agreed at the commissioning board' },
  });
  const expire: ContractCommand = { type: 'ExpireContract', data: {} };
  const remindExpiry: ContractCommand = { type: 'IssueReminder', data: { subject: 'expiry', endDate: '2030-01-03' } };

  it('given a contract ending on 3 January 2030, when six months before the reminder fires, then the commissioner is reminded once', () => {
    expect(refusal(() => on('2029-07-02', active, remindExpiry, system)).code).toBe('reminder.not-due');
    const reminded = on('2029-07-03', active, remindExpiry, system);
    expect(reminded).toEqual([{ type: 'ReminderIssued', data: { subject: 'expiry', endDate: '2030-01-03' } }]);
    expect(refusal(() => on('2029-07-04', then(active, reminded), remindExpiry, system)).code).toBe('reminder.already-issued');
  });

  it('given the reminder’s date, when the commissioner decides to recommission, then at the end the contract expires and the recommission is requested', () => {
    const decided = then(active, on('2029-07-10', active, decide('recommission'), commissioner));
    expect(decided.at(-1)).toEqual({
      type: 'ExpiryDecided',
      data: { decision: 'recommission', endDate: '2030-01-03', decidedOn: '2029-07-10' },
      reason: 'Agreed at the commissioning board',
    });
    expect(refusal(() => on('2029-07-11', decided, remindExpiry, system)).code).toBe('reminder.nothing-awaited');
    expect(refusal(() => on('2030-01-03', decided, expire, system)).code).toBe('expiry.not-due');
    const expired = whenAt('2030-01-04T00:00:00.000Z', decided, expire, system);
    expect(expired.map((event) => event.type)).toEqual(['ContractExpired', 'RecommissionRequested']);
    expect(expired[0]?.data).toEqual({ endDate: '2030-01-03', expiredOn: '2030-01-04', decision: 'recommission', placementsEnded: [] });
    expect(expired[1]?.data).toMatchObject({ performanceHistory: { ending: 'expired', lastDay: '2030-01-03' } });
    expect(stageOf(then(decided, expired))).toBe('expired');
  });

  it('given a decision to decommission, or none, then the contract expires without a recommission', () => {
    const decommissioned = then(active, on('2029-07-10', active, decide('decommission'), commissioner));
    const decommissionedExpiry = whenAt('2030-01-04T00:00:00.000Z', decommissioned, expire, system);
    expect(decommissionedExpiry.map((event) => event.type)).toEqual(['ContractExpired']);
    expect(stageOf(then(decommissioned, decommissionedExpiry))).toBe('decommissioned');
    const undecided = whenAt('2030-01-04T00:00:00.000Z', active, expire, system);
    expect(undecided[0]?.data).toEqual({ endDate: '2030-01-03', expiredOn: '2030-01-04', placementsEnded: [] });
    expect(stageOf(then(active, undecided))).toBe('expired');
  });

  it('given a decision to extend, then the option is taken up at once and the expiry moves with a new decision to make', () => {
    const events = on('2029-07-10', active, decide('extend', { option: 0, newEndDate: '2031-01-03' }), commissioner);
    expect(events.map((event) => event.type)).toEqual(['ExpiryDecided', 'ExtensionExercised']);
    expect(management(then(active, events))).toMatchObject({ endDate: '2031-01-03', expiry: {} });
    expect(refusal(() => on('2030-01-04', then(active, events), expire, system)).code).toBe('expiry.not-due');
  });

  it('refuses a decision before the reminder’s date, extending without an option or with one already taken, and an option with another decision', () => {
    expect(refusal(() => on('2029-07-02', active, decide('recommission'), commissioner)).toJSON()).toMatchObject({ kind: 'conflict', code: 'expiry.not-yet-open' });
    expect(refusal(() => on('2029-07-10', active, decide('extend'), commissioner)).toJSON()).toMatchObject({ code: 'expiry.extension-required', field: 'data.extension' });
    expect(refusal(() => on('2029-07-10', active, decide('extend', { option: 3, newEndDate: '2031-01-03' }), commissioner)).toJSON()).toMatchObject({
      code: 'extension.unknown-option',
      field: 'data.extension.option',
    });
    expect(refusal(() => on('2029-07-10', active, decide('decommission', { option: 0, newEndDate: '2031-01-03' }), commissioner)).code).toBe(
      'expiry.extension-only-when-extending',
    );
    expect(refusal(() => on('2029-07-10', active, decide('recommission'), lead)).code).toBe('access.role-not-permitted');
  });

  it('given notice of termination, then neither the expiry decision nor its reminder applies', () => {
    expect(refusal(() => on('2027-11-17', noticeGiven, decide('recommission'), commissioner)).code).toBe('contract.termination-notice-given');
    const reminder: ContractCommand = { type: 'IssueReminder', data: { subject: 'expiry', endDate: '2030-01-03' } };
    expect(refusal(() => on('2029-07-03', noticeGiven, reminder, system)).code).toBe('reminder.nothing-awaited');
  });
});

describe('placements', () => {
  const end = (placementId = 'placement-1', endDate = '2027-06-30'): ContractCommand =>
    ContractCommand.parse({ type: 'EndPlacement', data: { placementId, endDate, reason: 'planned-end', record: 'Returned home; package ended as planned' } });

  it('given an active contract, when a placement starts and ends, then each has its own start, end and termination record', () => {
    const started = on('2027-02-01', active, place('CH-0042'), lead);
    expect(started).toEqual([{ type: 'PlacementStarted', data: { placementId: 'placement-1', reference: 'CH-0042', startDate: '2027-02-01' } }]);
    const ended = on('2027-06-30', then(active, started), end(), lead);
    expect(ended).toEqual([
      { type: 'PlacementEnded', data: { placementId: 'placement-1', endDate: '2027-06-30', reason: 'planned-end', record: 'Returned home; package ended as planned' } },
    ]);
    expect(management([...active, ...started, ...ended]).placements).toEqual({
      'placement-1': { placementId: 'placement-1', reference: 'CH-0042', startDate: '2027-02-01', endedOn: '2027-06-30' },
    });
  });

  it('refuses a placement outside the term, one already placed, while suspended, or while a punitive plan suspends referrals', () => {
    expect(refusal(() => on('2027-02-01', active, place('CH-0042', '2026-12-01'), lead)).toJSON()).toMatchObject({ code: 'placement.outside-term', field: 'data.startDate' });
    const placed = then(active, on('2027-02-01', active, place('CH-0042'), lead));
    expect(refusal(() => on('2027-02-02', placed, place('CH-0042'), lead)).code).toBe('placement.already-placed');
    const suspended = then(active, on('2027-02-01', active, { type: 'SuspendContract', data: { note: 'Registration suspended' } }));
    expect(refusal(() => on('2027-02-02', suspended, place('CH-0043'), lead)).code).toBe('placement.contract-suspended');
    const punitive = ContractCommand.parse({
      type: 'OpenCorrectivePlan',
      data: { trigger: { kind: 'contract-manager' }, approach: 'punitive', problem: 'Safeguarding failures', remedies: ['suspension-of-referrals'] },
    });
    const suspendedReferrals = then(active, on('2027-02-01', active, punitive));
    expect(refusal(() => on('2027-02-02', suspendedReferrals, place('CH-0043'), lead)).code).toBe('placement.referrals-suspended');
    expect(refusal(() => on('2027-11-17', noticeGiven, place('CH-0043', '2027-11-20'), lead)).code).toBe('contract.termination-notice-given');
  });

  it('refuses ending an unknown placement, one already ended, and an end before the start', () => {
    const placed = then(active, on('2027-02-01', active, place('CH-0042'), lead));
    expect(refusal(() => on('2027-06-30', placed, end('placement-2'), lead)).toJSON()).toMatchObject({ kind: 'invalid', code: 'placement.unknown' });
    expect(refusal(() => on('2027-06-30', placed, end('placement-1', '2027-01-31'), lead)).toJSON()).toMatchObject({ code: 'placement.end-before-start', field: 'data.endDate' });
    const ended = then(placed, on('2027-06-30', placed, end(), lead));
    expect(refusal(() => on('2027-07-01', ended, end(), lead)).code).toBe('placement.already-ended');
    expect(refusal(() => on('2027-02-01', active, place('CH-0042'), provider)).code).toBe('access.role-not-permitted');
  });
});

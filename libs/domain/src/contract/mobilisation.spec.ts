import { ContractCommand } from './contract.commands';
import { parseContractEvent } from './contract.events';
import {
  activateContract,
  commissioner,
  contractManager,
  decideAll,
  directAwardThrough,
  directAwardToActive,
  given,
  onStartDate,
  pounds,
  provider,
  refusal,
  startDate,
  startMobilisation,
  supplier,
  when,
  whenAt,
} from './__fixtures__/contract.fixtures';

const bothSigned = directAwardThrough('RecordMasterCopy').slice(0, -1);
const masterCopyRecorded = directAwardThrough('RecordMasterCopy');
const mobilising = directAwardThrough('StartMobilisation');

describe('mobilisation', () => {
  it('given the master copy recorded, when the contract manager starts mobilisation, then MobilisationStarted carries the plan and the stage is mobilisation', () => {
    const events = when(masterCopyRecorded, startMobilisation(), contractManager);
    expect(events).toEqual([
      {
        type: 'MobilisationStarted',
        data: { planSummary: expect.stringMatching(/^Recruit/), milestones: [{ name: 'Staff recruited', dueDate: '2026-12-18' }] },
      },
    ]);
    expect(given([...masterCopyRecorded, ...events])).toMatchObject({ stage: 'mobilisation' });
  });

  it('given a plan without milestones, then it has none', () => {
    const parsed = ContractCommand.parse({ type: 'StartMobilisation', data: { planSummary: 'Take first referrals' } });
    expect(when(masterCopyRecorded, parsed, contractManager)[0]?.data).toEqual({ planSummary: 'Take first referrals', milestones: [] });
  });

  it('given both signatures but no master copy, when mobilisation starts, then the master copy is required', () => {
    expect(refusal(() => when(bothSigned, startMobilisation(), contractManager)).toJSON()).toMatchObject({
      kind: 'conflict',
      code: 'contract.master-copy-required',
    });
  });

  it('given mobilisation started, when it is started again, then it is refused', () => {
    expect(refusal(() => when(mobilising, startMobilisation(), contractManager)).code).toBe('contract.mobilisation-already-started');
  });

  it.each([commissioner, provider])('given the master copy recorded, when a $role starts mobilisation, then the role is refused', (actor) => {
    expect(refusal(() => when(masterCopyRecorded, startMobilisation(), actor)).code).toBe('access.role-not-permitted');
  });
});

describe('activation', () => {
  it('given mobilisation, when the contract manager activates it on the start date, then ContractActivated records the day and the contract is active', () => {
    const events = whenAt(onStartDate, mobilising, activateContract({ note: 'Mobilisation checklist signed off' }), contractManager);
    expect(events).toEqual([{ type: 'ContractActivated', data: { activatedOn: startDate }, reason: 'Mobilisation checklist signed off' }]);
    expect(given([...mobilising, ...events])).toMatchObject({ stage: 'active', activatedOn: startDate });
  });

  it('given mobilisation, when it is activated after the start date, then it goes live that day', () => {
    expect(whenAt('2027-02-01T12:00:00.000Z', mobilising, activateContract(), contractManager)[0]?.data).toEqual({ activatedOn: '2027-02-01' });
  });

  it('given mobilisation, when it is activated the day before the start date, then it is too early', () => {
    expect(refusal(() => whenAt('2027-01-03T23:59:59.999Z', mobilising, activateContract(), contractManager)).toJSON()).toMatchObject({
      kind: 'conflict',
      code: 'contract.before-start-date',
    });
  });

  it('given a time with an offset, then the day is the UTC day of that instant', () => {
    // 00:30 in Paris on the start date is still the day before in UTC.
    expect(refusal(() => whenAt('2027-01-04T00:30:00+01:00', mobilising, activateContract(), contractManager)).code).toBe(
      'contract.before-start-date',
    );
  });

  it.each([
    ['the master copy recorded', masterCopyRecorded],
    ['both signatures', bothSigned],
  ])('given %s but no mobilisation, when it is activated, then it is not mobilising', (_, events) => {
    expect(refusal(() => whenAt(onStartDate, events, activateContract(), contractManager)).toJSON()).toMatchObject({
      kind: 'conflict',
      code: 'contract.not-mobilising',
    });
  });

  it('given an active contract, when it is activated again, then it is refused', () => {
    const active = decideAll(directAwardToActive());
    expect(refusal(() => whenAt(onStartDate, active, activateContract(), contractManager)).code).toBe('contract.already-active');
  });

  it.each([commissioner, provider])('given mobilisation, when a $role activates it, then the role is refused', (actor) => {
    expect(refusal(() => whenAt(onStartDate, mobilising, activateContract(), actor)).code).toBe('access.role-not-permitted');
  });
});

describe('from opening to Active: the direct-award script', () => {
  it.each(['direct-award', 'grant'] as const)('given nothing, when a %s runs its script, then every command is accepted and the contract is active', (route) => {
    const events = decideAll(directAwardToActive({ route }));
    expect(events.map((event) => event.type)).toEqual([
      'CommissionOpened',
      'NeedsAssessmentRecorded',
      'RouteDecided',
      'SpecificationAgreed',
      'ContractAwarded',
      'ContractIssued',
      'ContractAuthorised',
      'ContractSigned',
      'ContractSigned',
      'FinanceNotified',
      'MasterCopyRecorded',
      'MobilisationStarted',
      'ContractActivated',
    ]);
    expect(given(events)).toMatchObject({
      status: 'open',
      stage: 'active',
      route: { route },
      award: { basis: route, supplier },
      issued: { valuePence: pounds(18_000), startDate },
      authorisation: { category: 'B' },
      activatedOn: startDate,
    });
  });

  it('given every event of the script, then each parses back through the event registry as it was decided', () => {
    const events = decideAll(directAwardToActive());
    expect(events.map((event) => ({ ...parseContractEvent(event.type, JSON.parse(JSON.stringify(event.data))), ...(event.reason ? { reason: event.reason } : {}) }))).toEqual(events);
  });
});

import type { Actor } from '../shared/envelope.schema';
import { ContractCommand } from './contract.commands';
import type { ContractEvent } from './contract.events';
import {
  activeContract,
  at,
  commissioner,
  contractManager,
  given,
  lead,
  pounds,
  provider,
  refusal,
  whenAt,
} from './__fixtures__/contract.fixtures';

const active = activeContract();
const on = (date: string, events: readonly ContractEvent[], command: ContractCommand, actor: Actor = contractManager) => whenAt(at(date), events, command, actor);
const then = (events: readonly ContractEvent[], more: readonly ContractEvent[]) => [...events, ...more];
const management = (events: readonly ContractEvent[]) => {
  const state = given(events);
  if (state.status !== 'open' || !state.management) throw new Error('not managed');
  return state.management;
};

type VaryData = Extract<ContractCommand, { type: 'VaryContract' }>['data'];
const approver = { name: 'Alex Morgan', position: 'Head of Commissioning' };
const vary = (data: Partial<VaryData>): ContractCommand =>
  ContractCommand.parse({ type: 'VaryContract', data: { kind: 'price', description: 'Inflation uplift', approver, ...data } });
const justification = 'Statutory increase in the national living wage, affecting every care worker';

describe('change: variations', () => {
  it('given an active contract, when a price variation within 10% is approved, then ContractVaried records the approver and the cumulative change', () => {
    expect(on('2027-04-01', active, vary({ valueChangePence: pounds(900) }))).toEqual([
      {
        type: 'ContractVaried',
        data: {
          variationId: 'variation-1',
          kind: 'price',
          description: 'Inflation uplift',
          valueChangePence: pounds(900),
          termChangeDays: 0,
          approver,
          // Measured against the £18,000 authorised: the value issued and its extension option.
          cumulative: { valuePercent: 5, valueLimitPercent: 10, termPercent: 0, termLimitPercent: 10, justificationRequired: false },
          newValuePence: pounds(15_900),
          newEndDate: '2030-01-03',
          variedOn: '2027-04-01',
        },
      },
    ]);
  });

  it('given earlier variations, when the next takes the cumulative change past 10%, then it needs a justification; with one it is recorded', () => {
    const first = then(active, on('2027-04-01', active, vary({ valueChangePence: pounds(900) })));
    expect(refusal(() => on('2027-10-01', first, vary({ valueChangePence: pounds(1_000) }))).toJSON()).toMatchObject({
      kind: 'invalid',
      code: 'variation.beyond-limit-needs-justification',
      field: 'data.justification',
    });
    const [second] = on('2027-10-01', first, vary({ valueChangePence: pounds(1_000), justification }));
    expect(second?.data).toMatchObject({ variationId: 'variation-2', justification, cumulative: { valuePercent: 10.56, justificationRequired: true }, newValuePence: pounds(16_900) });
  });

  it('given a decrease after an increase, then the gross change counts both', () => {
    const first = then(active, on('2027-04-01', active, vary({ valueChangePence: pounds(1_000) })));
    expect(refusal(() => on('2027-05-01', first, vary({ kind: 'scope', description: 'Fewer weekend nights', valueChangePence: -pounds(1_000) }))).code).toBe(
      'variation.beyond-limit-needs-justification',
    );
  });

  it('given a term variation beyond 10% of the term, then it needs a justification; with one the end date moves', () => {
    const longer = vary({ kind: 'term', description: 'Extend to align with the new framework', termChangeDays: 120 });
    expect(refusal(() => on('2027-04-01', active, longer)).code).toBe('variation.beyond-limit-needs-justification');
    const events = on('2027-04-01', active, vary({ kind: 'term', description: 'Extend to align', termChangeDays: 120, justification }));
    expect(events[0]?.data).toMatchObject({ newEndDate: '2030-05-03', cumulative: { termPercent: 10.95, justificationRequired: true } });
    expect(management(then(active, events)).endDate).toBe('2030-05-03');
  });

  it('refuses a value below nothing and an end before today', () => {
    expect(refusal(() => on('2027-04-01', active, vary({ valueChangePence: -pounds(20_000), justification }))).code).toBe('variation.value-below-zero');
    expect(refusal(() => on('2027-04-01', active, vary({ kind: 'term', termChangeDays: -1090, justification }))).toJSON()).toMatchObject({
      kind: 'invalid',
      code: 'variation.end-in-past',
      field: 'data.termChangeDays',
    });
    expect(refusal(() => on('2027-04-01', active, vary({ kind: 'term', termChangeDays: -1100, justification }))).toJSON()).toMatchObject({
      code: 'variation.term-ends-before-start',
      field: 'data.termChangeDays',
    });
  });

  it.each([lead, provider])('given an active contract, when a $role varies it, then the role is refused', (actor) => {
    expect(refusal(() => on('2027-04-01', active, vary({ valueChangePence: 1 }), actor)).code).toBe('access.role-not-permitted');
  });
});

describe('change: extension options', () => {
  const extend = (option: number, newEndDate = '2031-01-03'): ContractCommand => ({ type: 'ExerciseExtension', data: { option, newEndDate, note: 'Provider performing well' } });

  it('given the 12-month option, when the commissioner exercises it, then the end moves and the value grows by the option', () => {
    const events = on('2029-06-01', active, extend(0), commissioner);
    expect(events).toEqual([
      {
        type: 'ExtensionExercised',
        data: { option: 0, description: '12 months', valuePence: pounds(3_000), previousEndDate: '2030-01-03', newEndDate: '2031-01-03', exercisedOn: '2029-06-01' },
        reason: 'Provider performing well',
      },
    ]);
    expect(management(then(active, events))).toMatchObject({ endDate: '2031-01-03', valuePence: pounds(18_000), extensionsExercised: [0] });
  });

  it('refuses an option the contract does not have, one exercised twice, and an end that is not later', () => {
    expect(refusal(() => on('2029-06-01', active, extend(1))).toJSON()).toMatchObject({ kind: 'invalid', code: 'extension.unknown-option', field: 'data.option' });
    const extended = then(active, on('2029-06-01', active, extend(0)));
    expect(refusal(() => on('2029-06-02', extended, extend(0, '2032-01-03'))).toJSON()).toMatchObject({ kind: 'conflict', code: 'extension.already-exercised' });
    expect(refusal(() => on('2029-06-01', active, extend(0, '2030-01-03'))).toJSON()).toMatchObject({ code: 'extension.end-not-later', field: 'data.newEndDate' });
  });
});

describe('change: suspension', () => {
  const suspend: ContractCommand = { type: 'SuspendContract', data: { note: 'Registration suspended by Ofsted pending inspection' } };
  const resume: ContractCommand = { type: 'ResumeContract', data: {} };

  it('given an active contract, when it is suspended and resumed, then both are recorded with the days', () => {
    const suspended = on('2027-03-01', active, suspend);
    expect(suspended).toEqual([{ type: 'ContractSuspended', data: { suspendedOn: '2027-03-01' }, reason: 'Registration suspended by Ofsted pending inspection' }]);
    expect(on('2027-03-20', then(active, suspended), resume)).toEqual([{ type: 'ContractResumed', data: { suspendedOn: '2027-03-01', resumedOn: '2027-03-20' } }]);
  });

  it('refuses suspending twice and resuming a contract that is not suspended', () => {
    const suspended = then(active, on('2027-03-01', active, suspend));
    expect(refusal(() => on('2027-03-02', suspended, suspend)).code).toBe('contract.already-suspended');
    expect(refusal(() => on('2027-03-02', active, resume)).code).toBe('contract.not-suspended');
  });
});

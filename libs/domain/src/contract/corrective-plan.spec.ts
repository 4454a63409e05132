import { PlanCommand } from '../plan/plan.commands';
import { planDecider } from '../plan/plan.decider';
import type { Actor } from '../shared/envelope.schema';
import { ContractCommand } from './contract.commands';
import type { ContractEvent } from './contract.events';
import {
  activeContract,
  at,
  contractId,
  contractManager,
  ctx,
  given,
  kpi,
  lead,
  observe,
  organisation,
  provider,
  quarter,
  refusal,
  submitReturn,
  system,
  whenAt,
} from './__fixtures__/contract.fixtures';

const active = activeContract();
const on = (date: string, events: readonly ContractEvent[], command: ContractCommand, actor: Actor) => whenAt(at(date), events, command, actor);
const then = (events: readonly ContractEvent[], more: readonly ContractEvent[]) => [...events, ...more];
const management = (events: readonly ContractEvent[]) => {
  const state = given(events);
  if (state.status !== 'open' || !state.management) throw new Error('not managed');
  return state.management;
};

type OpenData = Extract<ContractCommand, { type: 'OpenCorrectivePlan' }>['data'];
const open = (data: Partial<OpenData> = {}): ContractCommand =>
  ContractCommand.parse({
    type: 'OpenCorrectivePlan',
    data: { trigger: { kind: 'contract-manager' }, approach: 'developmental', problem: 'Weekend nights are not being delivered', ...data },
  });

const inadequate = { kind: 'inadequate-kpi' as const, kpi: kpi.nights, periodId: quarter.q1 };
/** Q1 rates the nights inadequate: amber, and a plan required on the inadequate KPI. */
const required = then(active, on('2027-04-20', active, submitReturn(quarter.q1, [observe(kpi.nights, 200)]), provider));

describe('corrective action: a plan required', () => {
  it('given an inadequate KPI with no plan running, then PlanRequired names the KPI and the period for the workflow to act on', () => {
    expect(required.at(-1)).toEqual({
      type: 'PlanRequired',
      data: { trigger: inadequate, problem: `${kpi.nights} was inadequate (200) for the period ${quarter.q1}`, requiredOn: '2027-04-20' },
    });
    expect(management(required).planRequired).toEqual(inadequate);
  });

  it('given a plan already required, when another trigger fires, then no second PlanRequired', () => {
    const q2 = on('2027-07-20', required, submitReturn(quarter.q2, [observe(kpi.nights, 200)]), provider);
    expect(q2.map((event) => event.type)).toEqual(['ReturnSubmitted', 'KpiAssessed', 'RiskRatingChanged']);
    expect(q2.at(-1)?.data).toMatchObject({ from: 'amber', to: 'red' });
  });
});

describe('corrective action: opening a plan from the contract', () => {
  it('given a plan required, when the system opens a developmental plan on that trigger, then CorrectivePlanOpened carries the plan’s first command', () => {
    const events = on('2027-04-20', required, open({ trigger: inadequate, problem: 'Nights inadequate in Q1' }), system);
    const openPlan = {
      contractId,
      sequence: 1,
      contract: { organisation, providerOrganisation: provider.organisation, remediesAllowed: ['financial-remedy', 'suspension-of-referrals'] },
      trigger: inadequate,
      approach: 'developmental',
      problem: 'Nights inadequate in Q1',
      remedies: [],
    };
    expect(events).toEqual([
      { type: 'CorrectivePlanOpened', data: { planId: `${contractId}.1`, sequence: 1, trigger: inadequate, approach: 'developmental', openPlan, openedOn: '2027-04-20' } },
    ]);
    expect(management(then(required, events)).planRequired).toBeUndefined();
    // The plan's workflow opens exactly this; the plan's own decider accepts it.
    const opened = planDecider.decide(PlanCommand.parse({ type: 'OpenPlan', data: openPlan }), planDecider.initialState(), ctx(system, at('2027-04-20')));
    expect(opened[0]).toMatchObject({ type: 'PlanOpened', data: { planId: `${contractId}.1` } });
  });

  it('given a punitive approach with a remedy the contract grants, when the contract manager opens it, then it is opened', () => {
    const [event] = on('2027-04-21', required, open({ approach: 'punitive', remedies: ['suspension-of-referrals'] }), contractManager);
    expect(event?.data).toMatchObject({ approach: 'punitive', openPlan: { remedies: ['suspension-of-referrals'] } });
  });

  it('given a punitive remedy the contract does not allow, then it is refused naming the remedy, nothing appended', () => {
    expect(refusal(() => on('2027-04-21', required, open({ approach: 'punitive', remedies: ['financial-remedy', 'termination'] }), contractManager)).toJSON()).toMatchObject({
      kind: 'invalid',
      code: 'plan.remedy-not-in-contract',
      field: 'data.remedies.1',
    });
  });

  it('refuses the system opening a plan nobody required, on its own trigger, or punitive', () => {
    expect(refusal(() => on('2027-04-20', active, open({ trigger: inadequate }), system)).toJSON()).toMatchObject({ kind: 'conflict', code: 'plan.not-required' });
    expect(refusal(() => on('2027-04-20', required, open(), system)).code).toBe('plan.not-required');
    expect(refusal(() => on('2027-04-20', required, open({ trigger: inadequate, approach: 'punitive', remedies: ['financial-remedy'] }), system)).toJSON()).toMatchObject({
      kind: 'forbidden',
      code: 'plan.punitive-needs-decision',
    });
  });

  it('refuses a second plan while one runs, and a lead professional opening one', () => {
    const running = then(active, on('2027-02-01', active, open(), contractManager));
    expect(refusal(() => on('2027-02-02', running, open(), contractManager)).toJSON()).toMatchObject({ kind: 'conflict', code: 'plan.already-open' });
    expect(refusal(() => on('2027-02-01', active, open(), lead)).code).toBe('access.role-not-permitted');
  });
});

describe('corrective action: the plan’s outcome', () => {
  const running = then(active, on('2027-02-01', active, open(), contractManager));
  const outcome = (planId: string, result: 'successful' | 'failed'): ContractCommand => ({
    type: 'RecordPlanOutcome',
    data: { planId, outcome: result, closedOn: '2027-03-31' },
  });

  it('given a running plan, when its workflow reports it closed, then CorrectivePlanEnded and another plan may be opened', () => {
    const ended = on('2027-03-31', running, outcome(`${contractId}.1`, 'successful'), system);
    expect(ended).toEqual([{ type: 'CorrectivePlanEnded', data: { planId: `${contractId}.1`, outcome: 'successful', closedOn: '2027-03-31' } }]);
    const [second] = on('2027-04-01', then(running, ended), open(), contractManager);
    expect(second?.data).toMatchObject({ planId: `${contractId}.2`, sequence: 2 });
  });

  it('refuses an outcome for a plan that is not running, and from anyone but the system', () => {
    expect(refusal(() => on('2027-03-31', running, outcome(`${contractId}.2`, 'failed'), system)).code).toBe('plan.not-running');
    expect(refusal(() => on('2027-03-31', active, outcome(`${contractId}.1`, 'failed'), system)).code).toBe('plan.not-running');
    expect(refusal(() => on('2027-03-31', running, outcome(`${contractId}.1`, 'failed'), contractManager)).code).toBe('access.role-not-permitted');
  });
});

import { systemActor, type Actor } from '../shared/envelope.schema';
import { defaultMonitoringPolicy } from '../policy/monitoring-policy.schema';
import { PlanCommand, type PlanCommandInput } from './plan.commands';
import { planDecider } from './plan.decider';
import { planDeadlines, planFinished } from './plan.deadlines';
import type { PlanEvent } from './plan.events';
import type { PlanState } from './plan.state';

const council = 'gloucestershire-cc';
const manager: Actor = { id: 'ccm-1', role: 'contract-manager', organisation: council };
const system = systemActor(council);
const given = (events: readonly PlanEvent[]): PlanState => events.reduce(planDecider.evolve, planDecider.initialState());
const decide = (events: PlanEvent[], input: PlanCommandInput, actor: Actor, at: string): PlanEvent[] => [
  ...events,
  ...planDecider.decide(PlanCommand.parse(input), given(events), { commandId: 'c', correlationId: 'k', actor, now: at }),
];
/** Records each deadline that has come by `until`, as the plan's workflow would, and returns what was recorded. */
const fireUntil = (events: PlanEvent[], until: string): { at: string; type: string }[] => {
  const fired: { at: string; type: string }[] = [];
  for (let next = planDeadlines(given(events))[0]; next && next.at <= until; next = planDeadlines(given(events))[0]) {
    const recorded = planDecider.decide(next.command, given(events), { commandId: 'c', correlationId: 'k', actor: system, now: next.at });
    events.push(...recorded);
    fired.push(...recorded.map((event) => ({ at: next.at, type: event.type })));
  }
  return fired;
};

const opened = decide(
  [],
  {
    type: 'OpenPlan',
    data: {
      contractId: '6f1c4c33-1d0c-4f57-a9a4-3d3b0f6a2b10',
      sequence: 1,
      contract: { organisation: council, providerOrganisation: 'acme-care', remediesAllowed: [] },
      trigger: { kind: 'inadequate-kpi', kpi: 'Nights', periodId: 'q2' },
      approach: 'developmental',
      problem: 'Nights delivered inadequate',
    },
  },
  system,
  '2027-07-20T10:00:00.000Z',
);
const owner = { party: 'provider' as const, name: 'Registered manager' };
const agreed = decide(
  opened,
  {
    type: 'AgreeActions',
    data: {
      actions: [
        { actionId: 'recruit', description: 'Recruit two carers', owner, dueDate: '2027-09-30' },
        { actionId: 'rota', description: 'Weekend rota', owner, dueDate: '2027-08-31' },
      ],
    },
  },
  manager,
  '2027-07-25T10:00:00.000Z',
);

describe('plan deadlines', () => {
  it('given agreed actions, then a milestone timer the morning after each due date, earliest first', () => {
    expect(planDeadlines(given(agreed))).toEqual([
      { at: '2027-09-01T09:00:00.000Z', command: { type: 'MissMilestone', data: { actionId: 'rota' } } },
      { at: '2027-10-01T09:00:00.000Z', command: { type: 'MissMilestone', data: { actionId: 'recruit' } } },
    ]);
  });

  it('given a missed milestone never resolved, then the plan climbs the ladder step by step, each accepted, and stops at the top', () => {
    const events = [...agreed];
    const fired = fireUntil(events, '2028-01-01T00:00:00.000Z');
    expect(fired.map(({ at, type }) => `${at.slice(0, 10)} ${type}`)).toEqual([
      '2027-09-01 MilestoneMissed',
      '2027-09-01 PlanEscalated',
      '2027-09-15 PlanEscalated',
      '2027-09-29 PlanEscalated',
      '2027-10-01 MilestoneMissed',
    ]);
    expect(given(events)).toMatchObject({ escalation: { step: defaultMonitoringPolicy.escalation.ladder.length, level: 'governance-board' } });
    expect(planDeadlines(given(events))).toEqual([]);
  });

  it('given the slipping action completed before the next step, then no further escalation', () => {
    const events = [...agreed];
    fireUntil(events, '2027-09-01T09:00:00.000Z');
    const done = decide(events, { type: 'RecordActionProgress', data: { actionId: 'rota', status: 'completed', note: 'Rota in place' } }, manager, '2027-09-05T10:00:00.000Z');
    expect(planDeadlines(given(done)).map((deadline) => deadline.command.type)).toEqual(['MissMilestone']);
  });

  it('given a closed plan, then nothing is due and the plan is finished', () => {
    const reviewed = decide(opened, { type: 'ReviewPlan', data: { outcomeNotes: 'Nothing agreed' } }, manager, '2027-07-21T10:00:00.000Z');
    const closed = decide(reviewed, { type: 'ClosePlan', data: { outcome: 'failed', note: 'Provider would not engage' } }, manager, '2027-07-21T10:00:00.000Z');
    expect(planDeadlines(given(closed))).toEqual([]);
    expect(planFinished(given(closed))).toBe(true);
    expect(planFinished(given(agreed))).toBe(false);
  });
});

import { parseMonitoringPolicy } from '../policy/monitoring-policy.schema';
import { systemActor, type Actor, type CommandContext } from '../shared/envelope.schema';
import { refusal } from '../testing';
import type { z } from 'zod';
import { PlanCommand, type OpenPlan, type PlanCommandInput } from './plan.commands';
import { planCommandPermissions } from '../access/permissions';
import { planDecider, planDeciderFor } from './plan.decider';
import { parsePlanEvent, PlanEventSchemas, type PlanEvent } from './plan.events';
import { planStreamId } from './plan.protocol';
import type { PlanState } from './plan.state';

const contractId = '6f1c4c33-1d0c-4f57-a9a4-3d3b0f6a2b10';
const council = 'gloucestershire-cc';
const manager: Actor = { id: 'ccm-1', role: 'contract-manager', organisation: council };
const leadProfessional: Actor = { id: 'lp-1', role: 'lead-professional', organisation: council };
const system = systemActor(council);
const provider: Actor = { id: 'p-1', role: 'provider', organisation: 'acme-care' };
const otherProvider: Actor = { id: 'p-9', role: 'provider', organisation: 'other-care' };
const otherCouncilManager: Actor = { id: 'ccm-9', role: 'contract-manager', organisation: 'wiltshire-cc' };

const day = (date: string) => `${date}T10:00:00.000Z`;
const openedOn = '2027-01-20';
const ctx = (actor: Actor, now: string): CommandContext => ({ commandId: 'cmd-1', correlationId: 'corr-1', actor, now });

const given = (events: readonly PlanEvent[]): PlanState => events.reduce(planDecider.evolve, planDecider.initialState());
const command = (input: PlanCommandInput): PlanCommand => PlanCommand.parse(input);
const when = (events: readonly PlanEvent[], input: PlanCommandInput, actor: Actor = manager, on: string = openedOn) =>
  planDecider.decide(command(input), given(events), ctx(actor, day(on)));
/** Runs commands in turn, each against the events so far: a plan's history as the workflow would build it. */
const run = (steps: [PlanCommandInput, Actor, string][], history: PlanEvent[] = []): PlanEvent[] =>
  steps.reduce((events, [input, actor, on]) => [...events, ...when(events, input, actor, on)], history);

type OpenData = z.input<typeof OpenPlan>['data'];
type Remedies = NonNullable<OpenData['remedies']>;
const contract: OpenData['contract'] = { organisation: council, providerOrganisation: 'acme-care', remediesAllowed: ['financial-remedy', 'suspension-of-referrals'] };
const open = (changes: Partial<OpenData> = {}): PlanCommandInput => ({
  type: 'OpenPlan',
  data: {
    contractId,
    sequence: 1,
    contract,
    trigger: { kind: 'red-rating', ratingChangeId: 'evt-42' },
    approach: 'developmental',
    problem: 'Reviews held on time fell to 62% for two quarters',
    causeAnalysis: 'Two senior practitioners left; rotas were not covered',
    ...changes,
  },
});
const openDevelopmental = open();
const openPunitive = (remedies: Remedies, changes: Partial<OpenData> = {}): PlanCommandInput =>
  open({ approach: 'punitive', trigger: { kind: 'contract-manager' }, remedies, ...changes });

const opened = when([], openDevelopmental);
const agree = {
  type: 'AgreeActions',
  data: {
    actions: [
      { actionId: 'recruit', description: 'Recruit two senior practitioners', owner: { party: 'provider', name: 'Registered manager' }, dueDate: '2027-03-31' },
      { actionId: 'audit', description: 'Monthly audit of review timeliness', owner: { party: 'authority', name: 'Contract manager' }, dueDate: '2027-02-28' },
    ],
  },
} satisfies PlanCommandInput;
const agreed = [...opened, ...when(opened, agree)];
const agreeAction = (actionId: string, dueDate = '2027-03-31') => ({
  actionId,
  description: 'Do the thing',
  owner: { party: 'provider' as const, name: 'Registered manager' },
  dueDate,
});
const progress = (actionId: string, status: 'in-progress' | 'completed' | 'not-completed', note = 'Update'): PlanCommandInput => ({
  type: 'RecordActionProgress',
  data: { actionId, status, note },
});
const miss = (actionId: string): PlanCommandInput => ({ type: 'MissMilestone', data: { actionId } });
const review: PlanCommandInput = { type: 'ReviewPlan', data: { outcomeNotes: 'Timeliness back to 96% for two months' } };
const escalate: PlanCommandInput = { type: 'EscalatePlan', data: {} };
const close = (outcome: 'successful' | 'failed'): PlanCommandInput => ({ type: 'ClosePlan', data: { outcome, note: 'Agreed at the plan review' } });

describe('plan: opening', () => {
  it('given nothing, when the contract manager opens a developmental plan on a red rating, then PlanOpened records the decision', () => {
    expect(opened).toEqual([
      {
        type: 'PlanOpened',
        data: {
          planId: `${contractId}.1`,
          contractId,
          sequence: 1,
          contract,
          trigger: { kind: 'red-rating', ratingChangeId: 'evt-42' },
          approach: 'developmental',
          problem: 'Reviews held on time fell to 62% for two quarters',
          causeAnalysis: 'Two senior practitioners left; rotas were not covered',
          remedies: [],
          openedBy: manager,
          openedOn,
        },
      },
    ]);
    expect(given(opened)).toMatchObject({ status: 'open', planId: `${contractId}.1`, actions: {} });
  });

  it('given a contract’s first plan, then its stream and workflow id is plan-<contractId>.1', () => {
    expect(planStreamId(contractId, 1)).toBe(`plan-${contractId}.1`);
  });

  it('given an inadequate KPI, when the system opens a developmental plan, then it is opened', () => {
    const input = open({ trigger: { kind: 'inadequate-kpi', kpi: 'Reviews on time', periodId: '2026-10-01/2026-12-31' } });
    expect(when([], input, system)[0]).toMatchObject({ type: 'PlanOpened', data: { openedBy: system, trigger: { kind: 'inadequate-kpi' } } });
  });

  it('given the contract manager’s own trigger, when the system tries to open a plan on it, then it is refused', () => {
    const input = open({ trigger: { kind: 'contract-manager' } });
    expect(refusal(() => when([], input, system)).toJSON()).toMatchObject({ kind: 'forbidden', code: 'plan.trigger-not-automatic' });
  });

  it('given a serious complaint, when the system tries to open a punitive plan, then it is refused: punitive is a person’s decision', () => {
    const input = openPunitive(['financial-remedy'], { trigger: { kind: 'serious-complaint', complaintId: 'c-7' } });
    expect(refusal(() => when([], input, system)).toJSON()).toMatchObject({ kind: 'forbidden', code: 'plan.punitive-needs-decision' });
  });

  it('given a contract granting a financial remedy, when the contract manager opens a punitive plan with it, then it is opened', () => {
    expect(when([], openPunitive(['financial-remedy']))[0]).toMatchObject({ type: 'PlanOpened', data: { approach: 'punitive', remedies: ['financial-remedy'] } });
  });

  it('given a contract that does not grant suspension from the list, when a punitive plan uses it, then it is refused naming the remedy', () => {
    const error = refusal(() => when([], openPunitive(['financial-remedy', 'suspension-from-list'])));
    expect(error.toJSON()).toMatchObject({ kind: 'invalid', code: 'plan.remedy-not-in-contract', field: 'data.remedies.1' });
    expect(error.message).toContain('it allows financial-remedy, suspension-of-referrals');
  });

  it('given a contract granting no remedies, when a punitive plan uses one, then it is refused', () => {
    const input = openPunitive(['termination'], { contract: { ...contract, remediesAllowed: [] } });
    expect(refusal(() => when([], input)).code).toBe('plan.remedy-not-in-contract');
  });

  it('given a punitive plan, when it names no remedy, then it is refused', () => {
    expect(refusal(() => when([], openPunitive([]))).toJSON()).toMatchObject({ code: 'plan.remedy-required', field: 'data.remedies' });
  });

  it('given a developmental plan, when it names a remedy, then it is refused', () => {
    const input = open({ remedies: ['financial-remedy'] });
    expect(refusal(() => when([], input)).toJSON()).toMatchObject({ code: 'plan.remedies-need-punitive-approach', field: 'data.remedies' });
  });

  it('given an opened plan, when it is opened again, then it is refused as a conflict', () => {
    expect(refusal(() => when(opened, openDevelopmental)).toJSON()).toMatchObject({ kind: 'conflict', code: 'plan.already-exists' });
  });

  it('given nothing, when a provider tries to open a plan, then the role is refused', () => {
    expect(refusal(() => when([], openDevelopmental, provider)).toJSON()).toMatchObject({ kind: 'forbidden', code: 'access.role-not-permitted' });
  });

  it('given another council’s contract, when its contract manager opens a plan on it, then the contract is not found', () => {
    expect(refusal(() => when([], openDevelopmental, otherCouncilManager)).toJSON()).toMatchObject({ kind: 'not-found', code: 'contract.not-found' });
  });

  it('given an automatic trigger without its evidence, then the command is malformed at the boundary', () => {
    const input = { ...openDevelopmental, data: { ...openDevelopmental.data, trigger: { kind: 'serious-complaint' } } };
    expect(PlanCommand.safeParse(input).success).toBe(false);
  });
});

describe('plan: agreeing actions', () => {
  it('given an open plan, when actions are agreed, then ActionsAgreed lists them with their owners and due dates', () => {
    expect(when(opened, agree)).toEqual([{ type: 'ActionsAgreed', data: { actions: agree.data.actions, agreedOn: openedOn } }]);
    expect(given(agreed)).toMatchObject({ actions: { recruit: { status: 'open', milestoneMissed: false }, audit: { status: 'open' } } });
  });

  it('given an action id used twice in one agreement, then it is refused naming the second', () => {
    const twice: PlanCommandInput = { type: 'AgreeActions', data: { actions: [agreeAction('a'), agreeAction('a')] } };
    expect(refusal(() => when(opened, twice)).toJSON()).toMatchObject({ kind: 'invalid', code: 'plan.duplicate-action', field: 'data.actions.1.actionId' });
  });

  it('given an action already on the plan, when it is agreed again, then it is refused', () => {
    const again: PlanCommandInput = { type: 'AgreeActions', data: { actions: [agreeAction('recruit')] } };
    expect(refusal(() => when(agreed, again)).toJSON()).toMatchObject({ code: 'plan.duplicate-action', field: 'data.actions.0.actionId' });
  });

  it('given a due date before today, then the action is refused; today itself is allowed', () => {
    const past: PlanCommandInput = { type: 'AgreeActions', data: { actions: [agreeAction('late', '2027-01-19')] } };
    expect(refusal(() => when(opened, past)).toJSON()).toMatchObject({ code: 'plan.action-due-in-past', field: 'data.actions.0.dueDate' });
    expect(when(opened, { type: 'AgreeActions', data: { actions: [agreeAction('now', openedOn)] } })).toHaveLength(1);
  });

  it('given an open plan, when the provider tries to agree actions on its own, then the role is refused', () => {
    expect(refusal(() => when(opened, agree, provider)).code).toBe('access.role-not-permitted');
  });

  it('given no plan, when actions are agreed, then the plan is not found', () => {
    expect(refusal(() => when([], agree)).toJSON()).toMatchObject({ kind: 'not-found', code: 'plan.not-found' });
  });
});

describe('plan: action progress', () => {
  it('given an agreed action, when the provider records progress, then it is recorded and the action stays open', () => {
    const events = when(agreed, { type: 'RecordActionProgress', data: { actionId: 'recruit', status: 'in-progress', note: 'One post filled', percentComplete: 50 } }, provider);
    expect(events).toEqual([{ type: 'ActionProgressRecorded', data: { actionId: 'recruit', note: 'One post filled', percentComplete: 50, recordedOn: openedOn } }]);
    expect(given([...agreed, ...events])).toMatchObject({ actions: { recruit: { status: 'open', lastProgress: { percentComplete: 50 } } } });
  });

  it('given an action due on 28 February, when it is completed on 1 March, then the completion is recorded as late', () => {
    expect(when(agreed, progress('audit', 'completed', 'First audit done'), provider, '2027-03-01')).toEqual([
      { type: 'ActionCompleted', data: { actionId: 'audit', note: 'First audit done', completedOn: '2027-03-01', dueDate: '2027-02-28', late: true } },
    ]);
    expect(when(agreed, progress('audit', 'completed'), provider, '2027-02-28')[0]).toMatchObject({ data: { late: false } });
  });

  it('given an open action, when the provider tries to close it as not completed, then the role is refused', () => {
    expect(refusal(() => when(agreed, progress('recruit', 'not-completed'), provider)).toJSON()).toMatchObject({
      kind: 'forbidden',
      code: 'access.role-not-permitted',
    });
  });

  it('given an open action, when the contract manager closes it as not completed, then ActionNotCompleted is recorded', () => {
    expect(when(agreed, progress('recruit', 'not-completed', 'No applicants'))).toEqual([
      { type: 'ActionNotCompleted', data: { actionId: 'recruit', note: 'No applicants', recordedOn: openedOn } },
    ]);
  });

  it('given an action the plan does not have, then progress on it is refused', () => {
    expect(refusal(() => when(agreed, progress('nope', 'in-progress'), provider)).toJSON()).toMatchObject({
      kind: 'invalid',
      code: 'plan.unknown-action',
      field: 'data.actionId',
    });
  });

  it('given a completed action, when progress is recorded on it, then it is refused as closed', () => {
    const done = run([[progress('audit', 'completed'), provider, '2027-02-01']], agreed);
    expect(refusal(() => when(done, progress('audit', 'in-progress'), provider)).toJSON()).toMatchObject({ kind: 'conflict', code: 'plan.action-closed' });
  });

  it('given another provider’s plan, when a provider records progress on it, then the plan is not found', () => {
    expect(refusal(() => when(agreed, progress('recruit', 'in-progress'), otherProvider)).code).toBe('plan.not-found');
  });

  it('given another council’s plan, when its contract manager acts on it, then the plan is not found', () => {
    expect(refusal(() => when(agreed, review, otherCouncilManager)).code).toBe('plan.not-found');
  });
});

describe('plan: milestones', () => {
  it('given an action due on 28 February, when the milestone timer fires on 1 March, then MilestoneMissed is recorded', () => {
    expect(when(agreed, miss('audit'), system, '2027-03-01')).toEqual([
      { type: 'MilestoneMissed', data: { actionId: 'audit', dueDate: '2027-02-28', missedOn: '2027-03-01' } },
    ]);
  });

  it('given an action due today, when the timer fires, then it is refused: the day is not over', () => {
    expect(refusal(() => when(agreed, miss('audit'), system, '2027-02-28')).toJSON()).toMatchObject({ kind: 'conflict', code: 'plan.milestone-not-due' });
  });

  it('given a milestone already missed, when the timer fires again, then it is refused', () => {
    const missed = run([[miss('audit'), system, '2027-03-01']], agreed);
    expect(refusal(() => when(missed, miss('audit'), system, '2027-03-02')).code).toBe('plan.milestone-already-missed');
  });

  it('given a completed action, when its timer fires, then it is refused as closed', () => {
    const done = run([[progress('audit', 'completed'), provider, '2027-02-20']], agreed);
    expect(refusal(() => when(done, miss('audit'), system, '2027-03-01')).code).toBe('plan.action-closed');
  });

  it('given an open action, when a person tries to record its milestone as missed, then the role is refused: only the timer does', () => {
    expect(refusal(() => when(agreed, miss('audit'), manager, '2027-03-01')).code).toBe('access.role-not-permitted');
  });
});

describe('plan: review', () => {
  it('given a missed milestone, when the plan is reviewed, then the review records its notes, the open actions and the missed ones', () => {
    const missed = run([[miss('audit'), system, '2027-03-01']], agreed);
    expect(when(missed, review, manager, '2027-03-05')).toEqual([
      {
        type: 'PlanReviewed',
        data: { outcomeNotes: 'Timeliness back to 96% for two months', reviewedOn: '2027-03-05', openActions: ['recruit', 'audit'], missedMilestones: ['audit'] },
      },
    ]);
  });

  it('given an open plan, when the lead professional holds the review, then it is recorded; a provider may not', () => {
    expect(when(agreed, review, leadProfessional)[0]?.type).toBe('PlanReviewed');
    expect(refusal(() => when(agreed, review, provider)).code).toBe('access.role-not-permitted');
  });
});

describe('plan: escalation by the ladder', () => {
  const missed = run([[miss('audit'), system, '2027-03-01']], agreed);

  it('given a missed milestone, when the plan escalates, then it reaches the contract manager with the next step in 14 days', () => {
    expect(when(missed, escalate, system, '2027-03-01')).toEqual([
      {
        type: 'PlanEscalated',
        data: { step: 1, level: 'contract-manager', title: 'Commissioning and contracts manager', reachedOn: '2027-03-01', nextStepOn: '2027-03-15', missedActions: ['audit'] },
      },
    ]);
  });

  it('given a plan still slipping, when it escalates at each step’s time, then it climbs to the head of service and then the board', () => {
    const climbed = run(
      [
        [escalate, system, '2027-03-01'],
        [escalate, system, '2027-03-15'],
        [escalate, system, '2027-03-29'],
      ],
      missed,
    );
    expect(climbed.slice(-3).map((event) => [event.type, (event.data as { level?: string }).level])).toEqual([
      ['PlanEscalated', 'contract-manager'],
      ['PlanEscalated', 'head-of-service'],
      ['PlanEscalated', 'governance-board'],
    ]);
    expect(climbed.at(-1)?.data).not.toHaveProperty('nextStepOn');
    expect(refusal(() => when(climbed, escalate, system, '2027-06-01')).toJSON()).toMatchObject({ kind: 'conflict', code: 'plan.escalation-ladder-exhausted' });
  });

  it('given a plan with the contract manager, when it escalates before the step’s time is up, then it is refused', () => {
    const first = run([[escalate, system, '2027-03-01']], missed);
    expect(refusal(() => when(first, escalate, system, '2027-03-14')).toJSON()).toMatchObject({ kind: 'conflict', code: 'plan.escalation-not-due' });
  });

  it('given no missed milestone, when the plan escalates, then it is refused: it is not slipping', () => {
    expect(refusal(() => when(agreed, escalate, system, '2027-03-01')).code).toBe('plan.not-slipping');
  });

  it('given the late action then completed, when the next step’s timer fires, then it is refused: the plan is back on track', () => {
    const recovered = run(
      [
        [escalate, system, '2027-03-01'],
        [progress('audit', 'completed'), provider, '2027-03-03'],
      ],
      missed,
    );
    expect(refusal(() => when(recovered, escalate, system, '2027-03-15')).code).toBe('plan.not-slipping');
  });

  it('given a deployment’s two-step ladder, then its levels and interval are used', () => {
    const policy = parseMonitoringPolicy({
      escalation: { ladder: [{ level: 'service-manager', title: 'Service manager', daysBeforeNextStep: 3 }, { level: 'director', title: 'Director' }] },
    });
    const decider = planDeciderFor(policy);
    const state = missed.reduce(decider.evolve, decider.initialState());
    expect(decider.decide(command(escalate), state, ctx(system, day('2027-03-01')))[0]?.data).toMatchObject({
      level: 'service-manager',
      nextStepOn: '2027-03-04',
    });
  });

  it('given a missed milestone, when the contract manager tries to escalate by hand, then the role is refused', () => {
    expect(refusal(() => when(missed, escalate, manager, '2027-03-01')).code).toBe('access.role-not-permitted');
  });
});

describe('plan: closing', () => {
  const allDone = run(
    [
      [progress('audit', 'completed'), provider, '2027-02-20'],
      [progress('recruit', 'completed'), provider, '2027-03-20'],
    ],
    agreed,
  );

  it('given no review yet, when the plan is closed, then it is refused', () => {
    expect(refusal(() => when(allDone, close('successful'), manager, '2027-04-01')).toJSON()).toMatchObject({ kind: 'conflict', code: 'plan.review-required' });
  });

  it('given open actions, when the plan is closed, then it is refused naming them', () => {
    const reviewed = run([[review, manager, '2027-03-05']], agreed);
    const error = refusal(() => when(reviewed, close('failed'), manager, '2027-03-05'));
    expect(error.toJSON()).toMatchObject({ kind: 'conflict', code: 'plan.open-actions' });
    expect(error.message).toContain('recruit, audit');
  });

  it('given every action completed and a review, when the plan is closed as successful, then PlanClosed carries the note as its reason', () => {
    const reviewed = run([[review, manager, '2027-03-25']], allDone);
    expect(when(reviewed, close('successful'), manager, '2027-04-01')).toEqual([
      { type: 'PlanClosed', data: { outcome: 'successful', closedOn: '2027-04-01' }, reason: 'Agreed at the plan review' },
    ]);
  });

  it('given the remaining actions closed as not completed, when the plan is closed as failed, then it closes', () => {
    const failed = run(
      [
        [progress('recruit', 'not-completed', 'No applicants'), manager, '2027-04-01'],
        [progress('audit', 'not-completed', 'Not started'), manager, '2027-04-01'],
        [review, manager, '2027-04-02'],
        [close('failed'), manager, '2027-04-02'],
      ],
      agreed,
    );
    expect(given(failed)).toMatchObject({ status: 'closed', outcome: 'failed', closedOn: '2027-04-02' });
  });

  it('given no actions were ever agreed, then the plan may close as failed but not as successful', () => {
    const reviewed = run([[review, manager, openedOn]], opened);
    expect(refusal(() => when(reviewed, close('successful'))).toJSON()).toMatchObject({ kind: 'conflict', code: 'plan.no-actions-agreed' });
    expect(when(reviewed, close('failed'))[0]).toMatchObject({ type: 'PlanClosed', data: { outcome: 'failed' } });
  });

  it('given a closed plan, when anything more is asked of it, then it is refused as closed', () => {
    const closed = run([[review, manager, '2027-03-25'], [close('successful'), manager, '2027-04-01']], allDone);
    for (const [input, actor] of [
      [agree, manager],
      [review, manager],
      [close('failed'), manager],
      [escalate, system],
      [progress('audit', 'in-progress'), provider],
    ] as const) {
      expect(refusal(() => when(closed, input, actor, '2027-04-02')).toJSON()).toMatchObject({ kind: 'conflict', code: 'plan.closed' });
    }
  });

  it('given an open plan, when the provider tries to close it, then the role is refused, naming whose it is to close', () => {
    expect(refusal(() => when(agreed, close('successful'), provider)).toJSON()).toMatchObject({
      code: 'access.role-not-permitted',
      message: 'The role provider may not give the command ClosePlan: only contract-manager may',
    });
  });
});

describe('plan: whole lifecycles', () => {
  it('given a developmental plan whose milestone is missed, then it escalates to the board and fails', () => {
    const history = run(
      [
        [miss('audit'), system, '2027-03-01'],
        [escalate, system, '2027-03-01'],
        [escalate, system, '2027-03-15'],
        [escalate, system, '2027-03-29'],
        [progress('audit', 'not-completed', 'Audit never started'), manager, '2027-04-05'],
        [progress('recruit', 'not-completed', 'No recruitment'), manager, '2027-04-05'],
        [review, manager, '2027-04-05'],
        [close('failed'), manager, '2027-04-05'],
      ],
      agreed,
    );
    expect(history.map((event) => event.type)).toEqual([
      'PlanOpened',
      'ActionsAgreed',
      'MilestoneMissed',
      'PlanEscalated',
      'PlanEscalated',
      'PlanEscalated',
      'ActionNotCompleted',
      'ActionNotCompleted',
      'PlanReviewed',
      'PlanClosed',
    ]);
    expect(given(history)).toMatchObject({ status: 'closed', outcome: 'failed', escalation: { step: 3, level: 'governance-board' } });
  });

  it('given every event of a plan’s life, when stored and read back, then each parses under its registered schema', () => {
    const history = run(
      [
        [progress('recruit', 'in-progress'), provider, '2027-02-01'],
        [miss('audit'), system, '2027-03-01'],
        [escalate, system, '2027-03-01'],
        [progress('audit', 'completed'), provider, '2027-03-02'],
        [progress('recruit', 'completed'), provider, '2027-03-20'],
        [{ type: 'AgreeActions', data: { actions: [agreeAction('survey')] } }, manager, '2027-03-20'],
        [progress('survey', 'not-completed', 'Superseded by the inspection'), manager, '2027-03-21'],
        [review, manager, '2027-03-25'],
        [close('successful'), manager, '2027-04-01'],
      ],
      agreed,
    );
    const stored = history.map((event) => JSON.parse(JSON.stringify(event)) as { type: string; data: unknown });
    expect(stored.map((event) => parsePlanEvent(event.type, event.data))).toEqual(history.map(({ type, data }) => ({ type, data })));
    expect(new Set(history.map((event) => event.type))).toEqual(new Set(Object.keys(PlanEventSchemas)));
    expect(Object.values(PlanEventSchemas).every((schema) => schema.schemaVersion === 1)).toBe(true);
  });

  it('given an unknown event type, when it is read back, then the stream is treated as corrupted', () => {
    expect(() => parsePlanEvent('PlanForgotten', {})).toThrow('Unknown plan event type PlanForgotten');
  });

  it('given the permission table, then governance gives no command and only the system records timers', () => {
    const roles = Object.values(planCommandPermissions).flat();
    expect(roles).not.toContain('governance');
    expect(planCommandPermissions.MissMilestone).toEqual(['system']);
    expect(planCommandPermissions.EscalatePlan).toEqual(['system']);
  });
});

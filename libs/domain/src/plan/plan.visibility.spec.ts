import type { Actor } from '../shared/envelope.schema';
import { refusal } from '../testing';
import { PlanCommand } from './plan.commands';
import { planDecider } from './plan.decider';
import { planVisibleTo } from './plan.visibility';

const council = 'gloucestershire-cc';
const manager: Actor = { id: 'ccm-1', role: 'contract-manager', organisation: council };
const opened = planDecider
  .decide(
    PlanCommand.parse({
      type: 'OpenPlan',
      data: {
        contractId: '6f1c4c33-1d0c-4f57-a9a4-3d3b0f6a2b10',
        sequence: 1,
        contract: { organisation: council, providerOrganisation: 'acme-care', remediesAllowed: [] },
        trigger: { kind: 'contract-manager' },
        approach: 'developmental',
        problem: 'Reviews late',
      },
    }),
    planDecider.initialState(),
    { commandId: 'c', correlationId: 'k', actor: manager, now: '2027-01-20T10:00:00.000Z' },
  )
  .reduce(planDecider.evolve, planDecider.initialState());

describe('plan visibility', () => {
  it.each<[string, Actor]>([
    ['the contract manager', manager],
    ['governance of the same council', { id: 'g-1', role: 'governance', organisation: council }],
    ['the provider the plan is about', { id: 'p-1', role: 'provider', organisation: 'acme-care' }],
  ])('given an open plan, then %s reads it', (_who, actor) => {
    expect(planVisibleTo(actor, opened)).toBe(opened);
  });

  it.each<[string, Actor]>([
    ['another provider', { id: 'p-9', role: 'provider', organisation: 'other-care' }],
    ['another council', { id: 'ccm-9', role: 'contract-manager', organisation: 'wiltshire-cc' }],
    ['an evaluator of the same council', { id: 'e-1', role: 'evaluator', organisation: council }],
  ])('given an open plan, then %s is told it does not exist', (_who, actor) => {
    expect(refusal(() => planVisibleTo(actor, opened)).toJSON()).toMatchObject({ kind: 'not-found', code: 'plan.not-found' });
  });

  it('given no plan, then nobody reads it', () => {
    expect(refusal(() => planVisibleTo(manager, planDecider.initialState())).code).toBe('plan.not-found');
  });
});

import { parseProcurementPolicy } from '../policy/procurement-policy.schema';
import { ContractCommand } from './contract.commands';
import { contractDeciderFor } from './contract.decider';
import { parseContractEvent, type ContractEvent, type RouteDecisionDetails } from './contract.events';
import {
  assessed,
  assessment,
  commissioner,
  contractManager,
  ctx,
  decideRoute,
  directAwardRoute,
  given,
  opened,
  outsider,
  pounds,
  provider,
  refusal,
  routeDecided,
  tenderRoute,
  when,
} from './__fixtures__/contract.fixtures';

const route = (overrides: Partial<RouteDecisionDetails>): ContractCommand => decideRoute({ ...tenderRoute, ...overrides });

describe('route decision: a tender', () => {
  it('given a recorded need, when the commissioner decides an open tender, then RouteDecided carries the whole-life value, the regime and the policy used', () => {
    const [event] = when([opened, assessed], decideRoute(tenderRoute));
    expect(event).toEqual({
      type: 'RouteDecided',
      data: {
        ...tenderRoute,
        wholeLifeValuePence: pounds(320_000),
        regime: 'regulated',
        policyApplied: {
          localThresholdPence: pounds(20_000),
          regulatedThreshold: { name: 'sub-central', pence: pounds(207_720) },
          routesAllowed: ['tender', 'direct-award', 'grant'],
          directAwardRule: 'with-ground',
          proceduresAllowed: ['open', 'restricted', 'competitive-flexible', 'competitive-dialogue', 'innovation-partnership'],
          socialValueMustBeConsidered: true,
          minimumJustificationLength: 20,
          authorityCategoryRule: {
            authorisers: ['resource-allocation-group'],
            requiresEligibilityCriteria: false,
            withinDelegatedLimit: false,
          },
        },
      },
    });
    expect(event).not.toHaveProperty('reason');
  });

  it('given the route decided, then the contract moves to the specification stage with the route in its state', () => {
    const state = given([opened, assessed, routeDecided(tenderRoute)]);
    expect(state).toMatchObject({ status: 'open', stage: 'specification', route: { route: 'tender', wholeLifeValuePence: pounds(320_000) } });
  });

  it('given £33,000 a year for 3 years, then the whole-life value is £99,000, a local competition', () => {
    const [event] = when([opened, assessed], route({ annualValuePence: pounds(33_000), extensionOptions: [] }));
    expect(event?.data).toMatchObject({ wholeLifeValuePence: pounds(99_000), regime: 'local-competitive' });
  });

  it('given a tender with a justification, then the justification is the reason in the event', () => {
    const justification = 'Market engagement showed five capable providers';
    expect(when([opened, assessed], route({ justification }))[0]).toMatchObject({ data: { justification }, reason: justification });
  });

  it('given a tender with an empty justification, then no justification or reason is recorded', () => {
    const [event] = when([opened, assessed], route({ justification: '' }));
    expect(event?.data).not.toHaveProperty('justification');
    expect(event).not.toHaveProperty('reason');
  });

  it('given a light-touch contract at its threshold, then the light-touch procedure is allowed', () => {
    const [event] = when(
      [opened, assessed],
      route({ contractType: 'light-touch', procedure: 'light-touch', annualValuePence: pounds(663_540), years: 1, extensionOptions: [] }),
    );
    expect(event?.data).toMatchObject({ regime: 'regulated', policyApplied: { regulatedThreshold: { name: 'light-touch' } } });
  });

  it('given a tender without a procedure, then it is refused naming the procedure', () => {
    const { procedure: _procedure, ...withoutProcedure } = tenderRoute;
    expect(refusal(() => when([opened, assessed], decideRoute(withoutProcedure))).toJSON()).toMatchObject({
      kind: 'invalid',
      code: 'route.procedure-required',
      field: 'procedure',
    });
  });

  it('given a services contract, when the light-touch procedure is chosen, then the procedure is not allowed', () => {
    expect(refusal(() => when([opened, assessed], route({ procedure: 'light-touch' }))).toJSON()).toMatchObject({
      kind: 'conflict',
      code: 'route.procedure-not-allowed',
      field: 'procedure',
    });
  });

  it('given a tender, when a direct-award ground is given, then it is refused', () => {
    expect(refusal(() => when([opened, assessed], route({ directAwardGround: 'single-supplier' }))).toJSON()).toMatchObject({
      kind: 'invalid',
      code: 'route.ground-only-for-direct-award',
      field: 'directAwardGround',
    });
  });
});

describe('route decision: routes that are not a tender', () => {
  it('given a value below the local threshold, when a justified direct award is decided, then it is proportionate and the justification is the reason', () => {
    const [event] = when([opened, assessed], decideRoute(directAwardRoute));
    expect(event).toMatchObject({
      type: 'RouteDecided',
      data: { route: 'direct-award', wholeLifeValuePence: pounds(18_000), regime: 'proportionate', justification: directAwardRoute.justification },
      reason: directAwardRoute.justification,
    });
  });

  it('given a direct award without a justification, then it is refused: a justification is required', () => {
    const { justification: _justification, ...unjustified } = directAwardRoute;
    expect(refusal(() => when([opened, assessed], decideRoute(unjustified))).toJSON()).toMatchObject({
      kind: 'invalid',
      code: 'route.justification-required',
      field: 'justification',
    });
  });

  it('given a grant with a justification shorter than the policy minimum, then it is refused as missing', () => {
    expect(
      refusal(() => when([opened, assessed], decideRoute({ ...directAwardRoute, route: 'grant', justification: 'Because' }))).code,
    ).toBe('route.justification-required');
  });

  it('given a value above the local threshold, when a direct award names no recognised ground, then a tender is required', () => {
    const command = decideRoute({ ...directAwardRoute, annualValuePence: pounds(10_000), authoriser: { ...directAwardRoute.authoriser, delegatedLimitPence: pounds(50_000) } });
    expect(refusal(() => when([opened, assessed], command)).toJSON()).toMatchObject({
      kind: 'conflict',
      code: 'route.tender-required-above-threshold',
      field: 'directAwardGround',
    });
  });

  it('given a value above the Procurement Act threshold, when a direct award names a recognised ground, then it is decided in the regulated regime', () => {
    const [event] = when(
      [opened, assessed],
      decideRoute({ ...directAwardRoute, annualValuePence: pounds(100_000), directAwardGround: 'single-supplier', authorityCategory: 'C', authoriser: { id: 'rag-1', body: 'resource-allocation-group' } }),
    );
    expect(event?.data).toMatchObject({ regime: 'regulated', directAwardGround: 'single-supplier', wholeLifeValuePence: pounds(300_000) });
  });

  it('given a direct award, when a procedure is named, then it is refused: only a tender has one', () => {
    expect(refusal(() => when([opened, assessed], decideRoute({ ...directAwardRoute, procedure: 'open' }))).toJSON()).toMatchObject({
      kind: 'invalid',
      code: 'route.procedure-only-for-tender',
      field: 'procedure',
    });
  });

  it('given a deployment that allows no grants above the Act threshold, when a grant is decided there, then a tender is required', () => {
    const policy = parseProcurementPolicy({ routes: { regulated: { grant: false } } });
    const grant = decideRoute({ ...directAwardRoute, route: 'grant', annualValuePence: pounds(100_000), authorityCategory: 'C', authoriser: { id: 'rag-1', body: 'resource-allocation-group' } });
    expect(refusal(() => when([opened, assessed], grant, commissioner, policy)).toJSON()).toMatchObject({
      kind: 'conflict',
      code: 'route.tender-required-above-threshold',
      field: 'route',
    });
    expect(when([opened, assessed], grant)[0]?.data).toMatchObject({ route: 'grant', regime: 'regulated' });
  });

  it("given a deployment's lower local threshold, when the decider is bound to that policy, then its threshold is applied and recorded", () => {
    const decider = contractDeciderFor(parseProcurementPolicy({ thresholds: { localPence: pounds(10_000) } }));
    const state = given([opened, assessed]);
    expect(refusal(() => decider.decide(decideRoute(directAwardRoute), state, ctx())).code).toBe('route.tender-required-above-threshold');
    const [event] = decider.decide(route({ annualValuePence: pounds(6_000), extensionOptions: [] }), state, ctx());
    expect(event?.data).toMatchObject({ regime: 'local-competitive', policyApplied: { localThresholdPence: pounds(10_000) } });
  });
});

describe('route decision: authority to purchase', () => {
  it('given category B, when the value is exactly the budget holder’s delegated limit, then it is authorised', () => {
    const atLimit = decideRoute({ ...directAwardRoute, authoriser: { ...directAwardRoute.authoriser, delegatedLimitPence: pounds(18_000) } });
    expect(when([opened, assessed], atLimit)[0]?.data).toMatchObject({
      authorityCategory: 'B',
      authoriser: { id: 'bh-7', body: 'budget-holder', delegatedLimitPence: pounds(18_000) },
      policyApplied: { authorityCategoryRule: { authorisers: ['budget-holder'], withinDelegatedLimit: true } },
    });
  });

  it('given category B, when the whole-life value is above the authoriser’s delegated limit, then the authoriser is refused', () => {
    const aboveLimit = decideRoute({ ...directAwardRoute, authoriser: { ...directAwardRoute.authoriser, delegatedLimitPence: pounds(18_000) - 1 } });
    expect(refusal(() => when([opened, assessed], aboveLimit)).toJSON()).toMatchObject({
      kind: 'forbidden',
      code: 'authority.above-delegated-limit',
    });
  });

  it('given category B, when the authoriser has no delegated limit, then the authoriser is refused', () => {
    const noLimit = decideRoute({ ...directAwardRoute, authoriser: { id: 'bh-8', body: 'budget-holder' } });
    expect(refusal(() => when([opened, assessed], noLimit)).code).toBe('authority.above-delegated-limit');
  });

  it('given category C, when a budget holder authorises, then the authoriser is the wrong body', () => {
    const wrongBody = route({ authoriser: { id: 'bh-7', body: 'budget-holder', delegatedLimitPence: pounds(1_000_000) } });
    expect(refusal(() => when([opened, assessed], wrongBody)).toJSON()).toMatchObject({ kind: 'forbidden', code: 'authority.wrong-authoriser' });
  });

  it('given category A, when the criteria to receive the service are not confirmed, then it is refused; confirmed, it is authorised', () => {
    const categoryA = { ...directAwardRoute, authorityCategory: 'A' as const, authoriser: { id: 'o-1', body: 'officer' as const } };
    expect(refusal(() => when([opened, assessed], decideRoute(categoryA))).toJSON()).toMatchObject({
      kind: 'conflict',
      code: 'authority.criteria-not-met',
      field: 'eligibilityCriteriaMet',
    });
    expect(when([opened, assessed], decideRoute({ ...categoryA, eligibilityCriteriaMet: true }))[0]?.data).toMatchObject({
      authorityCategory: 'A',
      eligibilityCriteriaMet: true,
    });
  });
});

describe('route decision: stage, roles and tenancy', () => {
  it('given no needs assessment yet, when the route is decided, then the route is not open', () => {
    expect(refusal(() => when([opened], decideRoute(tenderRoute))).toJSON()).toMatchObject({
      kind: 'conflict',
      code: 'commission.route-not-open',
    });
  });

  it('given the route already decided, when it is decided again, then the route is not open', () => {
    expect(refusal(() => when([opened, assessed, routeDecided(tenderRoute)], decideRoute(directAwardRoute))).code).toBe(
      'commission.route-not-open',
    );
  });

  it('given no contract, when the route is decided, then the contract is not found', () => {
    expect(refusal(() => when([], decideRoute(tenderRoute))).toJSON()).toMatchObject({ kind: 'not-found', code: 'contract.not-found' });
  });

  it('given the route decided, when the needs assessment is revised, then it is frozen', () => {
    const revise: ContractCommand = { type: 'RecordNeedsAssessment', data: assessment };
    expect(refusal(() => when([opened, assessed, routeDecided(tenderRoute)], revise)).code).toBe('commission.needs-assessment-frozen');
  });

  it.each([contractManager, provider, { ...commissioner, role: 'budget-holder' as const }])(
    'given a recorded need, when a $role decides the route, then the role is refused',
    (actor) => {
      expect(refusal(() => when([opened, assessed], decideRoute(tenderRoute), actor)).toJSON()).toMatchObject({
        kind: 'forbidden',
        code: 'access.role-not-permitted',
      });
    },
  );

  it("given another organisation's commission, when its commissioner decides the route, then it answers as a missing contract would", () => {
    expect(refusal(() => when([opened, assessed], decideRoute(tenderRoute), outsider)).toJSON()).toMatchObject({
      kind: 'not-found',
      code: 'contract.not-found',
    });
  });
});

describe('route decision: command and event shapes', () => {
  it('given a command without extension options, then they default to none', () => {
    const { extensionOptions: _options, ...withoutOptions } = tenderRoute;
    const parsed = ContractCommand.parse({ type: 'DecideRoute', data: withoutOptions });
    expect(parsed).toMatchObject({ data: { extensionOptions: [] } });
  });

  it('given a direct award without a justification, then the command parses: the rule is the decider’s, as a DomainError', () => {
    const { justification: _justification, ...unjustified } = directAwardRoute;
    expect(ContractCommand.safeParse({ type: 'DecideRoute', data: unjustified }).success).toBe(true);
  });

  it('given an authoriser without an id, then the command is malformed', () => {
    expect(ContractCommand.safeParse({ type: 'DecideRoute', data: { ...tenderRoute, authoriser: { body: 'resource-allocation-group' } } }).success).toBe(false);
  });

  it('given a stored RouteDecided, then it parses back through the event registry', () => {
    const event: ContractEvent = routeDecided(tenderRoute);
    expect(parseContractEvent('RouteDecided', JSON.parse(JSON.stringify(event.data)))).toEqual({ type: 'RouteDecided', data: event.data });
  });
});

import { defaultProcurementPolicy as policy, parseProcurementPolicy } from './procurement-policy.schema';
import { checkAuthority, checkRouteDecision, requiredRoute, wholeLifeValue, type RouteDecision } from './route.policy';
import { refusal } from '../testing';


const pounds = (amount: number) => amount * 100;
const justification = 'Only provider registered for this specialist provision in the county';

describe('route: whole-life value', () => {
  it('given £33,000 a year for 3 years, then the contract value is £99,000', () => {
    expect(wholeLifeValue({ annualValuePence: pounds(33_000), years: 3 })).toBe(pounds(99_000));
  });

  it('given extension options, then each counts whether or not it will be taken up', () => {
    expect(
      wholeLifeValue({
        annualValuePence: pounds(60_000),
        years: 2,
        extensionOptions: [{ description: '12 months', valuePence: pounds(60_000) }, { valuePence: pounds(30_000) }],
      }),
    ).toBe(pounds(210_000));
  });

  it('given a fractional term that yields part of a penny, then the value is rounded up, never understated', () => {
    expect(wholeLifeValue({ annualValuePence: 3, years: 2.5 })).toBe(8);
  });

  it('given a term whose product has floating-point noise, then no penny is added by accident', () => {
    expect(100 * 1.1).toBeGreaterThan(110);
    expect(wholeLifeValue({ annualValuePence: 100, years: 1.1 })).toBe(110);
  });

  it('given a negative or fractional annual value, then it is refused naming the field', () => {
    expect(refusal(() => wholeLifeValue({ annualValuePence: -1, years: 1 })).toJSON()).toMatchObject({
      kind: 'invalid',
      code: 'route.invalid-value',
      field: 'annualValuePence',
    });
    expect(refusal(() => wholeLifeValue({ annualValuePence: 10.5, years: 1 })).field).toBe('annualValuePence');
  });

  it('given a value too large to hold exactly in pence, then it is refused', () => {
    expect(refusal(() => wholeLifeValue({ annualValuePence: Number.MAX_SAFE_INTEGER, years: 2 })).code).toBe('route.value-out-of-range');
  });

  it('given no term, then it is refused', () => {
    expect(refusal(() => wholeLifeValue({ annualValuePence: 100, years: 0 })).field).toBe('years');
  });
});

describe('route: which regime applies', () => {
  it('given a value just below the local threshold, then a proportionate process applies and a direct award needs only a justification', () => {
    expect(requiredRoute(pounds(20_000) - 1, 'services', 'sub-central', policy)).toMatchObject({
      regime: 'proportionate',
      routes: ['tender', 'direct-award', 'grant'],
      directAward: 'with-justification',
      socialValueMustBeConsidered: false,
    });
  });

  it('given exactly the local threshold, then a local competitive process applies', () => {
    expect(requiredRoute(pounds(20_000), 'services', 'sub-central', policy).regime).toBe('local-competitive');
  });

  it('given a sub-central service just below £207,720, then it is still local competition', () => {
    expect(requiredRoute(pounds(207_720) - 1, 'services', 'sub-central', policy).regime).toBe('local-competitive');
  });

  it('given a sub-central service at exactly £207,720, then it is a regulated procurement that must consider social value', () => {
    expect(requiredRoute(pounds(207_720), 'services', 'sub-central', policy)).toMatchObject({
      regime: 'regulated',
      regulatedThreshold: { name: 'sub-central', pence: pounds(207_720) },
      directAward: 'with-ground',
      socialValueMustBeConsidered: true,
    });
  });

  it('given goods at £135,018, then a central authority is regulated and a sub-central one is not', () => {
    expect(requiredRoute(pounds(135_018), 'goods', 'central', policy).regime).toBe('regulated');
    expect(requiredRoute(pounds(135_018), 'goods', 'sub-central', policy).regime).toBe('local-competitive');
  });

  it('given works, then the works threshold of £5,193,000 applies to any authority', () => {
    expect(requiredRoute(pounds(5_193_000) - 1, 'works', 'central', policy).regime).toBe('local-competitive');
    expect(requiredRoute(pounds(5_193_000), 'works', 'sub-central', policy)).toMatchObject({
      regime: 'regulated',
      regulatedThreshold: { name: 'works' },
    });
  });

  it('given light-touch services, then the threshold is £663,540 and the light-touch procedure is offered', () => {
    expect(requiredRoute(pounds(663_540) - 1, 'light-touch', 'sub-central', policy).regime).toBe('local-competitive');
    const route = requiredRoute(pounds(663_540), 'light-touch', 'sub-central', policy);
    expect(route.regime).toBe('regulated');
    expect(route.procedures).toContain('light-touch');
  });

  it('given services that are not light-touch, then the light-touch procedure is not offered', () => {
    expect(requiredRoute(pounds(300_000), 'services', 'sub-central', policy).procedures).toEqual([
      'open',
      'restricted',
      'competitive-flexible',
      'competitive-dialogue',
      'innovation-partnership',
    ]);
  });

  it('given a deployment with a £30,000 local threshold, then £25,000 is proportionate', () => {
    const local = parseProcurementPolicy({ thresholds: { localPence: pounds(30_000) } });
    expect(requiredRoute(pounds(25_000), 'services', 'sub-central', local).regime).toBe('proportionate');
  });

  it('given a negative value, then it is refused', () => {
    expect(refusal(() => requiredRoute(-1, 'services', 'sub-central', policy)).code).toBe('route.invalid-value');
  });
});

describe('route: checking a route decision', () => {
  const decision = (overrides: Partial<RouteDecision>): RouteDecision => ({
    route: 'tender',
    contractType: 'services',
    authority: 'sub-central',
    procedure: 'open',
    ...overrides,
  });

  it('given an open tender above threshold, then it is accepted and the requirement returned', () => {
    expect(checkRouteDecision(decision({}), pounds(400_000), policy).regime).toBe('regulated');
  });

  it('given a tender without a procedure, then it is refused', () => {
    const { procedure: _, ...withoutProcedure } = decision({});
    expect(refusal(() => checkRouteDecision(withoutProcedure, pounds(400_000), policy)).toJSON()).toMatchObject({
      kind: 'invalid',
      code: 'route.procedure-required',
      field: 'procedure',
    });
  });

  it('given the light-touch procedure for ordinary services, then it is refused as a conflict', () => {
    expect(refusal(() => checkRouteDecision(decision({ procedure: 'light-touch' }), pounds(400_000), policy)).toJSON()).toMatchObject({
      kind: 'conflict',
      code: 'route.procedure-not-allowed',
      field: 'procedure',
    });
  });

  it('given a direct award below the local threshold with a justification, then it is accepted', () => {
    const accepted = checkRouteDecision(decision({ route: 'direct-award', justification }), pounds(15_000), policy);
    expect(accepted.regime).toBe('proportionate');
  });

  it('given a direct award without a justification, then it is refused', () => {
    expect(refusal(() => checkRouteDecision(decision({ route: 'direct-award' }), pounds(15_000), policy)).toJSON()).toMatchObject({
      kind: 'invalid',
      code: 'route.justification-required',
      field: 'justification',
    });
  });

  it('given a direct award whose justification is blank or a word, then it is refused as missing', () => {
    expect(refusal(() => checkRouteDecision(decision({ route: 'direct-award', justification: '    ' }), pounds(15_000), policy)).code).toBe(
      'route.justification-required',
    );
    expect(refusal(() => checkRouteDecision(decision({ route: 'direct-award', justification: 'urgent' }), pounds(15_000), policy)).code).toBe(
      'route.justification-required',
    );
  });

  it('given a grant without a justification, then it is refused', () => {
    expect(refusal(() => checkRouteDecision(decision({ route: 'grant' }), pounds(50_000), policy)).code).toBe('route.justification-required');
  });

  it('given a grant with a justification at any value, then it is accepted', () => {
    expect(checkRouteDecision(decision({ route: 'grant', justification }), pounds(900_000), policy).regime).toBe('regulated');
  });

  it('given a direct award above the local threshold with a justification but no ground, then a tender is required', () => {
    expect(
      refusal(() => checkRouteDecision(decision({ route: 'direct-award', justification }), pounds(50_000), policy)).toJSON(),
    ).toMatchObject({ kind: 'conflict', code: 'route.tender-required-above-threshold', field: 'directAwardGround' });
  });

  it('given a direct award above the Act threshold on an unrecognised ground, then a tender is required', () => {
    const error = refusal(() =>
      checkRouteDecision(decision({ route: 'direct-award', justification, directAwardGround: 'we-like-them' }), pounds(400_000), policy),
    );
    expect(error.code).toBe('route.tender-required-above-threshold');
    expect(error.message).toContain('£207,720.00');
  });

  it('given a direct award above the Act threshold on a recognised ground with a justification, then it is accepted', () => {
    const accepted = checkRouteDecision(
      decision({ route: 'direct-award', justification, directAwardGround: 'extreme-and-unavoidable-urgency' }),
      pounds(400_000),
      policy,
    );
    expect(accepted.regime).toBe('regulated');
  });

  it('given a direct award on a recognised ground but no justification, then the justification is still required', () => {
    expect(
      refusal(() =>
        checkRouteDecision(decision({ route: 'direct-award', directAwardGround: 'single-supplier' }), pounds(400_000), policy),
      ).code,
    ).toBe('route.justification-required');
  });

  it('given a deployment that never allows direct awards above threshold, then even a recognised ground is refused', () => {
    const strict = parseProcurementPolicy({ routes: { regulated: { directAward: 'never' } } });
    const error = refusal(() =>
      checkRouteDecision(decision({ route: 'direct-award', justification, directAwardGround: 'single-supplier' }), pounds(400_000), strict),
    );
    expect(error.toJSON()).toMatchObject({ kind: 'conflict', code: 'route.tender-required-above-threshold', field: 'route' });
  });

  it('given a deployment that refuses grants above threshold, then a grant there is refused', () => {
    const strict = parseProcurementPolicy({ routes: { regulated: { grant: false } } });
    expect(requiredRoute(pounds(400_000), 'services', 'sub-central', strict).routes).toEqual(['tender', 'direct-award']);
    expect(refusal(() => checkRouteDecision(decision({ route: 'grant', justification }), pounds(400_000), strict)).code).toBe(
      'route.tender-required-above-threshold',
    );
  });

  it('given a deployment whose standing orders allow justified waivers locally, then a justified local direct award is accepted', () => {
    const lenient = parseProcurementPolicy({ routes: { 'local-competitive': { directAward: 'with-justification' } } });
    expect(checkRouteDecision(decision({ route: 'direct-award', justification }), pounds(50_000), lenient).regime).toBe('local-competitive');
  });

  it('given an unknown route, then it is refused as invalid input', () => {
    const unknown = { ...decision({}), route: 'handshake' } as unknown as RouteDecision;
    expect(refusal(() => checkRouteDecision(unknown, pounds(1_000), policy)).toJSON()).toMatchObject({
      kind: 'invalid',
      code: 'route.invalid-decision',
      field: 'route',
    });
  });
});

describe('authority to purchase', () => {
  const budgetHolder = { id: 'bh-1', body: 'budget-holder' as const, delegatedLimitPence: pounds(50_000) };

  it('given category B within the budget holder’s limit, then it is authorised', () => {
    expect(checkAuthority('B', budgetHolder, pounds(49_999), policy)).toEqual({
      category: 'B',
      authorisedBy: 'budget-holder',
      valuePence: pounds(49_999),
    });
  });

  it('given category B at exactly the limit, then it is authorised (up to and including)', () => {
    expect(checkAuthority('B', budgetHolder, pounds(50_000), policy).category).toBe('B');
  });

  it('given category B one penny above the limit, then the authoriser is refused', () => {
    expect(refusal(() => checkAuthority('B', budgetHolder, pounds(50_000) + 1, policy)).toJSON()).toMatchObject({
      kind: 'forbidden',
      code: 'authority.above-delegated-limit',
    });
  });

  it('given category B and a budget holder with no delegated limit recorded, then it is refused', () => {
    expect(refusal(() => checkAuthority('B', { body: 'budget-holder' }, 100, policy)).code).toBe('authority.above-delegated-limit');
  });

  it('given category B authorised by an officer who is not a budget holder, then it is refused', () => {
    expect(refusal(() => checkAuthority('B', { body: 'officer', delegatedLimitPence: pounds(1_000_000) }, 100, policy)).toJSON()).toMatchObject({
      kind: 'forbidden',
      code: 'authority.wrong-authoriser',
    });
  });

  it('given category A and the criteria met, then it is authorised immediately', () => {
    expect(checkAuthority('A', { body: 'officer' }, pounds(5_000), policy, { eligibilityCriteriaMet: true }).category).toBe('A');
  });

  it('given category A and the criteria not met, then it is refused', () => {
    expect(refusal(() => checkAuthority('A', { body: 'officer' }, pounds(5_000), policy)).toJSON()).toMatchObject({
      kind: 'conflict',
      code: 'authority.criteria-not-met',
    });
  });

  it('given category C decided by the Resource Allocation Group, then it is authorised', () => {
    expect(checkAuthority('C', { body: 'resource-allocation-group' }, pounds(250_000), policy).authorisedBy).toBe('resource-allocation-group');
  });

  it('given category C authorised by a budget holder, then it is refused', () => {
    expect(refusal(() => checkAuthority('C', budgetHolder, pounds(10_000), policy)).code).toBe('authority.wrong-authoriser');
  });

  it('given a deployment that caps category A by delegated limit too, then an officer above their limit is refused', () => {
    const capped = parseProcurementPolicy({ authorityCategories: { A: { withinDelegatedLimit: true } } });
    const officer = { body: 'officer' as const, delegatedLimitPence: pounds(1_000) };
    expect(refusal(() => checkAuthority('A', officer, pounds(1_001), capped, { eligibilityCriteriaMet: true })).code).toBe(
      'authority.above-delegated-limit',
    );
  });
});

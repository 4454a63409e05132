import { ZodError } from 'zod';
import { DomainError } from '../shared/errors';
import { ContractCommand } from './contract.commands';
import { decideContract } from './contract.decider';
import { parseContractEvent, type ContractEvent, type ServiceSpecification } from './contract.events';
import type { ContractState } from './contract.state';
import {
  agree,
  assessed,
  commissioner,
  contractManager,
  ctx,
  directAwardRoute,
  given,
  opened,
  outsider,
  provider,
  refusal,
  routeDecided,
  specification,
  tenderRoute,
  when,
} from './__fixtures__/contract.fixtures';

const tendering: ContractEvent[] = [opened, assessed, routeDecided(tenderRoute)];
const directAwarding: ContractEvent[] = [opened, assessed, routeDecided(directAwardRoute)];
const agreed: ContractEvent = { type: 'SpecificationAgreed', data: { ...specification, revision: 1 } };
const withCriteria = (criteria: ServiceSpecification['criteria']): ContractCommand => agree({ ...specification, criteria });

describe('specification: agreeing and revising', () => {
  it('given a tender route, when the commissioner agrees the specification, then revision 1 is agreed and the contract moves to procurement', () => {
    expect(when(tendering, agree(specification))).toEqual([{ type: 'SpecificationAgreed', data: { ...specification, revision: 1 } }]);
    expect(given([...tendering, agreed])).toMatchObject({
      status: 'open',
      stage: 'procurement',
      specification: { revision: 1, criteria: specification.criteria },
      specificationFrozen: false,
    });
  });

  it('given an agreed specification, when the contract manager revises it before the tender is published, then revision 2 is agreed', () => {
    const revised = { ...specification, remediesAllowed: [...specification.remediesAllowed, 'termination' as const] };
    expect(when([...tendering, agreed], agree(revised), contractManager)).toEqual([
      { type: 'SpecificationAgreed', data: { ...revised, revision: 2 } },
    ]);
    const state = given([...tendering, agreed, { type: 'SpecificationAgreed', data: { ...revised, revision: 2 } }]);
    expect(state).toMatchObject({ stage: 'procurement', specification: { revision: 2 }, specificationFrozen: false });
  });

  it('given a direct award, when the specification is agreed without criteria, then it is agreed and the contract goes to the award (its supplier to be named)', () => {
    const { criteria: _criteria, ...noCriteria } = specification;
    const [event] = when(directAwarding, agree(noCriteria));
    expect(event).toEqual({ type: 'SpecificationAgreed', data: { ...noCriteria, revision: 1 } });
    expect(given([...directAwarding, event as ContractEvent])).toMatchObject({ stage: 'award' });
  });

  it('given a grant, when the specification is agreed, then the contract goes to the award and the specification stays revisable', () => {
    const grant = routeDecided({ ...directAwardRoute, route: 'grant' });
    const state = given([opened, assessed, grant, agreed]);
    expect(state).toMatchObject({ stage: 'award' });
    expect(when([opened, assessed, grant, agreed], agree(specification))[0]?.data).toMatchObject({ revision: 2 });
  });

  it('given only the required parts, then remedies, standards and milestones default to none', () => {
    const parsed = ContractCommand.parse({
      type: 'AgreeSpecification',
      data: { kpis: specification.kpis, monitoring: specification.monitoring, paymentPerformanceLink: { description: 'None' } },
    });
    expect(parsed.data).toMatchObject({ remediesAllowed: [], serviceStandards: [], milestones: [] });
  });
});

describe('specification: evaluation criteria', () => {
  it('given weights summing to 90, when the specification is agreed, then it is refused as invalid naming the rule and the criteria (a DomainError, not a ZodError)', () => {
    const command = withCriteria([
      { id: 'price', name: 'Price', kind: 'price', weight: 40 },
      { id: 'quality', name: 'Quality', kind: 'quality', weight: 50 },
    ]);
    expect(ContractCommand.safeParse(command).success).toBe(true);
    let thrown: unknown;
    try {
      when(tendering, command);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect(thrown).not.toBeInstanceOf(ZodError);
    expect((thrown as DomainError).toJSON()).toMatchObject({
      kind: 'invalid',
      code: 'criteria.weights-must-sum-to-100',
      field: 'criteria',
    });
  });

  it('given weights summing to 110, then it is refused the same way', () => {
    const command = withCriteria([
      { id: 'price', name: 'Price', kind: 'price', weight: 60 },
      { id: 'quality', name: 'Quality', kind: 'quality', weight: 50 },
    ]);
    expect(refusal(() => when(tendering, command)).code).toBe('criteria.weights-must-sum-to-100');
  });

  it('given two criteria with one id, then the ids must be unique', () => {
    const command = withCriteria([
      { id: 'quality', name: 'Price', kind: 'price', weight: 40 },
      { id: 'quality', name: 'Quality', kind: 'quality', weight: 60 },
    ]);
    expect(refusal(() => when(tendering, command)).toJSON()).toMatchObject({ kind: 'invalid', code: 'criteria.ids-must-be-unique', field: 'criteria' });
  });

  it('given two price criteria, then there may be at most one', () => {
    const command = withCriteria([
      { id: 'price-a', name: 'Price A', kind: 'price', weight: 30 },
      { id: 'price-b', name: 'Price B', kind: 'price', weight: 30 },
      { id: 'quality', name: 'Quality', kind: 'quality', weight: 40 },
    ]);
    expect(refusal(() => when(tendering, command)).code).toBe('criteria.at-most-one-price-criterion');
  });

  it('given a tender route, when the specification has no criteria, then criteria are required', () => {
    const { criteria: _criteria, ...noCriteria } = specification;
    expect(refusal(() => when(tendering, agree(noCriteria))).toJSON()).toMatchObject({
      kind: 'invalid',
      code: 'criteria.required-for-tender',
      field: 'criteria',
    });
  });

  it('given a direct award, when criteria are given, then their weights are still checked', () => {
    const command = withCriteria([{ id: 'quality', name: 'Quality', kind: 'quality', weight: 99 }]);
    expect(refusal(() => when(directAwarding, command)).code).toBe('criteria.weights-must-sum-to-100');
  });
});

describe('specification: KPIs, monitoring and remedies', () => {
  it('given two KPIs with the same name (in any case), then the second is a duplicate entry', () => {
    const [first, second] = specification.kpis;
    if (!first || !second) throw new Error('fixture');
    const command = agree({ ...specification, kpis: [first, { ...second, name: first.name.toUpperCase() }] });
    expect(refusal(() => when(tendering, command)).toJSON()).toMatchObject({
      kind: 'invalid',
      code: 'specification.duplicate-entry',
      field: 'kpis.1.name',
    });
  });

  it('given a remedy listed twice, then it is a duplicate entry', () => {
    const command = agree({ ...specification, remediesAllowed: ['termination', 'financial-remedy', 'termination'] });
    expect(refusal(() => when(tendering, command)).toJSON()).toMatchObject({ code: 'specification.duplicate-entry', field: 'remediesAllowed.2' });
  });

  it('given a review cadence listed twice, then it is a duplicate entry', () => {
    const command = agree({ ...specification, monitoring: { returnsSchedule: 'quarterly', reviewCadence: ['annual', 'annual'] } });
    expect(refusal(() => when(tendering, command)).toJSON()).toMatchObject({
      code: 'specification.duplicate-entry',
      field: 'monitoring.reviewCadence.1',
    });
  });

  it.each([
    { direction: 'higher-is-better' as const, green: 85, amber: 95 },
    { direction: 'higher-is-better' as const, green: 90, amber: 90 },
    { direction: 'lower-is-better' as const, green: 55, amber: 45 },
  ])('given RAG bands $direction with green $green and amber $amber, then they are out of order', (rag) => {
    const [kpi] = specification.kpis;
    if (!kpi) throw new Error('fixture');
    const command = agree({ ...specification, kpis: [{ ...kpi, rag }] });
    expect(refusal(() => when(tendering, command)).toJSON()).toMatchObject({
      kind: 'invalid',
      code: 'specification.rag-thresholds-out-of-order',
      field: 'kpis.0.rag',
    });
  });

  it('given a KPI without RAG thresholds, then the specification is refused naming that KPI’s field, as it could never be rated', () => {
    const [first, second, third] = specification.kpis;
    if (!first || !second || !third) throw new Error('fixture');
    const { rag: _rag, ...unrated } = second;
    const command = agree({ ...specification, kpis: [first, unrated, third] });
    expect(refusal(() => when(tendering, command)).toJSON()).toMatchObject({
      kind: 'invalid',
      code: 'specification.kpi-not-rateable',
      field: 'kpis.1.rag',
      message: expect.stringContaining(second.name),
    });
  });

  it('given the rules of a workflow older than the rule, then a KPI without RAG thresholds is still agreed, as it was then', () => {
    const [first] = specification.kpis;
    if (!first) throw new Error('fixture');
    const { rag: _rag, ...unrated } = first;
    const command = agree({ ...specification, kpis: [unrated] });
    const events = decideContract(command, given(tendering), ctx(commissioner), undefined, undefined, { kpisMustBeRateable: false, statutoryNotices: false });
    expect(events).toMatchObject([{ type: 'SpecificationAgreed', data: { kpis: [{ name: unrated.name }] } }]);
    expect(events[0]?.data).not.toHaveProperty('kpis.0.rag');
  });

  it('given a KPI of an unknown kind or a percentage at risk above 100, then the command is malformed', () => {
    const [kpi] = specification.kpis;
    const badKind = { ...specification, kpis: [{ ...kpi, kind: 'input' }] };
    const badShare = { ...specification, paymentPerformanceLink: { description: 'x', percentageAtRisk: 101 } };
    expect(ContractCommand.safeParse({ type: 'AgreeSpecification', data: badKind }).success).toBe(false);
    expect(ContractCommand.safeParse({ type: 'AgreeSpecification', data: badShare }).success).toBe(false);
  });
});

describe('specification: stage, freezing, roles and tenancy', () => {
  it('given the route not yet decided, when the specification is agreed, then the specification is not open', () => {
    expect(refusal(() => when([opened, assessed], agree(specification))).toJSON()).toMatchObject({
      kind: 'conflict',
      code: 'commission.specification-not-open',
    });
    expect(refusal(() => when([opened], agree(specification))).code).toBe('commission.specification-not-open');
  });

  it('given a published tender (the specification frozen), when it is revised, then it is refused as frozen', () => {
    // TenderPublished does not exist yet: the frozen state it will produce is built by hand.
    const state = given([...tendering, agreed]) as Extract<ContractState, { status: 'open' }>;
    const frozen: ContractState = { ...state, specificationFrozen: true };
    expect(refusal(() => decideContract(agree(specification), frozen, ctx())).toJSON()).toMatchObject({
      kind: 'conflict',
      code: 'commission.specification-frozen',
    });
  });

  it('given no contract, when a specification is agreed, then the contract is not found', () => {
    expect(refusal(() => when([], agree(specification))).toJSON()).toMatchObject({ kind: 'not-found', code: 'contract.not-found' });
  });

  it.each([commissioner, contractManager])('given a tender route, when a $role agrees the specification, then it is agreed', (actor) => {
    expect(when(tendering, agree(specification), actor)).toHaveLength(1);
  });

  it.each([
    provider,
    { ...commissioner, role: 'evaluator' as const },
    { ...commissioner, role: 'budget-holder' as const },
    { ...commissioner, role: 'lead-professional' as const },
  ])('given a tender route, when a $role agrees the specification, then the role is refused', (actor) => {
    expect(refusal(() => when(tendering, agree(specification), actor)).toJSON()).toMatchObject({
      kind: 'forbidden',
      code: 'access.role-not-permitted',
    });
  });

  it("given another organisation's contract, when its contract manager agrees a specification, then it answers as a missing contract would", () => {
    expect(refusal(() => when(tendering, agree(specification), { ...outsider, role: 'contract-manager' })).toJSON()).toMatchObject({
      kind: 'not-found',
      code: 'contract.not-found',
    });
  });

  it('given a stored SpecificationAgreed, then it parses back through the event registry', () => {
    expect(parseContractEvent('SpecificationAgreed', JSON.parse(JSON.stringify(agreed.data)))).toEqual(agreed);
  });

  it('given a SpecificationAgreed without a decided route in the stream, then the fold refuses it as a corrupted stream', () => {
    expect(() => given([opened, assessed, agreed])).toThrow('SpecificationAgreed cannot apply before RouteDecided');
  });
});

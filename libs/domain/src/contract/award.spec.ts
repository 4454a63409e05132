import { ContractCommand } from './contract.commands';
import { ContractAward, parseContractEvent, type ContractEvent } from './contract.events';
import { applyAward, type OpenContract } from './contract.state';
import {
  agree,
  assessed,
  awardDirectly,
  commissioner,
  contractManager,
  directAwardRoute,
  directAwardThrough,
  given,
  now,
  opened,
  pounds,
  provider,
  refusal,
  routeDecided,
  specification,
  supplier,
  tenderAward,
  tenderRoute,
  when,
} from './__fixtures__/contract.fixtures';

const agreed: ContractEvent = { type: 'SpecificationAgreed', data: { ...specification, revision: 1 } };
const atAward = (route: 'direct-award' | 'grant' = 'direct-award'): ContractEvent[] => [
  opened,
  assessed,
  routeDecided({ ...directAwardRoute, route }),
  agreed,
];
const tendering: ContractEvent[] = [opened, assessed, routeDecided(tenderRoute), agreed];

describe('award: a direct award or a grant', () => {
  it.each(['direct-award', 'grant'] as const)(
    'given a %s at the award stage, when the commissioner awards it, then ContractAwarded names the supplier with the route as basis and moves to contract issue',
    (route) => {
      const events = when(atAward(route), awardDirectly());
      expect(events).toEqual([
        { type: 'ContractAwarded', data: { basis: route, supplier, valuePence: pounds(18_000), awardedAt: now } },
      ]);
      expect(given([...atAward(route), ...events])).toMatchObject({
        stage: 'contract-issue',
        award: { basis: route, supplier, valuePence: pounds(18_000) },
        specificationFrozen: false,
      });
    },
  );

  it('given a note, then the note is the reason in the event', () => {
    const note = 'Acme is the only registered provider within reach of the families';
    expect(when(atAward(), awardDirectly({ note }))[0]).toMatchObject({ type: 'ContractAwarded', reason: note });
    expect(when(atAward(), awardDirectly())[0]).not.toHaveProperty('reason');
  });

  it('given an award, then the event parses back through the event registry and its data through ContractAward', () => {
    const [event] = when(atAward(), awardDirectly());
    if (!event) throw new Error('no event');
    expect(parseContractEvent(event.type, JSON.parse(JSON.stringify(event.data)))).toEqual(event);
    expect(ContractAward.parse(event.data)).toEqual(event.data);
  });

  it('given a contract already awarded, when it is awarded again, then the second award is refused as a conflict', () => {
    expect(refusal(() => when(directAwardThrough('AwardDirectly'), awardDirectly())).toJSON()).toMatchObject({
      kind: 'conflict',
      code: 'award.already-made',
    });
  });

  it('given a tender awarded from its tender, when it is awarded directly as well, then the second award is refused', () => {
    expect(refusal(() => when([...tendering, tenderAward()], awardDirectly())).code).toBe('award.already-made');
  });

  it('given a tender route, when it is awarded directly, then the route requires the tender', () => {
    expect(refusal(() => when(tendering, awardDirectly())).toJSON()).toMatchObject({
      kind: 'conflict',
      code: 'award.route-requires-tender',
    });
  });

  it.each([
    ['the needs assessment', [opened]],
    ['the route decision', [opened, assessed]],
    ['the specification', [opened, assessed, routeDecided(directAwardRoute)]],
  ])('given a contract at %s, when it is awarded, then the award is not open', (_, events) => {
    expect(refusal(() => when(events, awardDirectly())).toJSON()).toMatchObject({ kind: 'conflict', code: 'award.not-open' });
  });

  it("given a direct award justified below the local threshold, when the awarded value lifts it over, then the route's rule refuses it", () => {
    expect(refusal(() => when(atAward(), awardDirectly({ valuePence: pounds(20_000) }))).toJSON()).toMatchObject({
      kind: 'conflict',
      code: 'route.tender-required-above-threshold',
    });
    expect(when(atAward(), awardDirectly({ valuePence: pounds(19_999) }))).toHaveLength(1);
  });

  it('given no contract, when it is awarded, then the contract is not found', () => {
    expect(refusal(() => when([], awardDirectly())).toJSON()).toMatchObject({ kind: 'not-found', code: 'contract.not-found' });
  });

  it.each([contractManager, provider, { ...commissioner, role: 'budget-holder' as const }])(
    'given a contract at the award stage, when a $role awards it, then the role is refused',
    (actor) => {
      expect(refusal(() => when(atAward(), awardDirectly(), actor)).toJSON()).toMatchObject({
        kind: 'forbidden',
        code: 'access.role-not-permitted',
      });
    },
  );

  it('given a supplier without a name or a negative value, then the command is malformed', () => {
    expect(ContractCommand.safeParse(awardDirectly({ supplier: { organisation: 'acme-care', name: ' ' } })).success).toBe(false);
    expect(ContractCommand.safeParse(awardDirectly({ valuePence: -1 })).success).toBe(false);
    expect(ContractCommand.safeParse(awardDirectly({ valuePence: 10.5 })).success).toBe(false);
  });
});

describe('award: from a tender (the evolve the tender side relies on)', () => {
  it('given a tender in procurement, when ContractAwarded with basis tender applies, then the contract is at contract issue with the specification frozen', () => {
    expect(given([...tendering, tenderAward()])).toMatchObject({
      stage: 'contract-issue',
      award: { basis: 'tender', tenderId: 'tender-1', supplier, valuePence: pounds(300_000) },
      specificationFrozen: true,
    });
  });

  it('given a tender awarded, when the specification is revised, then it is frozen', () => {
    expect(refusal(() => when([...tendering, tenderAward()], agree(specification))).toJSON()).toMatchObject({
      kind: 'conflict',
      code: 'commission.specification-frozen',
    });
  });

  it.each([
    ['a tender award on a direct-award route', [...atAward(), tenderAward()], /basis tender.*direct-award contract at stage award/],
    ['a direct award on a tender route', [...tendering, tenderAward({ basis: 'direct-award' })], /basis direct-award.*tender contract/],
    ['an award before the specification', [opened, assessed, routeDecided(tenderRoute), tenderAward()], /at stage specification/],
    ['a second award', [...tendering, tenderAward(), tenderAward()], /cannot apply twice/],
  ])('given %s in the stream, then the fold refuses it as a corrupted stream', (_, events, message) => {
    expect(() => given(events)).toThrow(message);
  });

  it('applyAward takes a contract from procurement (tender) or the award stage (direct award) to contract issue', () => {
    const inProcurement = given(tendering) as OpenContract;
    const atAwardStage = given(atAward()) as OpenContract;
    expect(applyAward(inProcurement, { basis: 'tender', supplier, valuePence: 1, awardedAt: now }).stage).toBe('contract-issue');
    expect(applyAward(atAwardStage, { basis: 'direct-award', supplier, valuePence: 1, awardedAt: now }).stage).toBe('contract-issue');
  });

  it('ContractAward refuses an award without a supplier, at a time that is not an instant, or on an unknown basis', () => {
    const award = { basis: 'tender', supplier, valuePence: 1, awardedAt: now };
    expect(ContractAward.safeParse(award).success).toBe(true);
    expect(ContractAward.safeParse({ ...award, supplier: undefined }).success).toBe(false);
    expect(ContractAward.safeParse({ ...award, awardedAt: '2026-11-22' }).success).toBe(false);
    expect(ContractAward.safeParse({ ...award, basis: 'framework' }).success).toBe(false);
  });
});

describe('award: the specification around the award', () => {
  it('given a direct award at the award stage or awarded, when the specification is revised, then the revision is agreed and the stage stays', () => {
    const awarded = directAwardThrough('AwardDirectly');
    const [revision] = when(awarded, agree(specification));
    expect(revision?.data).toMatchObject({ revision: 2 });
    expect(given([...awarded, revision as ContractEvent])).toMatchObject({ stage: 'contract-issue', specification: { revision: 2 } });
    const [atAwardRevision] = when(atAward(), agree(specification));
    expect(given([...atAward(), atAwardRevision as ContractEvent])).toMatchObject({ stage: 'award' });
  });

  it('given the contract issued, when the specification is revised, then it is frozen', () => {
    expect(refusal(() => when(directAwardThrough('IssueContract'), agree(specification))).toJSON()).toMatchObject({
      kind: 'conflict',
      code: 'commission.specification-frozen',
      message: expect.stringMatching(/issued/),
    });
  });

  it('given the contract in mobilisation, when the specification is revised, then it is no longer open', () => {
    expect(refusal(() => when(directAwardThrough('StartMobilisation'), agree(specification), contractManager)).code).toBe(
      'commission.specification-not-open',
    );
  });
});

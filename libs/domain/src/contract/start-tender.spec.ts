import type { ContractCommand } from './contract.commands';
import type { ContractEvent } from './contract.events';
import {
  agree,
  assessed,
  commissioner,
  contractId,
  directAwardRoute,
  given,
  opened,
  provider,
  refusal,
  routeDecided,
  specification,
  supplier,
  system,
  tenderRoute,
  when,
} from './__fixtures__/contract.fixtures';

const agreed: ContractEvent = { type: 'SpecificationAgreed', data: { ...specification, revision: 1 } };
const procurement: ContractEvent[] = [opened, assessed, routeDecided(tenderRoute), agreed];
const start = (change: Partial<Extract<ContractCommand, { type: 'StartTender' }>['data']> = {}): ContractCommand => ({
  type: 'StartTender',
  data: {
    title: 'Short breaks for disabled children',
    procedure: 'open',
    clarificationDeadline: '2026-12-14T12:00:00.000Z',
    closesAt: '2026-12-21T12:00:00.000Z',
    ...change,
  },
});
const tenderId = `${contractId}.1`;
const outcome = (data: Extract<ContractCommand, { type: 'RecordTenderOutcome' }>['data']): ContractCommand => ({ type: 'RecordTenderOutcome', data });

describe('tender: starting it from the contract', () => {
  it('given an agreed specification on a tender route, when the commissioner starts the tender, then its publication carries the frozen criteria', () => {
    const [started] = when(procurement, start());
    expect(started).toEqual({
      type: 'TenderStarted',
      data: {
        tenderId,
        startedAt: '2026-11-22T10:00:00.000Z',
        publication: expect.objectContaining({ tenderId, contractId, procedure: 'open', criteria: specification.criteria }),
      },
    });
    const state = given([...procurement, started as ContractEvent]);
    expect(state).toMatchObject({ stage: 'procurement', specificationFrozen: true, tender: { tenderId, sequence: 1, status: 'running' } });
    expect(refusal(() => when([...procurement, started as ContractEvent], agree(specification)))).toMatchObject({ code: 'commission.specification-frozen' });
  });

  it('refuses a publication the tender rules refuse, before anything is recorded', () => {
    expect(refusal(() => when(procurement, start({ closesAt: '2026-12-01T12:00:00.000Z' })))).toMatchObject({
      code: 'tender.period-below-minimum',
      field: 'data.closesAt',
    });
  });

  it('refuses another procedure than the route decided, a second running tender, a direct-award route and a provider', () => {
    expect(refusal(() => when(procurement, start({ procedure: 'restricted', closesAt: undefined, participationClosesAt: '2026-12-21T12:00:00.000Z' })))).toMatchObject({
      code: 'tender.procedure-not-the-routes',
    });
    const started = [...procurement, ...when(procurement, start())];
    expect(refusal(() => when(started, start()))).toMatchObject({ kind: 'conflict', code: 'tender.already-running' });
    const direct = [opened, assessed, routeDecided(directAwardRoute), agreed];
    expect(refusal(() => when(direct, start()))).toMatchObject({ code: 'tender.not-in-procurement' });
    expect(refusal(() => when(procurement, start(), provider))).toMatchObject({ kind: 'forbidden', code: 'access.role-not-permitted' });
  });

  it('given the tender awards after standstill, when the system records it, then the contract is awarded on a tender basis', () => {
    const started = [...procurement, ...when(procurement, start())];
    const awarded = when(started, outcome({ outcome: 'awarded', tenderId, supplier, pricePence: 30_000_000, standstillEndedAt: '2027-01-15T00:00:00.000Z' }), system);
    expect(awarded).toEqual([
      {
        type: 'ContractAwarded',
        data: { basis: 'tender', tenderId, supplier, valuePence: 30_000_000, awardedAt: '2027-01-15T00:00:00.000Z', standstillEndedAt: '2027-01-15T00:00:00.000Z' },
      },
    ]);
    expect(given([...started, ...awarded])).toMatchObject({ stage: 'contract-issue', tender: { status: 'awarded' }, award: { basis: 'tender' } });
  });

  it('given the tender is cancelled, then the contract records it with the reason and another tender may start', () => {
    const started = [...procurement, ...when(procurement, start())];
    const ended = when(started, outcome({ outcome: 'cancelled', tenderId, reason: 'Budget withdrawn' }), system);
    expect(ended).toEqual([{ type: 'TenderEnded', reason: 'Budget withdrawn', data: { tenderId, outcome: 'cancelled' } }]);
    const [second] = when([...started, ...ended], start());
    expect(second).toMatchObject({ type: 'TenderStarted', data: { tenderId: `${contractId}.2` } });
  });

  it('refuses an outcome for a tender that is not running, and one given by anyone but the system', () => {
    const award = outcome({ outcome: 'awarded', tenderId, supplier, pricePence: 1, standstillEndedAt: '2027-01-15T00:00:00.000Z' });
    expect(refusal(() => when(procurement, award, system))).toMatchObject({ code: 'tender.not-running' });
    expect(refusal(() => when(procurement, award, commissioner))).toMatchObject({ code: 'access.role-not-permitted' });
  });
});

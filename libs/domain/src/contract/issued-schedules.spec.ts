import { ContractCommand } from './contract.commands';
import { parseContractEvent } from './contract.events';
import {
  contractManager,
  directAwardThrough,
  given,
  kpi,
  kpiBands,
  monitoredIssue,
  refusal,
  terminationTerms,
  when,
} from './__fixtures__/contract.fixtures';

const awarded = directAwardThrough('AwardDirectly');

describe('contract issue: the schedules management reads', () => {
  it('given an award, when the contract is issued with its own KPI bands and termination terms, then ContractIssued keeps its shape and each follows it', () => {
    const events = when(awarded, monitoredIssue(), contractManager);
    expect(events.map((event) => event.type)).toEqual(['ContractIssued', 'KpiBandsSet', 'TerminationTermsSet']);
    expect(Object.keys(events[0]?.data ?? {})).not.toContain('kpiBands');
    expect(events[1]?.data).toEqual({ bands: kpiBands });
    expect(events[2]?.data).toEqual(terminationTerms);
    for (const event of events) expect(parseContractEvent(event.type, JSON.parse(JSON.stringify(event.data)))).toEqual(event);
    expect(given([...awarded, ...events])).toMatchObject({ kpiBands, terminationTerms });
  });

  it('given an award, when the contract is issued without them, then ContractIssued alone is recorded, as before', () => {
    expect(when(awarded, monitoredIssue({ kpiBands: undefined, terminationTerms: undefined }), contractManager).map((event) => event.type)).toEqual([
      'ContractIssued',
    ]);
  });

  it('refuses bands of a KPI the specification does not have, bands out of order, and a termination ground listed twice', () => {
    const unknown = monitoredIssue({ kpiBands: { 'Smiles per hour': kpiBands[kpi.nights] } });
    expect(refusal(() => when(awarded, unknown, contractManager)).toJSON()).toMatchObject({
      kind: 'invalid',
      code: 'monitoring.unknown-kpi',
      field: 'kpiBands.Smiles per hour',
    });
    const disordered = monitoredIssue({ kpiBands: { [kpi.nights]: { direction: 'higher-is-better', good: 300, approachingTarget: 310, requiresImprovement: 240 } } });
    expect(refusal(() => when(awarded, disordered, contractManager)).toJSON()).toMatchObject({
      kind: 'invalid',
      code: 'monitoring.kpi-bands-out-of-order',
      field: `kpiBands.${kpi.nights}.approachingTarget`,
    });
    const repeated = monitoredIssue({
      terminationTerms: { grounds: [...terminationTerms.grounds, { ground: 'convenience', notice: { length: 1, unit: 'months' } }] },
    });
    expect(refusal(() => when(awarded, repeated, contractManager)).toJSON()).toMatchObject({
      code: 'termination.ground-repeated',
      field: 'terminationTerms.grounds.2.ground',
    });
  });

  it('accepts the schedules in the command as the API sends them', () => {
    expect(ContractCommand.safeParse(monitoredIssue()).success).toBe(true);
  });
});

import type { Actor } from '../shared/envelope.schema';
import type { ContractCommand } from './contract.commands';
import type { ContractEvent } from './contract.events';
import {
  activateContract,
  agree,
  authoriseContract,
  awardDirectly,
  budgetHolder,
  commissioner,
  contractId,
  contractManager,
  directAwardThrough,
  issueContract,
  onStartDate,
  opened,
  organisation,
  otherProvider,
  outsider,
  provider,
  recordMasterCopy,
  refusal,
  remindToSign,
  signContract,
  specification,
  startMobilisation,
  system,
  when,
  whenAt,
} from './__fixtures__/contract.fixtures';

const notFound = { kind: 'not-found', code: 'contract.not-found', message: 'No such contract' };
const missing = (command: ContractCommand, actor: Actor) => refusal(() => when([], command, actor)).toJSON();

/** Each command at the point of the direct-award script where it would be accepted, with the role that gives it. */
const cases: [string, ContractEvent[], ContractCommand, Actor][] = [
  ['AgreeSpecification', directAwardThrough('DecideRoute'), agree(specification), contractManager],
  ['AwardDirectly', directAwardThrough('AgreeSpecification'), awardDirectly(), commissioner],
  ['IssueContract', directAwardThrough('AwardDirectly'), issueContract(), contractManager],
  ['AuthoriseContract', directAwardThrough('IssueContract'), authoriseContract(), budgetHolder],
  ['SignContract', directAwardThrough('AuthoriseContract'), signContract('authority'), commissioner],
  ['IssueReminder', directAwardThrough('AuthoriseContract'), remindToSign(['provider']), system],
  ['RecordMasterCopy', directAwardThrough('RecordMasterCopy').slice(0, -1), recordMasterCopy(), contractManager],
  ['StartMobilisation', directAwardThrough('RecordMasterCopy'), startMobilisation(), contractManager],
];

describe('tenancy: staff act only on their organisation’s contracts', () => {
  it.each(cases)('given the moment for %s, when its own staff give it, then it is accepted', (_, events, command, actor) => {
    expect(when(events, command, actor).length).toBeGreaterThan(0);
  });

  it.each(cases)(
    'given the moment for %s, when the same role of another organisation gives it, then it answers exactly as a missing contract',
    (_, events, command, actor) => {
      const stranger: Actor = { ...actor, organisation: outsider.organisation };
      expect(refusal(() => when(events, command, stranger)).toJSON()).toEqual(notFound);
      expect(missing(command, actor)).toEqual(notFound);
    },
  );

  it('given mobilisation, when another organisation’s contract manager activates the contract, then it is not found', () => {
    const mobilising = directAwardThrough('StartMobilisation');
    expect(refusal(() => whenAt(onStartDate, mobilising, activateContract(), { ...contractManager, organisation: 'wiltshire-council' })).toJSON()).toEqual(
      notFound,
    );
  });

  it('given an open commission, when another organisation opens one with the same id, then it is not found rather than a conflict', () => {
    const open: ContractCommand = { type: 'OpenCommission', data: { contractId, title: 'Home care' } };
    expect(refusal(() => when([opened], open, outsider)).toJSON()).toEqual(notFound);
    expect(refusal(() => when([opened], open, commissioner)).code).toBe('contract.already-exists');
  });

  it("given another organisation's system actor, when a reminder fires, then it is not found", () => {
    const stranger: Actor = { ...system, organisation: 'wiltshire-council' };
    expect(refusal(() => when(directAwardThrough('AuthoriseContract'), remindToSign(['provider']), stranger)).toJSON()).toEqual(notFound);
  });
});

describe('tenancy: a provider acts only where it is the awarded supplier', () => {
  const authorised = directAwardThrough('AuthoriseContract');

  it('given the contract awarded to it, when the provider signs, then it is accepted', () => {
    expect(when(authorised, signContract('provider'), provider)).toHaveLength(1);
  });

  it('given the contract awarded to another provider, when a provider signs, then it answers exactly as a missing contract', () => {
    expect(refusal(() => when(authorised, signContract('provider'), otherProvider)).toJSON()).toEqual(notFound);
    expect(missing(signContract('provider'), otherProvider)).toEqual(notFound);
  });

  it('given a contract not yet awarded, when the provider-to-be signs, then it is not found (nobody is its supplier yet)', () => {
    expect(refusal(() => when(directAwardThrough('AgreeSpecification'), signContract('provider'), provider)).toJSON()).toEqual(notFound);
  });

  it('given a provider in the commissioning organisation, then it is still not the supplier', () => {
    const inHouse: Actor = { id: 'p-9', role: 'provider', organisation };
    expect(refusal(() => when(authorised, signContract('provider'), inHouse)).toJSON()).toEqual(notFound);
  });
});

describe('tenancy: role refusals come first and stay 403', () => {
  it('given another organisation’s contract, when a role that may not give the command tries, then the role is refused (the answer does not depend on the contract)', () => {
    const authorised = directAwardThrough('AuthoriseContract');
    for (const events of [authorised, []]) {
      expect(refusal(() => when(events, issueContract(), otherProvider)).toJSON()).toMatchObject({
        kind: 'forbidden',
        code: 'access.role-not-permitted',
      });
    }
  });
});

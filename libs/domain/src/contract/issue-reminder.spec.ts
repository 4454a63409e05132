import { ContractCommand } from './contract.commands';
import { parseContractEvent, ReminderSubject } from './contract.events';
import {
  commissioner,
  contractManager,
  decideAll,
  directAwardThrough,
  directAwardToActive,
  provider,
  refusal,
  remindToSign,
  signContract,
  system,
  when,
} from './__fixtures__/contract.fixtures';

const issued = directAwardThrough('IssueContract');
const authorised = directAwardThrough('AuthoriseContract');
const providerSigned = directAwardThrough('SignContract');
const bothSigned = [...providerSigned, ...when(providerSigned, signContract('authority'))];

describe('reminders: signatures', () => {
  it('given an authorised contract, when the system reminds both parties, then ReminderIssued records who is awaited and by when', () => {
    const events = when(authorised, remindToSign(['authority', 'provider'], '2026-12-04'), system);
    expect(events).toEqual([{ type: 'ReminderIssued', data: { subject: 'signature', awaiting: ['authority', 'provider'], dueOn: '2026-12-04' } }]);
    expect(parseContractEvent('ReminderIssued', JSON.parse(JSON.stringify(events[0]?.data)))).toEqual(events[0]);
  });

  it('given the provider signed, when the system reminds the authority, then it is issued and the state does not change', () => {
    const [event] = when(providerSigned, remindToSign(['authority']), system);
    expect(event).toEqual({ type: 'ReminderIssued', data: { subject: 'signature', awaiting: ['authority'] } });
  });

  it('given the provider signed, when the system reminds the provider, then the provider is not awaited', () => {
    expect(refusal(() => when(providerSigned, remindToSign(['authority', 'provider']), system)).toJSON()).toMatchObject({
      kind: 'conflict',
      code: 'reminder.not-awaited',
      field: 'awaiting.1',
    });
  });

  it.each([
    ['both parties have signed', bothSigned],
    ['the contract is not authorised yet', issued],
    ['the contract is active', decideAll(directAwardToActive())],
  ])('given %s, when a signature reminder fires, then nothing is awaited', (_, events) => {
    expect(refusal(() => when(events, remindToSign(['authority']), system)).toJSON()).toMatchObject({
      kind: 'conflict',
      code: 'reminder.nothing-awaited',
    });
  });

  it.each([commissioner, contractManager, provider])('given an authorised contract, when a $role issues a reminder, then the role is refused', (actor) => {
    expect(refusal(() => when(authorised, remindToSign(['authority']), actor)).toJSON()).toMatchObject({
      kind: 'forbidden',
      code: 'access.role-not-permitted',
    });
  });

  it('given no party, a party twice, an unknown subject or a due date that is not a date, then the command is malformed', () => {
    expect(ContractCommand.safeParse(remindToSign([])).success).toBe(false);
    expect(ContractCommand.safeParse(remindToSign(['provider', 'provider'])).success).toBe(false);
    expect(ContractCommand.safeParse(remindToSign(['provider'], 'next Friday')).success).toBe(false);
    expect(ContractCommand.safeParse({ type: 'IssueReminder', data: { subject: 'return', awaiting: ['provider'] } }).success).toBe(false);
  });

  it('names its subjects in one enum: signatures, then the returns, reviews and expiry of an active contract', () => {
    expect(ReminderSubject.options).toEqual(['signature', 'return', 'review', 'expiry']);
  });
});

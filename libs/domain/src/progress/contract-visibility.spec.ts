import type { Actor } from '../shared/envelope.schema';
import {
  budgetHolder,
  commissioner,
  contractManager,
  directAwardThrough,
  given,
  organisation,
  otherProvider,
  outsider,
  provider,
  refusal,
} from '../contract/__fixtures__/contract.fixtures';
import { contractVisibleTo } from './contract-visibility';

const beforeAward = given(directAwardThrough('AgreeSpecification'));
const awarded = given(directAwardThrough('AwardDirectly'));
const missing = refusal(() => contractVisibleTo(commissioner, { status: 'none' })).toJSON();

describe('who may read a contract', () => {
  it.each([commissioner, contractManager, budgetHolder])('given a contract of the $role’s organisation, then the $role reads it', (actor) => {
    expect(contractVisibleTo(actor, awarded)).toBe(awarded);
  });

  it('given a contract awarded to a provider, then that provider reads it', () => {
    expect(contractVisibleTo(provider, awarded)).toBe(awarded);
  });

  it('given a contract that does not exist, then it is not found', () => {
    expect(missing).toMatchObject({ kind: 'not-found', code: 'contract.not-found' });
  });

  it.each<[string, Actor, typeof awarded]>([
    ['a provider not awarded the contract', otherProvider, awarded],
    ['the supplier before it is awarded the contract', provider, beforeAward],
    ['another organisation’s commissioner', outsider, awarded],
    ['a provider whose organisation is the buyer’s', { ...provider, organisation }, awarded],
    ['an evaluator of the buyer’s organisation, whose reading is the tenders of their panels', { id: 'ev-1', role: 'evaluator', organisation }, awarded],
  ])('given %s, then the contract answers exactly as a missing one', (_who, actor, state) => {
    expect(refusal(() => contractVisibleTo(actor, state)).toJSON()).toEqual(missing);
  });
});

import { homeOf, mayGive, mayOpen, pageAccess } from './access';

describe('which pages and forms the console offers a role', () => {
  it('follows the permission tables: governance views for those who answer for decisions, a provider its portal', () => {
    expect(pageAccess.governance).toEqual(['commissioner', 'contract-manager', 'governance']);
    expect(pageAccess.verify).toEqual(['governance']);
    expect(mayOpen('provider-portal', 'provider')).toBe(true);
    expect(mayOpen('work-queue', 'provider')).toBe(false);
    expect(mayOpen('register', 'evaluator')).toBe(false);
  });

  it('sends each person to the page for their work', () => {
    expect(homeOf('contract-manager')).toBe('/work-queue');
    expect(homeOf('provider')).toBe('/provider');
    expect(homeOf('governance')).toBe('/governance');
    expect(homeOf('finance')).toBe('/register');
  });

  it('offers a command’s form only to the roles that may give it', () => {
    expect(mayGive('SubmitReturn', 'provider')).toBe(true);
    expect(mayGive('SubmitReturn', 'contract-manager')).toBe(false);
    expect(mayGive('GiveTerminationNotice', 'contract-manager')).toBe(true);
  });
});

import { NoServiceRole, userFromClaims } from './signed-in-user';

describe('the signed-in person from the ID token', () => {
  it('takes the one service role among those the issuer lists, and the organisation', () => {
    expect(userFromClaims({ sub: 'abc', preferred_username: 'somerset-governance', roles: ['offline_access', 'governance'], org: 'somerset-council' })).toEqual({
      id: 'abc',
      name: 'somerset-governance',
      role: 'governance',
      organisation: 'somerset-council',
    });
  });

  it('refuses a person with no service role, several, the system role, or no organisation', () => {
    expect(() => userFromClaims({ sub: 'v', roles: ['offline_access'], org: 'somerset-council' })).toThrow(NoServiceRole);
    expect(() => userFromClaims({ sub: 'v', roles: ['commissioner', 'finance'], org: 'somerset-council' })).toThrow(/several/);
    expect(() => userFromClaims({ sub: 'v', roles: ['system', 'governance'], org: 'somerset-council' })).toThrow(NoServiceRole);
    expect(() => userFromClaims({ sub: 'v', roles: 'governance' })).toThrow(/organisation/);
  });
});

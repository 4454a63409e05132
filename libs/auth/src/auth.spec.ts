import { DomainError } from '@cls/domain';
import { mintToken, verifyBearer } from './auth';

const settings = { secret: 'x'.repeat(32), issuer: 'cls', audience: 'cls-api' };
const actor = { id: 'u-7', role: 'contract-manager' as const, organisation: 'bristol-cc' };

const codeOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return `${error.kind}:${error.code}`;
    throw error;
  }
  return 'accepted';
};

describe('bearer tokens', () => {
  it('round-trips an actor through a minted token', async () => {
    const token = await mintToken(actor, settings);
    await expect(verifyBearer(`Bearer ${token}`, settings)).resolves.toEqual(actor);
  });

  it('refuses a missing header, a malformed header, a wrong key, a wrong audience and an expired token', async () => {
    const token = await mintToken(actor, settings);
    expect(await codeOf(verifyBearer(undefined, settings))).toBe('unauthorised:auth.missing-token');
    expect(await codeOf(verifyBearer(token, settings))).toBe('unauthorised:auth.invalid-token');
    expect(await codeOf(verifyBearer(`Bearer ${token}`, { ...settings, secret: 'y'.repeat(32) }))).toBe(
      'unauthorised:auth.invalid-token',
    );
    expect(await codeOf(verifyBearer(`Bearer ${token}`, { ...settings, audience: 'other' }))).toBe(
      'unauthorised:auth.invalid-token',
    );
    const expired = await mintToken(actor, settings, { expiresIn: '-1m' });
    expect(await codeOf(verifyBearer(`Bearer ${expired}`, settings))).toBe('unauthorised:auth.invalid-token');
  });

  it('refuses a token whose role is not one of the service roles', async () => {
    const token = await mintToken({ ...actor, role: 'superuser' as never }, settings);
    expect(await codeOf(verifyBearer(`Bearer ${token}`, settings))).toBe('unauthorised:auth.invalid-token');
  });
});

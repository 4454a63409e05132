import { commandIdsOfKey } from './command-ids';

const seed = '6f1b3a52-8d0c-4f7e-9a51-2b8c7d9e0f13';
const endpoint = 'POST /contracts {}';
const somerset = { organisation: 'somerset-council', key: 'retry-key-0001' };

describe('commandIdsOfKey', () => {
  it('gives a retry the ids its first attempt had', () => {
    expect(commandIdsOfKey(somerset, endpoint, seed)).toEqual(commandIdsOfKey({ ...somerset }, endpoint, seed));
  });

  it('gives each organisation, endpoint, key and first use ids of their own, and the command and what it creates different ones', () => {
    const ids = commandIdsOfKey(somerset, endpoint, seed);
    const others = [
      commandIdsOfKey({ ...somerset, organisation: 'wiltshire-council' }, endpoint, seed),
      commandIdsOfKey(somerset, 'POST /contracts/:contractId/award {"contractId":"c-1"}', seed),
      commandIdsOfKey({ ...somerset, key: 'retry-key-0002' }, endpoint, seed),
      commandIdsOfKey(somerset, endpoint, '0b7e4c1d-3f2a-4e5b-8c6d-9a0b1c2d3e4f'),
    ];
    const all = [ids, ...others].flatMap(({ commandId, createdId }) => [commandId, createdId]);
    expect(new Set(all).size).toBe(all.length);
    expect(ids.commandId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

import { compileReleases, releaseMergeRules } from './ocds-merge';
import type { Release } from './ocds.types';

const ocid = 'ocds-abc123-p1';

/** A release with any fields of the release schema, including ones the export does not produce. */
const release = (id: string, date: string, fields: Record<string, unknown>): Release =>
  ({ ocid, id, date, tag: ['tenderUpdate'], initiationType: 'tender', language: 'en', ...fields }) as unknown as Release;

describe('OCDS merge rules, derived from the vendored release schema', () => {
  it('leaves out what the schema marks omitWhenMerged: a release’s id, date and tag', () => {
    expect([...releaseMergeRules.omitted].sort()).toEqual(['date', 'id', 'tag']);
  });

  it('replaces whole the arrays of strings, those marked wholeListMerge and those whose objects have no id', () => {
    expect([...releaseMergeRules.wholeList]).toEqual(
      expect.arrayContaining(['parties.roles', 'parties.additionalIdentifiers', 'tender.submissionMethod', 'tender.items.additionalClassifications', 'awards.amendments.changes']),
    );
  });

  it('merges by id the arrays of objects with an id', () => {
    for (const path of ['parties', 'awards', 'awards.suppliers', 'contracts', 'tender.documents', 'contracts.implementation.milestones']) {
      expect(releaseMergeRules.wholeList.has(path)).toBe(false);
    }
  });
});

describe('compiling releases', () => {
  it('given releases out of date order, then they are merged oldest first, and the compiled release is the newest’s', () => {
    const compiled = compileReleases([
      release('r2', '2027-01-02T00:00:00Z', { tender: { id: 't1', status: 'complete' } }),
      release('r1', '2027-01-01T00:00:00Z', { tender: { id: 't1', status: 'active', title: 'Short breaks' } }),
    ]);
    expect(compiled).toEqual({
      ocid,
      id: `${ocid}-2027-01-02T00:00:00Z`,
      date: '2027-01-02T00:00:00Z',
      tag: ['compiled'],
      initiationType: 'tender',
      language: 'en',
      tender: { id: 't1', status: 'complete', title: 'Short breaks' },
    });
  });

  it('given releases of the same instant, then they are merged in the order given', () => {
    const at = '2027-01-01T00:00:00Z';
    const compiled = compileReleases([release('a', at, { tender: { id: 't', status: 'active' } }), release('b', at, { tender: { id: 't', status: 'cancelled' } })]);
    expect(compiled.tender?.status).toBe('cancelled');
  });

  it('given a field set to null, then it is removed', () => {
    const compiled = compileReleases([
      release('r1', '2027-01-01T00:00:00Z', { tender: { id: 't', numberOfTenderers: 3, tenderPeriod: { startDate: '2027-01-01T00:00:00Z', endDate: '2027-02-01T00:00:00Z' } } }),
      release('r2', '2027-01-02T00:00:00Z', { tender: { id: 't', numberOfTenderers: null, tenderPeriod: { endDate: null } } }),
    ]);
    expect(compiled.tender).toEqual({ id: 't', tenderPeriod: { startDate: '2027-01-01T00:00:00Z' } });
  });

  it('given objects with ids in an array, then a known id is merged into its object and a new one is appended', () => {
    const compiled = compileReleases([
      release('r1', '2027-01-01T00:00:00Z', { awards: [{ id: 'a1', status: 'pending', value: { amount: 10, currency: 'GBP' } }] }),
      release('r2', '2027-01-02T00:00:00Z', { awards: [{ id: 'a2', status: 'pending' }, { id: 'a1', status: 'active' }] }),
    ]);
    expect(compiled.awards).toEqual([
      { id: 'a1', status: 'active', value: { amount: 10, currency: 'GBP' } },
      { id: 'a2', status: 'pending' },
    ]);
  });

  it('given objects in an array, then ids are matched within their parent only', () => {
    const compiled = compileReleases([
      release('r1', '2027-01-01T00:00:00Z', { contracts: [{ id: 'c1', awardID: 'a', implementation: { milestones: [{ id: 'm1', status: 'scheduled' }] } }] }),
      release('r2', '2027-01-02T00:00:00Z', { contracts: [{ id: 'c2', awardID: 'a', implementation: { milestones: [{ id: 'm1', status: 'met' }] } }] }),
    ]);
    expect(compiled.contracts?.map((contract) => contract.implementation?.milestones?.map((milestone) => milestone.status))).toEqual([['scheduled'], ['met']]);
  });

  it('given an array of strings or one marked wholeListMerge, then the newer replaces the older whole', () => {
    const compiled = compileReleases([
      release('r1', '2027-01-01T00:00:00Z', {
        parties: [{ id: 'p', roles: ['tenderer', 'supplier'], additionalIdentifiers: [{ scheme: 'GB-COH', id: '1' }, { scheme: 'GB-CHC', id: '2' }] }],
      }),
      release('r2', '2027-01-02T00:00:00Z', { parties: [{ id: 'p', roles: ['tenderer'], additionalIdentifiers: [{ scheme: 'GB-COH', id: '3' }] }] }),
    ]);
    expect(compiled.parties).toEqual([{ id: 'p', roles: ['tenderer'], additionalIdentifiers: [{ scheme: 'GB-COH', id: '3' }] }]);
  });

  it('given objects without an id in an array merged by id, then each is appended', () => {
    const compiled = compileReleases([
      release('r1', '2027-01-01T00:00:00Z', { tender: { id: 't', milestones: [{ title: 'one' }] } }),
      release('r2', '2027-01-02T00:00:00Z', { tender: { id: 't', milestones: [{ title: 'two' }] } }),
    ]);
    expect(compiled).toHaveProperty('tender.milestones', [{ title: 'one' }, { title: 'two' }]);
  });

  it('given an empty object or an empty array merged by id, then nothing changes', () => {
    const compiled = compileReleases([
      release('r1', '2027-01-01T00:00:00Z', { awards: [{ id: 'a1' }], tender: { id: 't', tenderPeriod: { startDate: '2027-01-01T00:00:00Z' } } }),
      release('r2', '2027-01-02T00:00:00Z', { awards: [], tender: { id: 't', tenderPeriod: {} } }),
    ]);
    expect(compiled).toMatchObject({ awards: [{ id: 'a1' }], tender: { tenderPeriod: { startDate: '2027-01-01T00:00:00Z' } } });
  });

  it('does not change the releases it merges', () => {
    const releases = [
      release('r1', '2027-01-01T00:00:00Z', { awards: [{ id: 'a1', status: 'pending' }] }),
      release('r2', '2027-01-02T00:00:00Z', { awards: [{ id: 'a1', status: 'active' }] }),
    ];
    const before = structuredClone(releases);
    compileReleases(releases);
    expect(releases).toEqual(before);
  });

  it('refuses to compile nothing', () => {
    expect(() => compileReleases([])).toThrow('at least one release');
  });
});

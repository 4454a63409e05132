import type { StoredEvent } from '@cls/domain';
import { projectContractRegister, type RegisterEntry } from './contract-register.projection';

const contractId = '6f1c4c33-1d0c-4f57-a9a4-3d3b0f6a2b10';

const event = (type: string, streamVersion: number, data: Record<string, unknown> = {}, schemaVersion = 1): StoredEvent => ({
  eventId: `00000000-0000-4000-8000-00000000000${streamVersion}`,
  type,
  schemaVersion,
  streamId: `contract-${contractId}`,
  streamVersion,
  globalPosition: String(100 + streamVersion),
  data,
  metadata: {
    actor: { id: 'u-1', role: 'commissioner', organisation: 'gloucestershire-cc' },
    correlationId: 'corr-1',
    causationId: 'cmd-1',
    occurredAt: `2026-11-2${streamVersion}T10:00:00.000Z`,
    recordedAt: `2026-11-2${streamVersion}T10:00:01.000Z`,
  },
});

const opened = event('CommissionOpened', 1, {
  contractId,
  title: 'Short breaks for disabled children',
  organisation: 'gloucestershire-cc',
  openedBy: { id: 'u-1', role: 'commissioner', organisation: 'gloucestershire-cc' },
});

const entryAfterOpening: RegisterEntry = {
  contractId,
  title: 'Short breaks for disabled children',
  organisation: 'gloucestershire-cc',
  stage: 'needs-assessment',
  lastEventType: 'CommissionOpened',
  lastEventAt: '2026-11-21T10:00:00.000Z',
  version: 1,
};

describe('contract register projection', () => {
  it('given nothing, when a commission is opened, then the contract enters the register at needs assessment', () => {
    expect(projectContractRegister(undefined, contractId, opened)).toEqual({ kind: 'write', entry: entryAfterOpening });
  });

  it('given an opened contract, when its needs assessment is recorded, then it moves to the route decision', () => {
    expect(projectContractRegister(entryAfterOpening, contractId, event('NeedsAssessmentRecorded', 2))).toEqual({
      kind: 'write',
      entry: {
        ...entryAfterOpening,
        stage: 'route-decision',
        lastEventType: 'NeedsAssessmentRecorded',
        lastEventAt: '2026-11-22T10:00:00.000Z',
        version: 2,
      },
    });
  });

  it('given an opened contract, when an event of a type it does not know arrives, then only the last event moves on', () => {
    expect(projectContractRegister(entryAfterOpening, contractId, event('TenderPublished', 2, { anything: true }))).toEqual({
      kind: 'write',
      entry: { ...entryAfterOpening, lastEventType: 'TenderPublished', lastEventAt: '2026-11-22T10:00:00.000Z', version: 2 },
    });
  });

  it('given a later state, when an earlier event arrives again, then nothing changes', () => {
    const assessed = { ...entryAfterOpening, stage: 'route-decision' as const, version: 2 };
    expect(projectContractRegister(assessed, contractId, opened)).toEqual({ kind: 'unchanged' });
    expect(projectContractRegister(assessed, contractId, event('NeedsAssessmentRecorded', 2))).toEqual({ kind: 'unchanged' });
  });

  it('folds a stream into the entry of its last event, keeping the stage the known events set', () => {
    let entry: RegisterEntry | undefined;
    for (const next of [opened, event('NeedsAssessmentRecorded', 2), event('ReviewScheduled', 3)]) {
      const change = projectContractRegister(entry, contractId, next);
      if (change.kind !== 'write') throw new Error(`expected a write, got ${change.kind}`);
      entry = change.entry;
    }
    expect(entry).toEqual({
      ...entryAfterOpening,
      stage: 'route-decision',
      lastEventType: 'ReviewScheduled',
      lastEventAt: '2026-11-23T10:00:00.000Z',
      version: 3,
    });
  });

  it('rejects an event for a contract it has not seen opened', () => {
    expect(projectContractRegister(undefined, contractId, event('NeedsAssessmentRecorded', 2))).toEqual({
      kind: 'rejected',
      reason: expect.stringMatching(/not seen opened/),
    });
    expect(projectContractRegister(undefined, contractId, event('TenderPublished', 2))).toMatchObject({ kind: 'rejected' });
  });

  it.each([
    ['data that breaks the schema', event('CommissionOpened', 1, { contractId, title: '' }), /data is invalid/],
    ['a schema version it cannot upcast', { ...opened, schemaVersion: 2 }, /no upcaster/],
    ['another contract id than its stream', event('CommissionOpened', 1, { ...opened.data, contractId: 'x' }), /names contract x/],
  ])('rejects an opening with %s', (_, opening, reason) => {
    expect(projectContractRegister(undefined, contractId, opening)).toEqual({ kind: 'rejected', reason: expect.stringMatching(reason) });
  });
});

import { processEvents } from '../testing/process-events';
import { governanceLogProjection } from '../governance-log/governance-log.projection';
import { foldProcess, projectProcess } from './process-projection';

const contractId = '6f1c4c33-1d0c-4f57-a9a4-3d3b0f6a2b10';

describe('a process projection step', () => {
  const events = processEvents(contractId);
  const opened = events.opened();
  const reminder = events.returnReminder('2027-q1', '2027-04-30');

  it('given nothing, when the commission is opened, then it starts a document for the process with no provider', () => {
    const change = projectProcess(governanceLogProjection, undefined, contractId, opened);
    expect(change).toEqual({
      kind: 'write',
      document: {
        process: { contractId, title: 'Short breaks', organisation: 'gloucestershire-cc', provider: null },
        versions: { [`contract-${contractId}`]: 1 },
        model: { entries: [] },
      },
    });
  });

  it('given a document, when an event of a stream version it has already applied arrives again, then nothing changes', () => {
    const document = foldProcess(governanceLogProjection, contractId, [opened, reminder]);
    expect(projectProcess(governanceLogProjection, document, contractId, reminder)).toEqual({ kind: 'unchanged' });
    expect(projectProcess(governanceLogProjection, document, contractId, opened)).toEqual({ kind: 'unchanged' });
  });

  it('keeps versions per stream, so a plan stream at version 1 is not mistaken for the contract stream at version 1', () => {
    const document = foldProcess(governanceLogProjection, contractId, [opened, reminder]);
    const planOpened = events.planOpened(1, '2027-02-01');
    expect(projectProcess(governanceLogProjection, document, contractId, planOpened)).toMatchObject({
      kind: 'write',
      document: { versions: { [`contract-${contractId}`]: 2, [`plan-${contractId}.1`]: 1 } },
    });
  });

  it('takes the provider from the award into the context every row is written with', () => {
    const document = foldProcess(governanceLogProjection, contractId, [opened, events.awarded()]);
    expect(document?.process.provider).toEqual({ organisation: 'acme-care', name: 'Acme Care Ltd' });
  });

  it('rejects a known event for a process it has not seen opened, and ignores an unknown one', () => {
    const other = processEvents(contractId);
    other.opened();
    expect(projectProcess(governanceLogProjection, undefined, contractId, other.returnReminder('2027-q1', '2027-04-30'))).toEqual({
      kind: 'rejected',
      reason: expect.stringMatching(/ReminderIssued for contract .*, which governance-log has not seen opened/),
    });
    expect(projectProcess(governanceLogProjection, undefined, contractId, other.contract('SomethingNew', {}))).toEqual({ kind: 'ignored' });
  });

  it.each([
    ['data that breaks the schema', { ...reminder, data: { subject: 'return', dueOn: 'soon' } }, /ReminderIssued data is invalid/],
    ['a schema version it cannot upcast', { ...reminder, schemaVersion: 2 }, /ReminderIssued v2 has no upcaster to v1/],
  ])('rejects an event with %s through the shared check', (_, event, reason) => {
    const document = foldProcess(governanceLogProjection, contractId, [opened]);
    expect(projectProcess(governanceLogProjection, document, contractId, event)).toEqual({ kind: 'rejected', reason: expect.stringMatching(reason) });
  });

  it("ignores another process's streams and streams it does not know", () => {
    const document = foldProcess(governanceLogProjection, contractId, [opened]);
    const foreign = { ...reminder, streamId: 'contract-00000000-0000-4000-8000-000000000000' };
    const placement = { ...reminder, streamId: `placement-${contractId}.1` };
    expect(projectProcess(governanceLogProjection, document, contractId, foreign)).toEqual({ kind: 'ignored' });
    expect(projectProcess(governanceLogProjection, document, contractId, placement)).toEqual({ kind: 'ignored' });
  });
});

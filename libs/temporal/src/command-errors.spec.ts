import { DomainError } from '@cls/domain';
import {
  ActivityFailure,
  ApplicationFailure,
  ServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { CommandNotRecordedError, CommandUnavailableError, domainErrorOf } from './command-errors';

const notFound = () => new DomainError('not-found', 'contract.not-found', 'No such contract');
const fromActivity = (failure: ApplicationFailure) =>
  new WorkflowUpdateFailedError('Workflow Update failed', new ActivityFailure('Activity failed', 'appendEvents', '3', 'NON_RETRYABLE_FAILURE', 'worker', failure));

describe('domainErrorOf', () => {
  it("gives back the domain's refusal, whether the handler or an activity it awaited raised it", () => {
    const details = { kind: 'conflict', code: 'contract.not-active', message: 'Not active' };
    const direct = domainErrorOf(new WorkflowUpdateFailedError('failed', ApplicationFailure.nonRetryable('Not active', 'DomainError', details)), notFound);
    expect(direct).toEqual(new DomainError('conflict', 'contract.not-active', 'Not active'));
    expect(domainErrorOf(fromActivity(ApplicationFailure.nonRetryable('Not active', 'DomainError', details)), notFound)).toBeInstanceOf(DomainError);
    expect(domainErrorOf(new WorkflowNotFoundError('gone', 'contract-1', undefined), notFound)).toMatchObject({ code: 'contract.not-found' });
  });

  it('reads a stream another writer changed as a conflict to retry', () => {
    const error = domainErrorOf(fromActivity(ApplicationFailure.nonRetryable('behind', 'WrongExpectedVersion')), notFound);
    expect(error).toMatchObject({ kind: 'conflict', code: 'aggregate.concurrent-change' });
  });

  it("reads the store's refusal of the events as a command not recorded, naming the SQLSTATE", () => {
    const refused = ApplicationFailure.create({
      type: 'EventRejected',
      message: 'The store refused the events',
      nonRetryable: true,
      details: [{ sqlState: '22P05', message: 'unsupported Unicode escape sequence' }],
    });
    const error = domainErrorOf(fromActivity(refused), notFound);
    expect(error).toBeInstanceOf(CommandNotRecordedError);
    expect(error).toMatchObject({ sqlState: '22P05', message: expect.stringContaining('unsupported Unicode escape sequence') });
  });

  it('reads every other failure of Temporal as unavailable, keeping the original as the cause', () => {
    const failures = [
      new WorkflowUpdateRPCTimeoutOrCancelledError('Workflow update call timeout or cancelled'),
      new ServiceError('Failed to start Workflow', { cause: new Error('14 UNAVAILABLE: No connection established') }),
      new WorkflowUpdateFailedError('failed', ApplicationFailure.create({ type: 'TypeError', message: 'Workflow Task in failed state' })),
    ];
    for (const failure of failures) {
      const error = domainErrorOf(failure, notFound);
      expect(error).toBeInstanceOf(CommandUnavailableError);
      expect(error.cause).toBe(failure);
    }
  });
});

import { ApplicationFailure } from '@temporalio/common';
import { DatabaseError } from 'pg';
import { classifyStoreError } from './store-errors';

const databaseError = (code: string): DatabaseError => Object.assign(new DatabaseError('refused', 0, 'error'), { code });

describe('classifyStoreError', () => {
  it.each(['22P05', '22021', '23514', '23505', '54000', '42601'])('makes SQLSTATE %s a final EventRejected failure', (code) => {
    const failure = classifyStoreError(databaseError(code));
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: 'EventRejected', nonRetryable: true, details: [{ sqlState: code, message: 'refused' }] });
  });

  it.each(['08006', '40001', '40P01', '53300', '55P03', '57P01', '57P03', '58030'])('leaves SQLSTATE %s to the retries', (code) => {
    const error = databaseError(code);
    expect(classifyStoreError(error)).toBe(error);
  });

  it('leaves failures without a SQLSTATE (a lost connection, a pool timeout) to the retries', () => {
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    const timeout = new Error('timeout exceeded when trying to connect');
    expect(classifyStoreError(reset)).toBe(reset);
    expect(classifyStoreError(timeout)).toBe(timeout);
  });
});

import { DomainError } from './errors';

/** Runs what must be refused and returns the refusal, so a test can assert its kind, code and field. */
export const refusal = (fn: () => unknown): DomainError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
};

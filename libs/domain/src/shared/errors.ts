/**
 * What kind of refusal a rule gives. Each kind maps to exactly one HTTP status, in one place (libs/http);
 * the domain only says what went wrong, never how it is transported.
 */
export type DomainErrorKind = 'invalid' | 'unauthorised' | 'forbidden' | 'not-found' | 'conflict';

export interface DomainErrorShape {
  kind: DomainErrorKind;
  /** Stable, dotted, documented: clients and auditors key on it. */
  code: string;
  message: string;
  /** The input field the rule is about, as a dotted path, when there is one. */
  field?: string;
}

export class DomainError extends Error implements DomainErrorShape {
  override readonly name = 'DomainError';
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }

  toJSON(): DomainErrorShape {
    return { kind: this.kind, code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) };
  }

  static is(value: unknown): value is DomainError {
    return value instanceof DomainError;
  }
}

export const conflict = (code: string, message: string, field?: string) => new DomainError('conflict', code, message, field);
export const forbidden = (code: string, message: string) => new DomainError('forbidden', code, message);
export const invalid = (code: string, message: string, field?: string) => new DomainError('invalid', code, message, field);

import type { Problem } from '../backend/backend.client';
import { fieldIdOf, formErrorsOf } from './form-errors';

const problem = (errors: Problem['errors'], detail = 'The request is not valid'): Problem => ({ status: 400, code: 'request.invalid', title: 'Bad Request', detail, errors });
const fields = [
  { id: 'receivedOn', label: 'Day it was received' },
  { id: 'observations-1-value', label: 'Hours delivered' },
];

describe('a refusal as a GOV.UK error summary', () => {
  it('names a form field by the body path the service gives, with or without the decided command’s data prefix', () => {
    expect(fieldIdOf('summary')).toBe('summary');
    expect(fieldIdOf('observations.1.value')).toBe('observations-1-value');
    expect(fieldIdOf('data.observations.1.value')).toBe('observations-1-value');
  });

  it('links each error to the field it names, and puts the service’s words under the field', () => {
    const errors = formErrorsOf(problem([{ field: 'data.observations.1.value', rule: 'invalid_type', message: 'expected number' }]), fields);
    expect(errors.summary).toEqual([{ text: 'Hours delivered: expected number', href: '#observations-1-value' }]);
    expect(errors.byField).toEqual({ 'observations-1-value': 'expected number' });
  });

  it('lists an error about a field the form lacks, and a refusal that names none, linked to the first field', () => {
    expect(formErrorsOf(problem([{ field: 'attendees', message: 'too small' }]), fields).summary).toEqual([{ text: 'attendees: too small', href: '#receivedOn' }]);
    expect(formErrorsOf(problem([], 'The contract is not active'), fields)).toEqual({ summary: [{ text: 'The contract is not active', href: '#receivedOn' }], byField: {} });
  });

  it('asks for a field the person left empty, as GOV.UK’s patterns do, rather than quoting the validator', () => {
    const errors = formErrorsOf(
      problem([
        { field: 'receivedOn', rule: 'invalid_type', message: 'Invalid input: expected string, received undefined' },
        { field: 'severity', rule: 'invalid_value', message: 'Invalid option' },
      ]),
      [
        { id: 'receivedOn', label: 'Day it was received', entered: false },
        { id: 'severity', label: 'Severity', entered: false, choice: true },
      ],
    );
    expect(errors.summary).toEqual([
      { text: 'Enter day it was received', href: '#receivedOn' },
      { text: 'Select severity', href: '#severity' },
    ]);
  });
});

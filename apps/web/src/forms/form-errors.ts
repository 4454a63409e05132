import type { Problem } from '../backend/backend.client';

export interface FormErrors {
  /** GOV.UK error summary items: each links to the field it is about. */
  summary: { text: string; href: string }[];
  /** The message to show under each field, by the field's id. */
  byField: Record<string, string>;
}

/**
 * The form field a problem's `errors[].field` names. Fields name paths in the command's body (`summary`,
 * `observations.0.value`) or in the command the workflow decided (`data.periodId`): a form's field ids are those
 * paths with dashes, so `data.observations.1.kpi` and `observations.1.kpi` both name `observations-1-kpi`.
 */
export const fieldIdOf = (field: string): string => field.replace(/^(body|data)\./, '').replaceAll('.', '-');

/**
 * The problem+json a service answered, as a GOV.UK error summary linked to the offending fields. An error naming a
 * field the form does not have (or none) is still listed, linked to the form's first field, with the service's own
 * words: the person must see every reason the command was refused.
 */
/** A form field as errors are matched to it: whether anything was entered, and whether it is a choice. */
export interface ErrorField {
  id: string;
  label: string;
  /** False when the person left it empty: the error then asks for it, as GOV.UK's patterns do. */
  entered?: boolean;
  choice?: boolean;
}

const askFor = (field: ErrorField): string => `${field.choice ? 'Select' : 'Enter'} ${field.label.charAt(0).toLowerCase()}${field.label.slice(1)}`;

export const formErrorsOf = (problem: Problem, fields: readonly ErrorField[]): FormErrors => {
  const byField: Record<string, string> = {};
  const summary: FormErrors['summary'] = [];
  const first = fields[0]?.id ?? 'main-content';
  for (const error of problem.errors) {
    const id = error.field === undefined ? undefined : fieldIdOf(error.field);
    const field = fields.find((candidate) => candidate.id === id);
    const message = field?.entered === false && error.rule !== 'unrecognized_keys' ? askFor(field) : (error.message ?? problem.detail);
    if (field) {
      byField[field.id] ??= message;
      summary.push({ text: field.entered === false ? message : `${field.label}: ${message}`, href: `#${field.id}` });
    } else {
      summary.push({ text: error.field ? `${error.field}: ${message}` : message, href: `#${first}` });
    }
  }
  // A refusal of the whole command (a rule of the contract's stage, say) names no field: its detail says why.
  if (summary.length === 0) summary.push({ text: problem.detail || problem.title, href: `#${first}` });
  return { summary, byField };
};

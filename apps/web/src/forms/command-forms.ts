import { ComplaintSeverity, ConcernHandling, ConcernSource, PlanApproach, Remedy } from '@cls/domain';
import type { PersonRole } from '../auth/signed-in-user';
import type { ContractView, Monitoring, PlanView } from '../backend/read-models';
import { mayGive, mayGivePlanCommand } from '../web/access';

export type FieldKind = 'text' | 'textarea' | 'date' | 'number' | 'select' | 'radios' | 'checkboxes';

/** A form field; its id is the path of the body member it fills, with dashes (see fieldIdOf). */
export interface Field {
  id: string;
  label: string;
  kind: FieldKind;
  hint?: string;
  options?: { value: string; text: string }[];
  /** A fieldset's legend above a group of fields (a row of a list). */
  group?: string;
}

export type Values = Record<string, string | string[] | undefined>;

/** What a form is drawn from: the contract (or plan) as the services answer it now, and the route's parameters. */
export interface FormContext {
  contractId: string;
  params: Record<string, string>;
  query: Record<string, string>;
  view: ContractView;
  monitoring?: Monitoring;
  plan?: PlanView;
  /** Today in London, for the default of a day field. */
  today: string;
  role: PersonRole;
}

/** The procurement steps the console has a form for, by the command that progress names as a next step. */
export const formForStep: Readonly<Record<string, { form: string; path: string }>> = {
  AwardDirectly: { form: 'direct-award', path: 'award/new' },
  SignContract: { form: 'sign', path: 'signatures/new' },
  StartMobilisation: { form: 'mobilisation', path: 'mobilisation/new' },
  ActivateContract: { form: 'activation', path: 'activation/new' },
};

export interface CommandForm {
  title: (context: FormContext) => string;
  submit: string;
  permitted: (role: PersonRole) => boolean;
  needs?: { monitoring?: boolean; plan?: boolean };
  fields: (context: FormContext) => Field[];
  defaults?: (context: FormContext) => Values;
  /** The command's body, from what the person entered: the API validates it and decides. */
  body: (values: Values, context: FormContext) => unknown;
  apiPath: (context: FormContext) => string;
  done: (context: FormContext) => { message: string; href: string };
}

const options = (values: readonly string[]) => values.map((value) => ({ value, text: value.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase()) }));
const dayHint = 'Use the format YYYY-MM-DD, for example 2026-12-07';
const reasonField: Field = { id: 'reason', label: 'Reason for the record (optional)', kind: 'textarea', hint: 'Kept with the record of who did this and when' };

/** The trimmed text of a field, absent when left empty, so that the API names a missing field rather than an empty one. */
export const textOf = (values: Values, id: string): string | undefined => {
  const value = values[id];
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  return text === undefined || text === '' ? undefined : text;
};
const listOf = (values: Values, id: string): string[] => {
  const value = values[id];
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((item) => item !== '');
};
const linesOf = (values: Values, id: string): string[] =>
  (textOf(values, id) ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
/** A number as entered; text that is not one goes as it is, for the API to name the field. */
const numberOf = (values: Values, id: string): number | string | undefined => {
  const text = textOf(values, id);
  return text === undefined ? undefined : Number.isFinite(Number(text)) ? Number(text) : text;
};
const compact = (body: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));

const contractPage = (context: FormContext) => `/contracts/${context.contractId}`;
const kpisOf = (context: FormContext) => context.view.state.specification?.kpis ?? [];
const attendeeRows = [0, 1, 2, 3];

/** The termination clause's grounds to choose from, the one asked for first; without a clause, the ground as text. */
const groundField = (context: FormContext): Field => {
  const grounds = context.view.state.terminationTerms?.grounds ?? [];
  return grounds.length > 0
    ? { id: 'ground', label: 'Ground', kind: 'radios', options: grounds.map((ground) => ({ value: ground.ground, text: `${ground.ground} (${ground.notice.length} ${ground.notice.unit}’ notice)` })) }
    : { id: 'ground', label: 'Ground', kind: 'text', hint: 'The contract states no termination clause' };
};
const attendeeRoles = ['contract-manager', 'lead-professional', 'commissioner', 'provider', 'service-user-representative', 'other'];

/** Pounds as entered (`18000`, `18,000.50`), as the pence the API counts in; anything else goes as entered. */
const penceOf = (values: Values, id: string): number | string | undefined => {
  const text = textOf(values, id)?.replace(/[£,\s]/g, '');
  return text === undefined ? undefined : /^\d+(\.\d{1,2})?$/.test(text) ? Math.round(Number(text) * 100) : text;
};

/**
 * The everyday commands of an active contract and the steps that take a contract from award to active, each a form
 * that works without JavaScript.
 */
export const commandForms = {
  'direct-award': {
    title: () => 'Award the contract directly',
    submit: 'Award the contract',
    permitted: (role) => mayGive('AwardDirectly', role),
    fields: () => [
      { id: 'supplier-organisation', label: 'Supplier’s organisation id', kind: 'text', hint: 'The id its people sign in with, for example brightcare-homecare' },
      { id: 'supplier-name', label: 'Supplier’s name', kind: 'text' },
      { id: 'valuePence', label: 'Value of the initial term in pounds, including VAT', kind: 'number' },
      // The award's note is the event's reason: the command takes no second one.
      { id: 'note', label: 'Why this supplier (optional)', kind: 'textarea' },
    ],
    body: (values) =>
      compact({
        supplier: { organisation: textOf(values, 'supplier-organisation'), name: textOf(values, 'supplier-name') },
        valuePence: penceOf(values, 'valuePence'),
        note: textOf(values, 'note'),
      }),
    apiPath: (context) => `/contracts/${context.contractId}/award`,
    done: (context) => ({ message: 'The contract is awarded.', href: contractPage(context) }),
  },
  sign: {
    title: () => 'Sign the contract',
    submit: 'Record the signature',
    permitted: (role) => mayGive('SignContract', role),
    fields: () => [
      { id: 'signatory-name', label: 'Name of the person signing', kind: 'text' },
      { id: 'signatory-position', label: 'Their position', kind: 'text' },
    ],
    // Each party signs for itself: the provider for the provider, the commissioner for the authority.
    body: (values, context) =>
      compact({
        party: context.role === 'provider' ? 'provider' : 'authority',
        signatory: { name: textOf(values, 'signatory-name'), position: textOf(values, 'signatory-position') },
      }),
    apiPath: (context) => `/contracts/${context.contractId}/signatures`,
    done: (context) => ({ message: 'The signature is recorded.', href: contractPage(context) }),
  },
  mobilisation: {
    title: () => 'Start mobilisation',
    submit: 'Start mobilisation',
    permitted: (role) => mayGive('StartMobilisation', role),
    fields: () => [{ id: 'planSummary', label: 'Mobilisation plan', kind: 'textarea' }, reasonField],
    body: (values) => compact({ planSummary: textOf(values, 'planSummary'), reason: textOf(values, 'reason') }),
    apiPath: (context) => `/contracts/${context.contractId}/mobilisation`,
    done: (context) => ({ message: 'Mobilisation has started.', href: contractPage(context) }),
  },
  activation: {
    title: () => 'Make the contract active',
    submit: 'Make it active',
    permitted: (role) => mayGive('ActivateContract', role),
    // The note is the event's reason, as for an award.
    fields: () => [{ id: 'note', label: 'Note (optional)', kind: 'textarea', hint: 'For example, the mobilisation checklist signed off' }],
    body: (values) => compact({ note: textOf(values, 'note') }),
    apiPath: (context) => `/contracts/${context.contractId}/activation`,
    done: (context) => ({ message: 'The contract is active.', href: contractPage(context) }),
  },
  'log-concern': {
    title: () => 'Log a concern or complaint',
    submit: 'Log the concern',
    permitted: (role) => mayGive('LogConcern', role),
    fields: () => [
      { id: 'receivedOn', label: 'Day it was received', kind: 'date', hint: dayHint },
      { id: 'source', label: 'Who raised it', kind: 'select', options: options(ConcernSource.options) },
      { id: 'category', label: 'Category', kind: 'text', hint: 'One of the categories your policy agrees, for example communication' },
      { id: 'severity', label: 'Severity', kind: 'radios', options: options(ComplaintSeverity.options) },
      { id: 'summary', label: 'What happened', kind: 'textarea' },
      { id: 'handling', label: 'How it will be handled', kind: 'radios', options: options(ConcernHandling.options) },
      { id: 'referredTo', label: 'Referred to (if referred)', kind: 'text' },
      reasonField,
    ],
    defaults: (context) => ({ receivedOn: context.today }),
    body: (values) =>
      compact({
        receivedOn: textOf(values, 'receivedOn'),
        source: textOf(values, 'source'),
        category: textOf(values, 'category'),
        severity: textOf(values, 'severity'),
        summary: textOf(values, 'summary'),
        handling: textOf(values, 'handling'),
        referredTo: textOf(values, 'referredTo'),
        reason: textOf(values, 'reason'),
      }),
    apiPath: (context) => `/contracts/${context.contractId}/concerns`,
    done: (context) => ({ message: 'The concern is logged.', href: `${contractPage(context)}#concerns` }),
  },
  'review-minutes': {
    title: () => 'Record the minutes of a review',
    submit: 'Record the minutes',
    permitted: (role) => mayGive('HoldReview', role),
    fields: () => [
      ...attendeeRows.flatMap((row): Field[] => [
        { id: `attendees-${row}-name`, label: 'Name', kind: 'text', group: `Attendee ${row + 1}${row === 0 ? '' : ' (optional)'}` },
        { id: `attendees-${row}-role`, label: 'Role', kind: 'select', options: [{ value: '', text: 'Choose a role' }, ...options(attendeeRoles)], group: `Attendee ${row + 1}${row === 0 ? '' : ' (optional)'}` },
      ]),
      { id: 'minutes', label: 'Minutes', kind: 'textarea' },
      { id: 'actions', label: 'Actions agreed (optional)', kind: 'textarea', hint: 'One action a line' },
      reasonField,
    ],
    body: (values) =>
      compact({
        attendees: attendeeRows
          .map((row) => compact({ name: textOf(values, `attendees-${row}-name`), role: textOf(values, `attendees-${row}-role`) }))
          .filter((attendee) => Object.keys(attendee).length > 0),
        minutes: textOf(values, 'minutes'),
        actions: linesOf(values, 'actions'),
        reason: textOf(values, 'reason'),
      }),
    apiPath: (context) => `/contracts/${context.contractId}/reviews/${encodeURIComponent(context.params['reviewId'] ?? '')}/minutes`,
    done: (context) => ({ message: 'The review’s minutes are recorded.', href: `${contractPage(context)}#reviews` }),
  },
  'corrective-plan': {
    title: () => 'Open a corrective action plan',
    submit: 'Open the plan',
    permitted: (role) => mayGive('OpenCorrectivePlan', role),
    fields: () => [
      { id: 'approach', label: 'Approach', kind: 'radios', options: options(PlanApproach.options), hint: 'Punitive remedies only where the contract gives the power' },
      { id: 'problem', label: 'The problem', kind: 'textarea' },
      { id: 'causeAnalysis', label: 'What caused it (optional)', kind: 'textarea' },
      { id: 'remedies', label: 'Remedies (punitive plans)', kind: 'checkboxes', options: options(Remedy.options) },
      { id: 'additionalMonitoring', label: 'Additional monitoring (optional)', kind: 'textarea' },
      { id: 'support', label: 'Support offered (optional)', kind: 'textarea' },
      reasonField,
    ],
    body: (values) =>
      compact({
        // A plan the contract manager opens on their own judgement; the workflow opens those its triggers require.
        trigger: { kind: 'contract-manager' },
        approach: textOf(values, 'approach'),
        problem: textOf(values, 'problem'),
        causeAnalysis: textOf(values, 'causeAnalysis'),
        remedies: listOf(values, 'remedies'),
        additionalMonitoring: textOf(values, 'additionalMonitoring'),
        support: textOf(values, 'support'),
        reason: textOf(values, 'reason'),
      }),
    apiPath: (context) => `/contracts/${context.contractId}/corrective-plans`,
    done: (context) => ({ message: 'The corrective action plan is open.', href: `${contractPage(context)}#plans` }),
  },
  'termination-request': {
    title: () => 'Ask for the contract to be terminated',
    submit: 'Ask for termination',
    permitted: (role) => mayGive('RequestTermination', role),
    fields: (context) => [
      groundField(context),
      // The request's own reason is the event's reason.
      { id: 'reason', label: 'Why the contract should end', kind: 'textarea' },
    ],
    body: (values) => compact({ ground: textOf(values, 'ground'), reason: textOf(values, 'reason') }),
    apiPath: (context) => `/contracts/${context.contractId}/termination-request`,
    done: (context) => ({ message: 'Termination is requested.', href: contractPage(context) }),
  },
  'supply-impact-review': {
    title: () => 'Review what termination would do to supply',
    submit: 'Record the review',
    permitted: (role) => mayGive('RecordSupplyImpactReview', role),
    fields: () => [
      { id: 'alternativeCapacity', label: 'Is there capacity elsewhere for the people this contract serves?', kind: 'radios', options: [
        { value: 'true', text: 'Yes' },
        { value: 'false', text: 'No' },
      ] },
      { id: 'findings', label: 'Findings', kind: 'textarea', hint: 'Placements to move, providers with capacity, risks to people' },
      reasonField,
    ],
    body: (values) => {
      const capacity = textOf(values, 'alternativeCapacity');
      return compact({
        alternativeCapacity: capacity === undefined ? undefined : capacity === 'true',
        findings: textOf(values, 'findings'),
        reason: textOf(values, 'reason'),
      });
    },
    apiPath: (context) => `/contracts/${context.contractId}/supply-impact-review`,
    done: (context) => ({ message: 'The supply impact review is recorded.', href: contractPage(context) }),
  },
  'termination-notice': {
    title: () => 'Give written notice of termination',
    submit: 'Give notice',
    permitted: (role) => mayGive('GiveTerminationNotice', role),
    fields: (context) => {
      return [
        groundField(context),
        { id: 'reference', label: 'Reference of the written notice', kind: 'text' },
        { id: 'then', label: 'Then', kind: 'radios', options: options(['recommission', 'decommission']) },
        reasonField,
      ];
    },
    // The ground the termination was asked for, which the notice gives unless the contract manager chooses another.
    defaults: (context) => {
      const requested = context.view.state.management?.termination.requested;
      return requested ? { ground: requested.ground } : {};
    },
    body: (values) => compact({ ground: textOf(values, 'ground'), reference: textOf(values, 'reference'), then: textOf(values, 'then'), reason: textOf(values, 'reason') }),
    apiPath: (context) => `/contracts/${context.contractId}/termination-notice`,
    done: (context) => ({ message: 'Notice is given.', href: contractPage(context) }),
  },
  'submit-return': {
    title: () => 'Submit a return',
    submit: 'Submit the return',
    permitted: (role) => mayGive('SubmitReturn', role),
    needs: { monitoring: true },
    fields: (context) => {
      const periods = (context.monitoring?.returns ?? []).filter((period) => !period.submittedOn && period.status !== 'upcoming');
      return [
        { id: 'periodId', label: 'Period', kind: 'radios', options: periods.map((period) => ({ value: period.periodId, text: `${period.startDate} to ${period.endDate}, due ${period.dueDate}` })) },
        ...kpisOf(context).map((kpi, index): Field => ({
          id: `observations-${index}-value`,
          label: `${kpi.name}${kpi.unit ? ` (${kpi.unit})` : ''}`,
          kind: 'number',
          ...(kpi.target === undefined ? {} : { hint: `Target ${kpi.target}${kpi.unit ?? ''}` }),
        })),
        { id: 'evidence', label: 'Evidence (optional)', kind: 'textarea', hint: 'References to the documents, one a line' },
        { id: 'note', label: 'Note (optional)', kind: 'textarea' },
      ];
    },
    defaults: (context) => (context.query['periodId'] ? { periodId: context.query['periodId'] } : {}),
    body: (values, context) =>
      compact({
        periodId: textOf(values, 'periodId'),
        observations: kpisOf(context)
          .map((kpi, index) => ({ kpi: kpi.name, value: numberOf(values, `observations-${index}-value`) }))
          .filter((observation) => observation.value !== undefined),
        evidence: linesOf(values, 'evidence'),
        note: textOf(values, 'note'),
      }),
    apiPath: (context) => `/contracts/${context.contractId}/returns`,
    done: (context) => ({ message: 'Your return is submitted.', href: `${contractPage(context)}#returns` }),
  },
  'assessment-comment': {
    title: () => 'Comment on an assessment',
    submit: 'Send the comment',
    permitted: (role) => mayGive('CommentOnAssessment', role),
    fields: (context) => {
      const assessment = context.view.state.management?.assessments.find((candidate) => candidate.assessmentId === context.params['assessmentId']);
      return [
        {
          id: 'comment',
          label: 'Your comment on the accuracy of the assessment',
          kind: 'textarea',
          ...(assessment ? { hint: `${assessment.kpi}: ${assessment.value}, rated ${assessment.rating.replace(/-/g, ' ')}; comments close on ${assessment.commentClosesOn}` } : {}),
        },
      ];
    },
    body: (values) => compact({ comment: textOf(values, 'comment') }),
    apiPath: (context) => `/contracts/${context.contractId}/assessments/${encodeURIComponent(context.params['assessmentId'] ?? '')}/comments`,
    done: (context) => ({ message: 'Your comment is recorded.', href: `${contractPage(context)}#kpis` }),
  },
  'plan-progress': {
    title: (context) => {
      const action = context.plan?.state.actions?.[context.params['actionId'] ?? ''];
      return action ? `Record progress: ${action.description}` : 'Record progress on an action';
    },
    submit: 'Record progress',
    permitted: (role) => mayGivePlanCommand('RecordActionProgress', role),
    needs: { plan: true },
    fields: () => [
      { id: 'status', label: 'Status', kind: 'radios', options: options(['in-progress', 'completed', 'not-completed']) },
      { id: 'percentComplete', label: 'Per cent complete (optional)', kind: 'number' },
      { id: 'note', label: 'Note', kind: 'textarea' },
      reasonField,
    ],
    body: (values) => compact({ status: textOf(values, 'status'), percentComplete: numberOf(values, 'percentComplete'), note: textOf(values, 'note'), reason: textOf(values, 'reason') }),
    apiPath: (context) => `/plans/${encodeURIComponent(context.params['planId'] ?? '')}/actions/${encodeURIComponent(context.params['actionId'] ?? '')}/progress`,
    done: (context) => ({ message: 'Progress is recorded.', href: `/plans/${encodeURIComponent(context.params['planId'] ?? '')}` }),
  },
} satisfies Record<string, CommandForm>;
export type CommandFormName = keyof typeof commandForms;

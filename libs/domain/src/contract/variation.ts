import { isBefore, subtractCalendarDays } from '../monitoring/calendar';
import { checkVariation } from '../monitoring/variation';
import type { MonitoringPolicy } from '../policy/monitoring-policy.schema';
import { addCalendarDays } from '../policy/working-days';
import { conflict, invalid } from '../shared/errors';
import { refield, requireNoNotice, requireRunning, type ActiveContract } from './active-contract';
import type { ContractCommand } from './contract.commands';
import type { ContractEvent } from './contract.events';
import type { OpenContract } from './contract.state';

type DataOf<T extends ContractCommand['type']> = Extract<ContractCommand, { type: T }>['data'];

/** `proposed.justification` is the command's `data.justification`; the original is the contract's, not the caller's. */
const variationField = (field: string | undefined): string | undefined =>
  field?.startsWith('proposed.') ? `data.${field.slice('proposed.'.length)}` : undefined;

/**
 * A variation of scope, price or term, with who approved it. The cumulative change is measured against the
 * contract as awarded (its issued value with every extension option, the most that was authorised, and its issued
 * term) under the policy's limits (Procurement Act 2023 s.74 defaults); past a limit it needs a recorded
 * justification. Refusals (invalid): `variation.beyond-limit-needs-justification` (field `data.justification`);
 * `variation.value-below-zero` (field `data.valueChangePence`); `variation.end-in-past` (field
 * `data.termChangeDays`) for a term that would end before today; and `contract.termination-notice-given` (conflict).
 */
export const varyContract = (contract: OpenContract, data: DataOf<'VaryContract'>, today: string, policy: MonitoringPolicy): ContractEvent => {
  const active = requireRunning(contract);
  requireNoNotice(active);
  const { management, issued, route } = active;
  const variationId = `variation-${management.variations.length + 1}`;
  const { kind, description, valueChangePence, termChangeDays, justification, approver, ground } = data;
  const proposed = { variationId, kind, description, valueChangePence, termChangeDays, ...(justification ? { justification } : {}) };
  const options = issued.extensionOptions.reduce((sum, option) => sum + option.valuePence, 0);
  const check = refield(
    () =>
      checkVariation(
        {
          original: { contractType: route.contractType, valuePence: issued.valuePence + options, startDate: issued.startDate, endDate: issued.endDate },
          previous: management.variations,
          proposed,
        },
        policy,
      ),
    variationField,
  );
  const newValuePence = management.valuePence + valueChangePence;
  if (newValuePence < 0) throw invalid('variation.value-below-zero', 'The variation would take the contract value below nothing', 'data.valueChangePence');
  const newEndDate = termChangeDays >= 0 ? addCalendarDays(management.endDate, termChangeDays) : subtractCalendarDays(management.endDate, -termChangeDays);
  if (isBefore(newEndDate, today)) throw invalid('variation.end-in-past', `The contract would end on ${newEndDate}, before today`, 'data.termChangeDays');
  return {
    type: 'ContractVaried',
    data: {
      ...proposed,
      approver,
      ...(ground === undefined ? {} : { ground }),
      cumulative: {
        valuePercent: check.value.percent,
        valueLimitPercent: check.value.limitPercent,
        termPercent: check.term.percent,
        termLimitPercent: check.term.limitPercent,
        justificationRequired: check.justificationRequired,
      },
      newValuePence,
      newEndDate,
      variedOn: today,
    },
  };
};

/**
 * Takes up one of the extension options the contract was issued with: not a variation, since it was provided for
 * on award. Refusals: `extension.unknown-option` (invalid, field `data.option`); `extension.already-exercised`
 * (conflict, field `data.option`); `extension.end-not-later` (invalid, field `data.newEndDate`);
 * `contract.termination-notice-given` (conflict).
 */
export const exerciseExtension = (
  active: ActiveContract,
  { option, newEndDate }: { option: number; newEndDate: string },
  today: string,
  field = 'data',
): ContractEvent => {
  requireNoNotice(active);
  const { issued, management } = active;
  const chosen = issued.extensionOptions[option];
  if (!chosen) throw invalid('extension.unknown-option', `The contract has ${issued.extensionOptions.length} extension options`, `${field}.option`);
  if (management.extensionsExercised.includes(option)) throw conflict('extension.already-exercised', `Option ${option} has already been exercised`, `${field}.option`);
  if (!isBefore(management.endDate, newEndDate)) {
    throw invalid('extension.end-not-later', `The contract already runs to ${management.endDate}`, `${field}.newEndDate`);
  }
  return {
    type: 'ExtensionExercised',
    data: {
      option,
      ...(chosen.description === undefined ? {} : { description: chosen.description }),
      valuePence: chosen.valuePence,
      previousEndDate: management.endDate,
      newEndDate,
      exercisedOn: today,
    },
  };
};

export const exerciseExtensionCommand = (contract: OpenContract, data: DataOf<'ExerciseExtension'>, today: string): ContractEvent => {
  const event = exerciseExtension(requireRunning(contract), data, today);
  return data.note === undefined ? event : { ...event, reason: data.note };
};

/**
 * Suspends the service (no new placements while suspended); monitoring carries on. Refusal:
 * `contract.already-suspended` (conflict). The note, required, is the event's reason.
 */
export const suspendContract = (contract: OpenContract, { note }: DataOf<'SuspendContract'>, today: string): ContractEvent => {
  const { management } = requireRunning(contract);
  if (management.suspendedOn) throw conflict('contract.already-suspended', `The contract has been suspended since ${management.suspendedOn}`);
  return { type: 'ContractSuspended', data: { suspendedOn: today }, reason: note };
};

/** Refusal: `contract.not-suspended` (conflict). */
export const resumeContract = (contract: OpenContract, { note }: DataOf<'ResumeContract'>, today: string): ContractEvent => {
  const { management } = requireRunning(contract);
  if (!management.suspendedOn) throw conflict('contract.not-suspended', 'The contract is not suspended');
  return { type: 'ContractResumed', data: { suspendedOn: management.suspendedOn, resumedOn: today }, ...(note === undefined ? {} : { reason: note }) };
};

import { z } from 'zod';
import { parseOrRefuse } from '../policy/parse';
import type { MonitoringPolicy } from '../policy/monitoring-policy.schema';
import { formatPence, Money, ProcurementContractType } from '../policy/procurement-policy.schema';
import { addCalendarDays, calendarDaysBetween, IsoDate } from '../policy/working-days';
import { invalid } from '../shared/errors';
import { isBefore } from './calendar';

/** The contract as awarded: what every variation is measured against, however many there have been. */
export const ContractAsAwarded = z.object({
  contractType: ProcurementContractType,
  /** In pence including VAT. */
  valuePence: Money.min(1),
  startDate: IsoDate,
  /** The last day of the maximum term provided for on award (the Act measures term changes against it). */
  endDate: IsoDate,
});
export type ContractAsAwarded = z.infer<typeof ContractAsAwarded>;

const SignedPence = z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER);

/** A variation of scope, price or term: how it changes the value and the term, and why. */
export const ContractVariation = z.object({
  variationId: z.string().trim().min(1).max(200),
  kind: z.enum(['scope', 'price', 'term']),
  description: z.string().trim().min(1).max(4000),
  /** Positive increases the value; negative decreases it. */
  valueChangePence: SignedPence.default(0),
  /** Positive extends the term; negative shortens it. */
  termChangeDays: z.number().int().min(-36_500).max(36_500).default(0),
  /** Required, at the policy's minimum length, once the cumulative change passes a limit. */
  justification: z.string().trim().max(4000).optional(),
});
export type ContractVariation = z.infer<typeof ContractVariation>;
export type ContractVariationInput = z.input<typeof ContractVariation>;

export const VariationCheckInput = z.object({
  original: ContractAsAwarded,
  /** The variations already made, in order. */
  previous: z.array(ContractVariation).max(1000).default([]),
  proposed: ContractVariation,
});
export type VariationCheckInput = z.input<typeof VariationCheckInput>;

export interface CumulativeChange {
  /** Net or gross per the policy's `aggregation`: what is compared with the limit. */
  changePence: number;
  /** `changePence` as a percentage of the original value, to two places, for people to read. */
  percent: number;
  limitPercent: number;
  beyondLimit: boolean;
}

export interface VariationCheck {
  value: CumulativeChange & { newValuePence: number };
  term: Omit<CumulativeChange, 'changePence'> & { changeDays: number; originalDays: number; newEndDate: IsoDate };
  /** True when the proposed variation takes a cumulative change past a limit: it needs a recorded justification. */
  justificationRequired: boolean;
}

const percentOf = (part: number, whole: number): number => Math.round((part * 10_000) / whole) / 100;

/**
 * Checks a proposed variation against the contract as awarded, with every earlier variation: the cumulative change
 * of value against the limit for the contract type, and of term against the term limit (Procurement Act 2023 s.74
 * defaults in the policy). A change exactly at a limit is within it. Refusals (invalid):
 * - `variation.beyond-limit-needs-justification` (field `proposed.justification`): past a limit without a
 *   justification of at least the policy's minimum length;
 * - `variation.value-below-zero` (field `proposed.valueChangePence`): the contract value would fall below nothing;
 * - `variation.term-ends-before-start` (field `proposed.termChangeDays`): the contract would end before it starts;
 * - `variation.invalid` for malformed input, `variation.invalid-term` when the original ends before it starts.
 */
export const checkVariation = (input: VariationCheckInput, policy: MonitoringPolicy): VariationCheck => {
  const { original, previous, proposed } = parseOrRefuse(VariationCheckInput, input, 'variation.invalid');
  if (isBefore(original.endDate, original.startDate)) {
    const message = `The contract cannot end (${original.endDate}) before it starts (${original.startDate})`;
    throw invalid('variation.invalid-term', message, 'original.endDate');
  }
  const rules = policy.variation;
  const all = [...previous, proposed];
  const gross = rules.aggregation === 'gross';
  const sum = (values: number[]): number => values.reduce((total, value) => total + (gross ? Math.abs(value) : value), 0);
  const net = (values: number[]): number => values.reduce((total, value) => total + value, 0);

  const newValuePence = original.valuePence + net(all.map((variation) => variation.valueChangePence));
  if (newValuePence < 0) {
    throw invalid(
      'variation.value-below-zero',
      `The variation would take the contract's value to ${formatPence(newValuePence)}`,
      'proposed.valueChangePence',
    );
  }
  const originalDays = calendarDaysBetween(original.startDate, original.endDate) + 1;
  const netTermDays = net(all.map((variation) => variation.termChangeDays));
  if (originalDays + netTermDays < 1) {
    throw invalid('variation.term-ends-before-start', 'The variation would end the contract before it starts', 'proposed.termChangeDays');
  }
  const newEndDate = addCalendarDays(original.startDate, originalDays + netTermDays - 1);

  const valueChange = Math.abs(sum(all.map((variation) => variation.valueChangePence)));
  const valueLimit = rules.valueLimitPercent[original.contractType];
  const termChange = Math.abs(sum(all.map((variation) => variation.termChangeDays)));
  const termLimit = rules.termLimitPercent;
  const value = {
    changePence: valueChange,
    percent: percentOf(valueChange, original.valuePence),
    limitPercent: valueLimit,
    beyondLimit: valueChange * 100 > valueLimit * original.valuePence,
    newValuePence,
  };
  const term = {
    changeDays: termChange,
    originalDays,
    percent: percentOf(termChange, originalDays),
    limitPercent: termLimit,
    beyondLimit: termChange * 100 > termLimit * originalDays,
    newEndDate,
  };
  const justificationRequired = value.beyondLimit || term.beyondLimit;
  if (justificationRequired && (proposed.justification ?? '').length < rules.minimumJustificationLength) {
    const what = [
      value.beyondLimit ? `value by ${value.percent}% (limit ${valueLimit}% for ${original.contractType})` : undefined,
      term.beyondLimit ? `term by ${term.percent}% (limit ${termLimit}%)` : undefined,
    ].filter((part) => part !== undefined);
    throw invalid(
      'variation.beyond-limit-needs-justification',
      `Together with earlier variations this changes the ${what.join(' and the ')}: ` +
        `record a justification of at least ${rules.minimumJustificationLength} characters`,
      'proposed.justification',
    );
  }
  return { value, term, justificationRequired };
};

import { z } from 'zod';
import { parseOrRefuse } from '../policy/parse';
import type { MonitoringPolicy } from '../policy/monitoring-policy.schema';
import { addCalendarDays, IsoDate } from '../policy/working-days';
import { conflict, invalid } from '../shared/errors';
import { addMonths, isBefore, laterOf } from './calendar';
import { ContractTerm } from './schedule';

// ---- Early termination -------------------------------------------------------------------------------------------

/** A notice period as contracts state it: "30 days' written notice", "three months' notice". Zero is immediate. */
export const NoticePeriod = z.object({
  length: z.number().int().min(0).max(1000),
  unit: z.enum(['days', 'months']),
});
export type NoticePeriod = z.infer<typeof NoticePeriod>;

/**
 * The contract's own termination clause: the grounds it allows and the notice each needs (material breach may be
 * immediate, convenience three months). The Procurement Act 2023 (s.78) implies further grounds into public
 * contracts; a deployment lists those it relies on here too.
 */
export const TerminationTerms = z
  .object({
    grounds: z
      .array(
        z.object({
          ground: z.string().trim().min(1).max(100),
          description: z.string().trim().max(2000).optional(),
          notice: NoticePeriod,
        }),
      )
      .max(30),
  })
  .superRefine((terms, ctx) => {
    const seen = new Set<string>();
    terms.grounds.forEach((entry, index) => {
      if (seen.has(entry.ground)) {
        ctx.addIssue({
          code: 'custom',
          message: `termination.ground-repeated: ${entry.ground} is listed twice`,
          path: ['grounds', index, 'ground'],
          params: { code: 'termination.ground-repeated' },
        });
      }
      seen.add(entry.ground);
    });
  });
export type TerminationTerms = z.infer<typeof TerminationTerms>;

/** The day notice given on `noticeGivenOn` takes effect: one month's notice given on 1 March takes effect on 1 April. */
export const noticeEffectiveDate = (noticeGivenOn: string, notice: NoticePeriod): IsoDate =>
  notice.unit === 'days' ? addCalendarDays(noticeGivenOn, notice.length) : addMonths(noticeGivenOn, notice.length);

export const TerminationCheckInput = z.object({
  ground: z.string().trim().min(1).max(100),
  /** The day written notice is given to the provider. */
  noticeGivenOn: IsoDate,
  terms: TerminationTerms,
  contract: ContractTerm,
});
export type TerminationCheckInput = z.input<typeof TerminationCheckInput>;

export interface TerminationCheck {
  ground: string;
  notice: NoticePeriod;
  noticeGivenOn: IsoDate;
  /** The day the termination takes effect: the workflow's effective-date timer. */
  effectiveDate: IsoDate;
}

/**
 * Checks that the contract allows an early termination on a ground (the CCM's check of "contractual capacity to
 * terminate", seed 002) and works out when the notice takes effect. Refusals:
 * - `termination.ground-not-in-contract` (invalid, field `ground`): the contract does not allow that ground;
 * - `termination.notice-before-start` (conflict, field `noticeGivenOn`): notice before the contract starts;
 * - `termination.after-expiry` (conflict, field `noticeGivenOn`): the notice would take effect after the contract's
 *   last day, so it expires first and the expiry decision applies instead;
 * - `termination.invalid` for malformed input, `termination.ground-repeated` for terms listing a ground twice.
 */
export const checkTermination = (input: TerminationCheckInput): TerminationCheck => {
  const { ground, noticeGivenOn, terms, contract } = parseOrRefuse(TerminationCheckInput, input, 'termination.invalid');
  const clause = terms.grounds.find((entry) => entry.ground === ground);
  if (!clause) {
    const allowed = terms.grounds.map((entry) => entry.ground);
    throw invalid(
      'termination.ground-not-in-contract',
      allowed.length === 0
        ? 'The contract allows no early termination'
        : `The contract does not allow termination for ${ground}; it allows ${allowed.join(', ')}`,
      'ground',
    );
  }
  if (isBefore(noticeGivenOn, contract.startDate)) {
    throw conflict('termination.notice-before-start', `The contract starts on ${contract.startDate}`, 'noticeGivenOn');
  }
  const effectiveDate = noticeEffectiveDate(noticeGivenOn, clause.notice);
  if (isBefore(contract.endDate, effectiveDate)) {
    throw conflict(
      'termination.after-expiry',
      `Notice given on ${noticeGivenOn} takes effect on ${effectiveDate}, after the contract ends on ${contract.endDate}`,
      'noticeGivenOn',
    );
  }
  return { ground, notice: clause.notice, noticeGivenOn, effectiveDate };
};

// ---- Natural expiry ----------------------------------------------------------------------------------------------

/** What the reminder before expiry asks the commissioner to decide (DOMAIN.md stage 7). */
export const ExpiryDecision = z.enum(['recommission', 'extend', 'decommission']);
export type ExpiryDecision = z.infer<typeof ExpiryDecision>;

/**
 * The day the commissioner is reminded that the contract is ending: `reminderMonthsBefore` months before its last
 * day, or its first day for a contract shorter than that. Refusal: `monitoring.invalid-term` (invalid).
 */
export const expiryReminderDate = (term: ContractTerm, policy: MonitoringPolicy): IsoDate => {
  const { startDate, endDate } = parseOrRefuse(ContractTerm, term, 'monitoring.invalid-term');
  if (isBefore(endDate, startDate)) {
    throw invalid('monitoring.invalid-term', `The contract cannot end (${endDate}) before it starts (${startDate})`, 'endDate');
  }
  return laterOf(addMonths(endDate, -policy.expiry.reminderMonthsBefore), startDate);
};

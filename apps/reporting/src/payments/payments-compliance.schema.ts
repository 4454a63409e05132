import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { IsoDay, query } from '../http/query';

/** The period reported on: invoices received from `from` to `to`, both included (the authority's six months). */
export const ComplianceQuery = query({
  from: IsoDay.describe('The first day of the reporting period'),
  to: IsoDay.describe('The last day of the reporting period'),
}).refine(({ from, to }) => from <= to, { message: 'payments.period-reversed: the period must not end before it starts', path: ['to'] });
export type ComplianceQuery = z.infer<typeof ComplianceQuery>;
export class ComplianceQueryDto extends createZodDto(ComplianceQuery) {}

/**
 * The payments compliance figures of the reader's organisation for the period, as a payments compliance notice
 * (UK8) states them: what was received, paid within its terms (30 days) or late, and what is unpaid past its due date.
 */
export const PaymentsCompliance = z.object({
  noticeType: z.literal('UK8'),
  organisation: z.string(),
  from: IsoDay,
  to: IsoDay,
  invoicesReceived: z.number().int().min(0),
  invoicesPaid: z.number().int().min(0),
  paidWithinTerms: z.number().int().min(0),
  /** Of the invoices paid, the share paid within their terms, in percent to two places (100 with none paid). */
  paidWithinTermsPercent: z.number().min(0).max(100),
  averageDaysToPay: z.number().min(0).optional(),
  paidLatePence: z.number().int().min(0),
  unpaidOverdue: z.number().int().min(0),
});
export type PaymentsCompliance = z.infer<typeof PaymentsCompliance>;
export class PaymentsComplianceDto extends createZodDto(PaymentsCompliance) {}

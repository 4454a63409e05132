import { IsoDate, PayInvoice, RecordInvoice, StoredEvent } from '@cls/domain';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { ContractParams } from '../contracts/contracts.schema';

/** An invoice number the API can name in a path: letters, digits and `._-`. */
export const InvoiceNumber = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'an invoice number of letters, digits and ._- (at most 100)');
const Reason = z.string().trim().min(1).max(4000).optional();

export class InvoiceParamsDto extends createZodDto(ContractParams.extend({ invoiceId: InvoiceNumber })) {}
export class RecordInvoiceDto extends createZodDto(RecordInvoice.shape.data.extend({ invoiceId: InvoiceNumber, reason: Reason }).strict()) {}
export class PayInvoiceDto extends createZodDto(PayInvoice.shape.data.omit({ invoiceId: true }).extend({ reason: Reason }).strict()) {}

/** The period of the figures: invoices received from `from` to `to`, both included. */
export const PaymentsQuery = z
  .object({
    from: IsoDate.describe('The first day of the period (the half-year an authority reports on); the contract’s first invoice when left out'),
    to: IsoDate.describe('The last day of the period; today when left out'),
  })
  .partial()
  .strict();
export class PaymentsQueryDto extends createZodDto(PaymentsQuery) {}

const Refs = z.array(StoredEvent.pick({ eventId: true, type: true, streamVersion: true, globalPosition: true }));
export class InvoiceRecordedDto extends createZodDto(z.object({ contractId: z.uuid(), invoiceId: InvoiceNumber, version: z.number().int().min(1), events: Refs })) {}

export const PaymentsResponse = z.object({
  contractId: z.uuid(),
  performance: z.object({
    from: IsoDate,
    to: IsoDate,
    invoicesReceived: z.number().int(),
    invoicesPaid: z.number().int(),
    paidWithinTerms: z.number().int(),
    paidWithinTermsPercent: z.number(),
    averageDaysToPay: z.number().optional(),
    unpaidOverdue: z.number().int(),
  }),
  invoices: z.array(
    z.object({ invoiceId: z.string(), amountPence: z.number().int(), receivedOn: IsoDate, dueOn: IsoDate, paidOn: IsoDate.optional(), overdueOn: IsoDate.optional() }),
  ),
});
export class PaymentsDto extends createZodDto(PaymentsResponse) {}

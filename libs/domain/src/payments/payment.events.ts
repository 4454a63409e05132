import { z } from 'zod';
import { Money, PositiveMoney } from '../policy/procurement-policy.schema';
import { IsoDate } from '../policy/working-days';

const InvoiceId = z.string().trim().min(1).max(100);

/**
 * Invoices received and paid against a contract (Procurement Act 2023 s68: a valid invoice is paid within 30 days
 * of its receipt). Finance records both; the workflow records an invoice unpaid at the end of its 30th day.
 */
export const PaymentEventSchemas = {
  InvoiceReceived: {
    schemaVersion: 1,
    data: z.object({ invoiceId: InvoiceId, amountPence: PositiveMoney, receivedOn: IsoDate, dueOn: IsoDate }),
  },
  InvoicePaid: {
    schemaVersion: 1,
    data: z.object({
      invoiceId: InvoiceId,
      amountPence: Money,
      receivedOn: IsoDate,
      dueOn: IsoDate,
      paidOn: IsoDate,
      /** Calendar days from receipt to payment. */
      daysToPay: z.number().int().min(0),
      late: z.boolean(),
    }),
  },
  InvoicePaymentOverdue: { schemaVersion: 1, data: z.object({ invoiceId: InvoiceId, dueOn: IsoDate, overdueOn: IsoDate }) },
} as const;

export type PaymentEvent = {
  [T in keyof typeof PaymentEventSchemas]: { type: T; data: z.infer<(typeof PaymentEventSchemas)[T]['data']>; reason?: string };
}[keyof typeof PaymentEventSchemas];

export const RecordInvoice = z.object({
  type: z.literal('RecordInvoice'),
  data: z.object({
    /** The supplier's invoice number: unique within the contract. */
    invoiceId: InvoiceId,
    amountPence: PositiveMoney,
    /** The day the valid invoice was received; today when left out. */
    receivedOn: IsoDate.optional(),
  }),
});

export const PayInvoice = z.object({
  type: z.literal('PayInvoice'),
  data: z.object({ invoiceId: InvoiceId, paidOn: IsoDate.optional() }),
});

/** Given by the workflow only (role `system`) when an invoice is still unpaid at the end of its due date. */
export const RecordPaymentOverdue = z.object({ type: z.literal('RecordPaymentOverdue'), data: z.object({ invoiceId: InvoiceId }) });

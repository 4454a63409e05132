import { afterLondonDay } from '../policy/london-time';
import type { ProcurementPolicy } from '../policy/procurement-policy.schema';
import { addCalendarDays, calendarDaysBetween } from '../policy/working-days';
import { conflict, invalid } from '../shared/errors';
import type { PaymentEvent } from './payment.events';

/** An invoice as the contract knows it. */
export interface InvoiceRecord {
  invoiceId: string;
  amountPence: number;
  receivedOn: string;
  dueOn: string;
  paidOn?: string;
  overdueOn?: string;
}

export type Invoices = Readonly<Record<string, InvoiceRecord>>;

const isAfter = (day: string, than: string): boolean => calendarDaysBetween(than, day) > 0;

/**
 * A valid invoice received: due within the policy's days (30, s68) of its receipt. Refusals: `payment.not-in-force`
 * (conflict) before both parties have signed; `payment.invoice-already-recorded` (conflict, field `data.invoiceId`);
 * `payment.received-in-future` (invalid, field `data.receivedOn`).
 */
export const recordInvoice = (
  invoices: Invoices | undefined,
  inForce: boolean,
  data: { invoiceId: string; amountPence: number; receivedOn?: string | undefined },
  today: string,
  policy: ProcurementPolicy,
): PaymentEvent => {
  if (!inForce) throw conflict('payment.not-in-force', 'Invoices are paid against a contract both parties have signed');
  if (invoices?.[data.invoiceId]) throw conflict('payment.invoice-already-recorded', `Invoice ${data.invoiceId} has been recorded`, 'data.invoiceId');
  const receivedOn = data.receivedOn ?? today;
  if (isAfter(receivedOn, today)) throw invalid('payment.received-in-future', `An invoice cannot be received after today (${today})`, 'data.receivedOn');
  return {
    type: 'InvoiceReceived',
    data: { invoiceId: data.invoiceId, amountPence: data.amountPence, receivedOn, dueOn: addCalendarDays(receivedOn, policy.payments.termDays) },
  };
};

/**
 * An invoice paid: late when paid after its due date. Refusals: `payment.unknown-invoice` (invalid, field
 * `data.invoiceId`); `payment.already-paid` (conflict); `payment.paid-before-received`, `payment.paid-in-future`
 * (invalid, field `data.paidOn`).
 */
export const payInvoice = (invoices: Invoices | undefined, data: { invoiceId: string; paidOn?: string | undefined }, today: string): PaymentEvent => {
  const invoice = invoices?.[data.invoiceId];
  if (!invoice) throw invalid('payment.unknown-invoice', `No invoice ${data.invoiceId} has been recorded`, 'data.invoiceId');
  if (invoice.paidOn) throw conflict('payment.already-paid', `Invoice ${data.invoiceId} was paid on ${invoice.paidOn}`);
  const paidOn = data.paidOn ?? today;
  if (isAfter(paidOn, today)) throw invalid('payment.paid-in-future', `A payment cannot be made after today (${today})`, 'data.paidOn');
  if (isAfter(invoice.receivedOn, paidOn)) throw invalid('payment.paid-before-received', `Invoice ${data.invoiceId} was received on ${invoice.receivedOn}`, 'data.paidOn');
  const { invoiceId, amountPence, receivedOn, dueOn } = invoice;
  return { type: 'InvoicePaid', data: { invoiceId, amountPence, receivedOn, dueOn, paidOn, daysToPay: calendarDaysBetween(receivedOn, paidOn), late: isAfter(paidOn, dueOn) } };
};

/** The workflow's timer: an invoice unpaid at the end of its due date. Refusal (conflict): `deadline.not-due`. */
export const recordPaymentOverdue = (invoices: Invoices | undefined, invoiceId: string, today: string): PaymentEvent => {
  const invoice = invoices?.[invoiceId];
  if (!invoice || invoice.paidOn || invoice.overdueOn || !isAfter(today, invoice.dueOn)) {
    throw conflict('deadline.not-due', `Invoice ${invoiceId} is not unpaid past its due date`);
  }
  return { type: 'InvoicePaymentOverdue', data: { invoiceId, dueOn: invoice.dueOn, overdueOn: today } };
};

export const evolveInvoices = (invoices: Invoices | undefined, event: PaymentEvent): Invoices => {
  const current = invoices ?? {};
  switch (event.type) {
    case 'InvoiceReceived':
      return { ...current, [event.data.invoiceId]: { ...event.data } };
    case 'InvoicePaid': {
      const invoice = current[event.data.invoiceId];
      if (!invoice) throw new Error(`InvoicePaid names the unknown invoice ${event.data.invoiceId}`);
      return { ...current, [event.data.invoiceId]: { ...invoice, paidOn: event.data.paidOn } };
    }
    case 'InvoicePaymentOverdue': {
      const invoice = current[event.data.invoiceId];
      if (!invoice) throw new Error(`InvoicePaymentOverdue names the unknown invoice ${event.data.invoiceId}`);
      return { ...current, [event.data.invoiceId]: { ...invoice, overdueOn: event.data.overdueOn } };
    }
    default: {
      const unhandled: never = event;
      throw new Error(`Unhandled payment event ${JSON.stringify(unhandled)}`);
    }
  }
};

/** When each unpaid invoice falls overdue: the end of its due date, London time. */
export const paymentDeadlines = (invoices: Invoices | undefined): { at: string; invoiceId: string }[] =>
  Object.values(invoices ?? {})
    .filter((invoice) => !invoice.paidOn && !invoice.overdueOn)
    .map((invoice) => ({ at: afterLondonDay(invoice.dueOn), invoiceId: invoice.invoiceId }));

/** The payment figures an authority publishes (s69, UK8), for the invoices received in `[from, to]`. */
export interface PaymentPerformance {
  from: string;
  to: string;
  invoicesReceived: number;
  invoicesPaid: number;
  paidWithinTerms: number;
  /** Of the invoices paid, the share paid within the payment terms, in percent to two places (100 with none paid). */
  paidWithinTermsPercent: number;
  averageDaysToPay?: number;
  /** Invoices unpaid past their due date as of `to`. */
  unpaidOverdue: number;
}

export const paymentPerformance = (invoices: Invoices | undefined, from: string, to: string): PaymentPerformance => {
  const received = Object.values(invoices ?? {}).filter((invoice) => !isAfter(from, invoice.receivedOn) && !isAfter(invoice.receivedOn, to));
  const paid = received.filter((invoice): invoice is InvoiceRecord & { paidOn: string } => invoice.paidOn !== undefined && !isAfter(invoice.paidOn, to));
  const within = paid.filter((invoice) => !isAfter(invoice.paidOn, invoice.dueOn));
  const days = paid.map((invoice) => calendarDaysBetween(invoice.receivedOn, invoice.paidOn));
  return {
    from,
    to,
    invoicesReceived: received.length,
    invoicesPaid: paid.length,
    paidWithinTerms: within.length,
    paidWithinTermsPercent: paid.length === 0 ? 100 : Math.round((within.length * 10_000) / paid.length) / 100,
    ...(days.length === 0 ? {} : { averageDaysToPay: Math.round((days.reduce((sum, value) => sum + value, 0) * 100) / days.length) / 100 }),
    unpaidOverdue: received.filter((invoice) => (invoice.paidOn === undefined || isAfter(invoice.paidOn, to)) && isAfter(to, invoice.dueOn)).length,
  };
};

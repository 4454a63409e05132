import type { ProcessProjection } from '../projections/process-projection';

/** An invoice received against the contract, and its payment. */
export interface InvoiceEntry {
  invoiceId: string;
  amountPence: number;
  receivedOn: string;
  dueOn: string;
  paidOn: string | null;
  overdueOn: string | null;
}

export interface InvoicesModel {
  /** The invoices the batch's events touch (the rows hold the rest). */
  invoices: InvoiceEntry[];
}

/** A row of reporting.invoices. */
export interface InvoiceRow {
  contract_id: string;
  invoice_id: string;
  organisation: string;
  provider_organisation: string | null;
  amount_pence: number;
  received_on: string;
  due_on: string;
  paid_on: string | null;
  overdue_on: string | null;
}

const withInvoice = (model: InvoicesModel, entry: InvoiceEntry): InvoicesModel => ({
  invoices: [...model.invoices.filter((invoice) => invoice.invoiceId !== entry.invoiceId), entry],
});

/**
 * The invoices received and paid against each contract, one row each, from which the authority's payments
 * compliance figures are counted (s69): received, paid within its terms or late, or unpaid past its due date.
 */
export const paymentsComplianceProjection: ProcessProjection<InvoicesModel, InvoiceRow> = {
  name: 'payments-compliance',
  table: 'invoices',
  initial: () => ({ invoices: [] }),
  evolve: (model, event) => {
    if (event.stream !== 'contract') return model;
    switch (event.type) {
      case 'InvoiceReceived':
        return withInvoice(model, { ...event.data, paidOn: null, overdueOn: null });
      case 'InvoicePaid': {
        const { invoiceId, amountPence, receivedOn, dueOn, paidOn } = event.data;
        const known = model.invoices.find((invoice) => invoice.invoiceId === invoiceId);
        return withInvoice(model, { invoiceId, amountPence, receivedOn, dueOn, paidOn, overdueOn: known?.overdueOn ?? null });
      }
      case 'InvoicePaymentOverdue': {
        const known = model.invoices.find((invoice) => invoice.invoiceId === event.data.invoiceId);
        if (!known) return { rejected: `InvoicePaymentOverdue names ${event.data.invoiceId}, which was never received` };
        return withInvoice(model, { ...known, overdueOn: event.data.overdueOn });
      }
      default:
        return model;
    }
  },
  rowsOf: ({ process, model }) =>
    model.invoices.map((invoice) => ({
      contract_id: process.contractId,
      invoice_id: invoice.invoiceId,
      organisation: process.organisation,
      provider_organisation: process.provider?.organisation ?? null,
      amount_pence: invoice.amountPence,
      received_on: invoice.receivedOn,
      due_on: invoice.dueOn,
      paid_on: invoice.paidOn,
      overdue_on: invoice.overdueOn,
    })),
};

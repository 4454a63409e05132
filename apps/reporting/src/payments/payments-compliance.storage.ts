import type { StoredEvent } from '@cls/domain';
import { writeChangedRows, type ModelStorage } from '../projections/process-projector';
import { paymentsComplianceProjection, type InvoicesModel } from './payments-compliance.projection';

const invoiceEvents = new Set(['InvoiceReceived', 'InvoicePaid', 'InvoicePaymentOverdue']);

/** The invoices a batch's events name. */
const invoicesOf = (events: readonly StoredEvent[]): string[] => [
  ...new Set(events.filter((event) => invoiceEvents.has(event.type)).map((event) => String(event.data['invoiceId']))),
];

/**
 * Each invoice is a row, and the document keeps none: a batch reads back the rows of the invoices its events name,
 * so a contract's cost does not grow with the invoices it has been paid.
 */
export const paymentsComplianceStorage: ModelStorage<InvoicesModel> = {
  tables: ['reporting.invoices'],
  compact: () => ({ invoices: [] }),
  load: async (client, document, events) => {
    const invoiceIds = invoicesOf(events);
    if (invoiceIds.length === 0) return { invoices: [] };
    const { rows } = await client.query<{ invoice_id: string; amount_pence: string; received_on: string; due_on: string; paid_on: string | null; overdue_on: string | null }>(
      `SELECT invoice_id, amount_pence, to_char(received_on, 'YYYY-MM-DD') AS received_on, to_char(due_on, 'YYYY-MM-DD') AS due_on,
         to_char(paid_on, 'YYYY-MM-DD') AS paid_on, to_char(overdue_on, 'YYYY-MM-DD') AS overdue_on
       FROM reporting.invoices WHERE contract_id = $1 AND invoice_id = ANY($2) ORDER BY invoice_id`,
      [document.process.contractId, invoiceIds],
    );
    return {
      invoices: rows.map((row) => ({
        invoiceId: row.invoice_id,
        amountPence: Number(row.amount_pence),
        receivedOn: row.received_on,
        dueOn: row.due_on,
        paidOn: row.paid_on,
        overdueOn: row.overdue_on,
      })),
    };
  },
  write: writeChangedRows(paymentsComplianceProjection, { key: 'invoice_id', conflict: 'contract_id, invoice_id', showsProvider: true }),
};

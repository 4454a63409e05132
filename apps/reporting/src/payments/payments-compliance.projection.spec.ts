import { contractFixtures } from '@cls/domain/testing';
import type { ContractEvent, StoredEvent } from '@cls/domain';
import { ContractEventSchemas } from '@cls/domain';
import { foldProcess } from '../projections/process-projection';
import { paymentsComplianceProjection } from './payments-compliance.projection';

const { contractId, organisation } = contractFixtures;

/** Events as the store would give them back, on the contract's stream. */
const stored = (events: readonly ContractEvent[]): StoredEvent[] =>
  events.map((event, index) => ({
    eventId: `00000000-0000-4000-8000-${String(index + 1).padStart(12, '0')}`,
    type: event.type,
    schemaVersion: ContractEventSchemas[event.type].schemaVersion,
    data: { ...event.data },
    metadata: {
      actor: contractFixtures.commissioner,
      correlationId: 'corr',
      causationId: 'cause',
      occurredAt: '2027-02-01T10:00:00.000Z',
      recordedAt: '2027-02-01T10:00:00.000Z',
    },
    streamId: `contract-${contractId}`,
    streamVersion: index + 1,
    globalPosition: String(index + 1),
  }));

describe('payments compliance: the invoices of a contract, one row each', () => {
  const finance = { id: 'fin-1', role: 'finance' as const, organisation };
  let events = contractFixtures.activeContract();
  const step = (date: string, command: Parameters<typeof contractFixtures.whenAt>[2], actor: Parameters<typeof contractFixtures.whenAt>[3] = finance) => {
    events = [...events, ...contractFixtures.whenAt(contractFixtures.at(date), events, command, actor)];
  };
  step('2027-02-01', { type: 'RecordInvoice', data: { invoiceId: 'INV-1', amountPence: 150_000 } });
  step('2027-02-10', { type: 'PayInvoice', data: { invoiceId: 'INV-1' } });
  step('2027-02-01', { type: 'RecordInvoice', data: { invoiceId: 'INV-2', amountPence: 90_000 } });
  step('2027-03-04', { type: 'RecordPaymentOverdue', data: { invoiceId: 'INV-2' } }, contractFixtures.system);

  it('given invoices received, one paid in time and one overdue, then a row each, with the contract’s organisation and provider', () => {
    const document = foldProcess(paymentsComplianceProjection, contractId, stored(events));
    if (!document) throw new Error('no document');
    expect(paymentsComplianceProjection.rowsOf(document)).toEqual([
      {
        contract_id: contractId,
        invoice_id: 'INV-1',
        organisation,
        provider_organisation: 'acme-care',
        amount_pence: 150_000,
        received_on: '2027-02-01',
        due_on: '2027-03-03',
        paid_on: '2027-02-10',
        overdue_on: null,
      },
      {
        contract_id: contractId,
        invoice_id: 'INV-2',
        organisation,
        provider_organisation: 'acme-care',
        amount_pence: 90_000,
        received_on: '2027-02-01',
        due_on: '2027-03-03',
        paid_on: null,
        overdue_on: '2027-03-04',
      },
    ]);
  });
});

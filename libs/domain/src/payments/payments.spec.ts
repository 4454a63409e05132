import { contractDeadlines } from '../contract/contract.deadlines';
import type { ContractEvent } from '../contract/contract.events';
import { activeContract, at, directAwardThrough, given, organisation, refusal, system, whenAt } from '../contract/__fixtures__/contract.fixtures';
import { defaultProcurementPolicy } from '../policy/procurement-policy.schema';
import type { Actor } from '../shared/envelope.schema';
import type { ContractCommand } from '../contract/contract.commands';
import { paymentPerformance } from './payments';

const finance: Actor = { id: 'fin-1', role: 'finance', organisation };
const invoice = (invoiceId: string, amountPence = 150_000, receivedOn?: string): ContractCommand => ({
  type: 'RecordInvoice',
  data: { invoiceId, amountPence, ...(receivedOn === undefined ? {} : { receivedOn }) },
});
const pay = (invoiceId: string, paidOn?: string): ContractCommand => ({ type: 'PayInvoice', data: { invoiceId, ...(paidOn === undefined ? {} : { paidOn }) } });
const then = (events: readonly ContractEvent[], more: readonly ContractEvent[]) => [...events, ...more];
const invoicesOf = (events: readonly ContractEvent[]) => {
  const state = given(events);
  return state.status === 'open' ? state.invoices : undefined;
};

describe('payments: invoices against a contract and the 30-day clock', () => {
  const active = activeContract();
  const received = then(active, whenAt(at('2027-02-01'), active, invoice('INV-001'), finance));

  it('given a contract in force, when Finance records a valid invoice, then it is due 30 days after its receipt', () => {
    expect(received.at(-1)).toEqual({ type: 'InvoiceReceived', data: { invoiceId: 'INV-001', amountPence: 150_000, receivedOn: '2027-02-01', dueOn: '2027-03-03' } });
  });

  it('refuses an invoice before both parties have signed, a second record of one, one received in the future, and a role other than Finance', () => {
    expect(refusal(() => whenAt(at('2026-11-23'), directAwardThrough('AuthoriseContract'), invoice('INV-001'), finance))).toMatchObject({ code: 'payment.not-in-force' });
    expect(refusal(() => whenAt(at('2027-02-02'), received, invoice('INV-001'), finance))).toMatchObject({ code: 'payment.invoice-already-recorded', field: 'data.invoiceId' });
    expect(refusal(() => whenAt(at('2027-02-02'), received, invoice('INV-002', 100, '2027-02-03'), finance))).toMatchObject({ code: 'payment.received-in-future', field: 'data.receivedOn' });
    expect(refusal(() => whenAt(at('2027-02-02'), received, invoice('INV-002')))).toMatchObject({ code: 'access.role-not-permitted' });
  });

  it('given it is paid within its terms, then the payment is on time, with the days it took', () => {
    expect(whenAt(at('2027-02-20'), received, pay('INV-001'), finance)).toEqual([
      { type: 'InvoicePaid', data: { invoiceId: 'INV-001', amountPence: 150_000, receivedOn: '2027-02-01', dueOn: '2027-03-03', paidOn: '2027-02-20', daysToPay: 19, late: false } },
    ]);
    expect(refusal(() => whenAt(at('2027-02-20'), received, pay('INV-009'), finance))).toMatchObject({ code: 'payment.unknown-invoice', field: 'data.invoiceId' });
    expect(refusal(() => whenAt(at('2027-02-20'), received, pay('INV-001', '2027-01-31'), finance))).toMatchObject({ code: 'payment.paid-before-received' });
  });

  it('given it is unpaid at the end of its due date, then the workflow records it overdue, and a later payment is late', () => {
    const deadline = contractDeadlines(given(received), at('2027-02-01'), defaultProcurementPolicy).find((entry) => entry.command.type === 'RecordPaymentOverdue');
    expect(deadline).toEqual({ at: '2027-03-04T00:00:00.000Z', command: { type: 'RecordPaymentOverdue', data: { invoiceId: 'INV-001' } } });
    expect(refusal(() => whenAt('2027-03-03T23:59:59.000Z', received, { type: 'RecordPaymentOverdue', data: { invoiceId: 'INV-001' } }, system))).toMatchObject({ code: 'deadline.not-due' });
    const overdue = then(received, whenAt('2027-03-04T00:00:00.000Z', received, { type: 'RecordPaymentOverdue', data: { invoiceId: 'INV-001' } }, system));
    expect(overdue.at(-1)).toEqual({ type: 'InvoicePaymentOverdue', data: { invoiceId: 'INV-001', dueOn: '2027-03-03', overdueOn: '2027-03-04' } });
    expect(contractDeadlines(given(overdue), '2027-03-04T00:00:00.000Z', defaultProcurementPolicy).some((entry) => entry.command.type === 'RecordPaymentOverdue')).toBe(false);
    const paid = whenAt(at('2027-03-10'), overdue, pay('INV-001'), finance);
    expect(paid[0]?.data).toMatchObject({ late: true, daysToPay: 37 });
  });

  it('given a half-year of invoices, then the figures an authority publishes: paid within terms, average days, unpaid past due', () => {
    let events = active;
    const step = (date: string, command: ContractCommand) => {
      events = then(events, whenAt(at(date), events, command, finance));
    };
    step('2027-01-10', invoice('A'));
    step('2027-01-20', pay('A'));
    step('2027-02-01', invoice('B'));
    step('2027-03-15', pay('B'));
    step('2027-05-01', invoice('C'));
    step('2027-06-20', invoice('D'));
    expect(paymentPerformance(invoicesOf(events), '2027-01-01', '2027-06-30')).toEqual({
      from: '2027-01-01',
      to: '2027-06-30',
      invoicesReceived: 4,
      invoicesPaid: 2,
      paidWithinTerms: 1,
      paidWithinTermsPercent: 50,
      averageDaysToPay: 26,
      unpaidOverdue: 1,
    });
  });
});

import type { Actor } from '@cls/domain';
import { directAwardRoute, needsAssessment, specification, startStack, type Stack } from './fixtures';
import { callerFor, expectProblem, expectStatus, lastDayOfTerm } from './http';

interface Payments {
  performance: { invoicesReceived: number; invoicesPaid: number; paidWithinTerms: number; paidWithinTermsPercent: number; unpaidOverdue: number };
  invoices: { invoiceId: string; dueOn: string; paidOn?: string }[];
}

/** Invoices and payments over HTTP against a signed contract: Finance records and pays, and reads the figures. */
describe('payments against a contract, over HTTP (all processes)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ readModels: false });
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  it('records a valid invoice due in 30 days, its payment within terms, and the contract’s payment figures; refuses what the rules forbid', async () => {
    const somerset = (id: string, role: Actor['role']) => callerFor(stack.apiUrl, { id, role, organisation: 'somerset-council' }, stack.auth);
    const [commissioner, manager, budgetHolder, finance] = await Promise.all([
      somerset('gina', 'commissioner'),
      somerset('frank', 'contract-manager'),
      somerset('bh-3', 'budget-holder'),
      somerset('fay', 'finance'),
    ]);
    const provider = await callerFor(stack.apiUrl, { id: 'acme-1', role: 'provider', organisation: 'acme-care' }, stack.auth);
    const { contractId } = await expectStatus<{ contractId: string }>(commissioner.post('/contracts', { title: 'Overnight short breaks, West Somerset' }), 201);
    const on = (rest: string) => `/contracts/${contractId}/${rest}`;
    await expectStatus(commissioner.post(on('needs-assessment'), needsAssessment), 200);
    await expectStatus(commissioner.post(on('route-decision'), directAwardRoute), 200);
    await expectStatus(commissioner.post(on('specification'), specification()), 200);
    await expectStatus(commissioner.post(on('award'), { supplier: { organisation: 'acme-care', name: 'Acme Care' }, valuePence: 1_800_000 }), 200);
    const startDate = new Date(Date.now() + 30 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
    await expectStatus(manager.post(on('contract'), { terms: { reference: 'SCC/SB/2026/9', summary: 'Standard terms' }, startDate, endDate: lastDayOfTerm(startDate, 3) }), 200);
    await expectProblem(finance.post(on('invoices'), { invoiceId: 'INV-0', amountPence: 10_000 }), 409, 'payment.not-in-force');
    await expectStatus(budgetHolder.post(on('authorisation'), { authoriser: { id: 'bh-3', body: 'budget-holder', delegatedLimitPence: 2_500_000 } }), 200);
    await expectStatus(provider.post(on('signatures'), { party: 'provider', signatory: { name: 'Sam Patel', position: 'Director' } }), 200);
    await expectStatus(commissioner.post(on('signatures'), { party: 'authority', signatory: { name: 'Gina Lowe', position: 'Head of Commissioning' } }), 200);

    const recorded = await expectStatus<{ invoiceId: string; events: { type: string }[] }>(finance.post(on('invoices'), { invoiceId: 'INV-1', amountPence: 150_000 }), 201);
    expect(recorded).toMatchObject({ invoiceId: 'INV-1', events: [expect.objectContaining({ type: 'InvoiceReceived' })] });
    await expectStatus(finance.post(on('invoices/INV-1/payment'), {}), 200);
    await expectStatus(finance.post(on('invoices'), { invoiceId: 'INV-2', amountPence: 90_000 }), 201);
    const figures = await expectStatus<Payments>(manager.get(on('payments')), 200);
    expect(figures.performance).toMatchObject({ invoicesReceived: 2, invoicesPaid: 1, paidWithinTerms: 1, paidWithinTermsPercent: 100, unpaidOverdue: 0 });
    expect(figures.invoices.map((invoice) => [invoice.invoiceId, invoice.paidOn !== undefined])).toEqual([
      ['INV-1', true],
      ['INV-2', false],
    ]);

    await expectProblem(manager.post(on('invoices'), { invoiceId: 'INV-3', amountPence: 1 }), 403, 'access.role-not-permitted');
    await expectProblem(finance.post(on('invoices'), { invoiceId: 'INV-1', amountPence: 150_000 }), 409, 'payment.invoice-already-recorded');
    await expectProblem(finance.post(on('invoices/INV-1/payment'), {}), 409, 'payment.already-paid');
    const badNumber = await expectProblem(finance.post(on('invoices'), { invoiceId: 'INV 4', amountPence: 1 }), 400, 'request.invalid');
    expect(badNumber.errors?.map((error) => error.field)).toEqual(['invoiceId']);
    const badQuery = await expectProblem(manager.get(on('payments?from=yesterday')), 400, 'request.invalid');
    expect(badQuery.errors?.map((error) => error.field)).toEqual(['from']);
  }, 240_000);
});

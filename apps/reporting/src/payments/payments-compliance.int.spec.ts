import { encodeContractEvent } from '@cls/kafka';
import { eventually } from '@cls/kafka/testing';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { App } from 'supertest/types';
import { processEvents } from '../testing/process-events';
import { startReportingTestApp, type ReportingTestApp } from '../testing/reporting-test-app';
import type { PaymentsCompliance } from './payments-compliance.schema';

describe('payments compliance through Kafka and GET /payments-compliance (real PostgreSQL and Kafka)', () => {
  let reporting: ReportingTestApp;
  let server: App;
  const tokens: Record<string, string> = {};
  const get = (path: string, as: string) => request(server).get(path).set('authorization', `Bearer ${tokens[as]}`);
  // An organisation of its own, so the figures count this suite's invoices alone.
  const owner = `council-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    reporting = await startReportingTestApp();
    server = reporting.app.getHttpServer();
    tokens['finance'] = await reporting.token({ id: 'fin-1', role: 'finance', organisation: owner });
    tokens['provider'] = await reporting.token({ id: 'p-1', role: 'provider', organisation: 'acme-care' });
    tokens['evaluator'] = await reporting.token({ id: 'e-1', role: 'evaluator', organisation: owner });
    const e = processEvents(randomUUID(), { owner, startsAt: '2027-01-04T09:00:00.000Z' });
    const inTime = { invoiceId: 'INV-1', amountPence: 150_000, receivedOn: '2027-02-01', dueOn: '2027-03-03' };
    const late = { invoiceId: 'INV-2', amountPence: 90_000, receivedOn: '2027-02-01', dueOn: '2027-03-03' };
    const events = [
      ...e.active(),
      e.invoiceReceived(inTime.invoiceId, inTime.amountPence, inTime.receivedOn, inTime.dueOn),
      e.invoiceReceived(late.invoiceId, late.amountPence, late.receivedOn, late.dueOn),
      e.invoicePaid(inTime, '2027-02-10', 9),
      e.invoiceOverdue(late.invoiceId, late.dueOn, '2027-03-04'),
      e.invoicePaid(late, '2027-03-20', 47),
      e.invoiceReceived('INV-3', 40_000, '2027-05-01', '2027-05-31'),
    ];
    await reporting.publish(events.map(encodeContractEvent));
  }, 60_000);
  afterAll(async () => {
    await reporting.close();
  });

  it('given a half-year of invoices, then the organisation’s figures as its payments compliance notice states them', async () => {
    const figures = await eventually(async () => {
      const response = await get('/payments-compliance?from=2027-01-01&to=2027-06-30', 'finance').expect(200);
      const body = response.body as PaymentsCompliance;
      if (body.invoicesReceived < 3 || body.invoicesPaid < 2) throw new Error('not all invoices projected yet');
      return body;
    });
    expect(figures).toEqual({
      noticeType: 'UK8',
      organisation: owner,
      from: '2027-01-01',
      to: '2027-06-30',
      invoicesReceived: 3,
      invoicesPaid: 2,
      paidWithinTerms: 1,
      paidWithinTermsPercent: 50,
      averageDaysToPay: 28,
      paidLatePence: 90_000,
      unpaidOverdue: 1,
    });
    const provider = (await get('/payments-compliance?from=2027-01-01&to=2027-06-30', 'provider').expect(200)).body as PaymentsCompliance;
    expect(provider.invoicesReceived).toBeGreaterThanOrEqual(3);
  });

  it('refuses a period that ends before it starts, a day that is not one, and a role that reads no reporting view', async () => {
    const reversed = await get('/payments-compliance?from=2027-06-30&to=2027-01-01', 'finance').expect(400);
    expect((reversed.body as { errors: { field: string }[] }).errors.map((error) => error.field)).toEqual(['to']);
    await get('/payments-compliance?from=2027-01-01', 'finance').expect(400);
    await get('/payments-compliance?from=2027-01-01&to=2027-06-30', 'evaluator').expect(403);
  });
});

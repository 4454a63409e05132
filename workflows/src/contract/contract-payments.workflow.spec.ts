import { contractProtocol, contractStreamId, type Actor, type CommandRequest, type CommandResult, type ContractCommand } from '@cls/domain';
import { contractFixtures as fx } from '@cls/domain/testing';
import { Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { memoryActivities } from '../__fixtures__/memory-activities';
import { terminateWhenIdle, useTimeSkipping } from '../__fixtures__/time-skipping';

const day = 24 * 60 * 60 * 1000;
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const context = (actor: Actor) => ({ commandId: randomUUID(), correlationId: randomUUID(), actor });
const finance: Actor = { id: 'fin-1', role: 'finance', organisation: fx.organisation };

/**
 * The 30-day payment clock on the time-skipping server: an invoice paid in time, and one left unpaid that the
 * workflow records overdue at the end of its due date, then paid late. Only commands the rules allow are sent.
 */
describe('contract payments: the 30-day clock (time-skipping test server)', () => {
  const timeSkipping = useTimeSkipping();

  it('records an invoice unpaid at the end of its thirtieth day as overdue, and its payment after as late', async () => {
    const memory = memoryActivities();
    const taskQueue = `test-${randomUUID()}`;
    const worker = await Worker.create({ connection: timeSkipping.env.nativeConnection, taskQueue, workflowBundle: timeSkipping.bundle, activities: memory.activities });
    const contractId = fx.contractId;
    const stored = () => memory.streams.get(contractStreamId(contractId)) ?? [];

    await worker.runUntil(async () => {
      const contract = await timeSkipping.env.client.workflow.start(contractProtocol.workflowType, { taskQueue, workflowId: `contract-${contractId}`, args: [{ contractId }] });
      const send = (command: ContractCommand, actor: Actor) =>
        contract.executeUpdate<CommandResult, [CommandRequest]>(contractProtocol.commandUpdate, { args: [{ command, context: context(actor) }] });
      try {
        const now = await timeSkipping.env.currentTimeMs();
        // Signed, not yet mobilised: invoices are paid against a contract in force.
        for (const step of fx.directAwardToActive().filter((candidate) => !['RecordMasterCopy', 'StartMobilisation', 'ActivateContract'].includes(candidate.command.type))) {
          const command = step.command.type === 'IssueContract' ? fx.issueContract({ startDate: isoDate(now + 30 * day), endDate: isoDate(now + 3 * 365 * day) }) : step.command;
          await send(command, step.actor);
        }
        await send({ type: 'RecordInvoice', data: { invoiceId: 'INV-1', amountPence: 150_000 } }, finance);
        await send({ type: 'RecordInvoice', data: { invoiceId: 'INV-2', amountPence: 90_000 } }, finance);
        await timeSkipping.env.sleep(10 * day);
        const onTime = await send({ type: 'PayInvoice', data: { invoiceId: 'INV-1' } }, finance);
        expect(onTime.events.map((event) => [event.type, event.data['late']])).toEqual([['InvoicePaid', false]]);

        await timeSkipping.env.sleep(22 * day);
        const overdue = stored().filter((event) => event.type === 'InvoicePaymentOverdue');
        expect(overdue.map((event) => event.data['invoiceId'])).toEqual(['INV-2']);
        expect(overdue[0]?.metadata.actor).toMatchObject({ role: 'system' });
        // Deliveries run beside the facts that caused them: the notification may land just after.
        const toFinance = () => memory.notifications.some((notification) => notification.type === 'InvoicePaymentOverdue' && notification.recipients.some((recipient) => recipient.role === 'finance'));
        for (let attempt = 0; attempt < 50 && !toFinance(); attempt += 1) await new Promise((resolve) => setTimeout(resolve, 100));
        expect(toFinance()).toBe(true);
        const late = await send({ type: 'PayInvoice', data: { invoiceId: 'INV-2' } }, finance);
        expect(late.events[0]?.data).toMatchObject({ late: true });
      } finally {
        await terminateWhenIdle(contract);
      }
    });
  });
});

import { contractProtocol, contractStreamId, type CommandRequest, type CommandResult } from '@cls/domain';
import { contractFixtures as fx } from '@cls/domain/testing';
import { Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { memoryActivities } from '../__fixtures__/memory-activities';
import { useTimeSkipping, terminateWhenIdle } from '../__fixtures__/time-skipping';

const day = 24 * 60 * 60 * 1000;
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe('contract workflow: a signature chaser in a year the calendar does not know', () => {
  const timeSkipping = useTimeSkipping();

  it('logs the refusal and goes on taking commands, rather than failing its workflow tasks', async () => {
    const memory = memoryActivities();
    const taskQueue = `test-${randomUUID()}`;
    const worker = await Worker.create({ connection: timeSkipping.env.nativeConnection, taskQueue, workflowBundle: timeSkipping.bundle, activities: memory.activities });
    const now = await timeSkipping.env.currentTimeMs();
    const year = new Date(now).getUTCFullYear();
    // A calendar that knows this year alone, and a chaser 300 working days on: always into a year it does not know.
    const policy = {
      calendar: { bankHolidays: [`${year}-12-25`], knownYears: { first: year, last: year } },
      contractIssue: { signatureReminderWorkingDays: 300 },
    };
    await worker.runUntil(async () => {
      const contract = await timeSkipping.env.client.workflow.start(contractProtocol.workflowType, {
        taskQueue,
        workflowId: `contract-${fx.contractId}`,
        args: [{ contractId: fx.contractId, policy }],
      });
      try {
        const steps = fx.directAwardToActive();
        const throughSignatures = steps.slice(0, steps.findIndex((step) => step.command.type === 'RecordMasterCopy'));
        for (const step of throughSignatures) {
          const command = step.command.type === 'IssueContract' ? fx.issueContract({ startDate: isoDate(now + 30 * day), endDate: isoDate(now + 3 * 365 * day) }) : step.command;
          await contract.executeUpdate<CommandResult, [CommandRequest]>(contractProtocol.commandUpdate, { args: [{ command, context: { commandId: randomUUID(), correlationId: randomUUID(), actor: step.actor } }] });
        }
        const stored = memory.streams.get(contractStreamId(fx.contractId)) ?? [];
        expect(stored.filter((event) => event.type === 'ContractSigned')).toHaveLength(2);
        expect(stored.some((event) => event.type === 'ReminderIssued')).toBe(false);
        const history = await contract.fetchHistory();
        expect(history.events?.some((event) => event.workflowTaskFailedEventAttributes)).toBe(false);
      } finally {
        await terminateWhenIdle(contract);
      }
    });
  });
});

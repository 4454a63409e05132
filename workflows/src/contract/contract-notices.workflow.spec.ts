import { contractProtocol, contractStreamId, type Actor, type CommandRequest, type CommandResult, type ContractCommand, type ContractView } from '@cls/domain';
import { contractFixtures as fx } from '@cls/domain/testing';
import { Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { memoryActivities } from '../__fixtures__/memory-activities';
import { recordHistory, recordingHistories } from '../__fixtures__/record-history';
import { terminateWhenIdle, useTimeSkipping } from '../__fixtures__/time-skipping';

const day = 24 * 60 * 60 * 1000;
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const context = (actor: Actor) => ({ commandId: randomUUID(), correlationId: randomUUID(), actor });

/** Waits, in wall time, for what the workflow does on its own without a timer (a publication's answer recorded). */
const eventually = async (check: () => boolean): Promise<void> => {
  for (let waited = 0; !check(); waited += 50) {
    if (waited > 20_000) throw new Error('The workflow did not get there within 20 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

/** A direct award the Procurement Act 2023 covers: £80,000 a year for 3 years, on a Schedule 5 ground. */
const coveredDirectRoute = {
  ...fx.directAwardRoute,
  annualValuePence: fx.pounds(80_000),
  directAwardGround: 'single-supplier',
  authoriser: { id: 'bh-7', body: 'budget-holder' as const, delegatedLimitPence: fx.pounds(300_000) },
};

/**
 * A covered direct award on the time-skipping server: its transparency notice published before the award, and the
 * contract details notice drafted once the contract is signed, escalated when its thirty days pass unpublished, then
 * approved and published. Only commands the rules allow are sent: on the Java test server an update refused by its
 * validator locks time skipping for the rest of the server's life.
 */
describe('contract notices: a covered direct award (time-skipping test server)', () => {
  const timeSkipping = useTimeSkipping();

  it('publishes the transparency notice before the award, and escalates the contract details notice missing its 30 days until it is published', async () => {
    const memory = memoryActivities();
    const taskQueue = `test-${randomUUID()}`;
    const worker = await Worker.create({ connection: timeSkipping.env.nativeConnection, taskQueue, workflowBundle: timeSkipping.bundle, activities: memory.activities });
    const contractId = randomUUID();
    const stream = contractStreamId(contractId);
    const types = () => (memory.streams.get(stream) ?? []).map((event) => event.type);

    await worker.runUntil(async () => {
      const contract = await timeSkipping.env.client.workflow.start(contractProtocol.workflowType, { taskQueue, workflowId: `contract-${contractId}`, args: [{ contractId }] });
      const send = (command: ContractCommand, actor: Actor = fx.commissioner) =>
        contract.executeUpdate<CommandResult, [CommandRequest]>(contractProtocol.commandUpdate, { args: [{ command, context: context(actor) }] });
      try {
        await send({ type: 'OpenCommission', data: { contractId, title: 'Overnight short breaks, Forest of Dean' } });
        await send({ type: 'RecordNeedsAssessment', data: fx.assessment });
        await send(fx.decideRoute(coveredDirectRoute));
        await send(fx.agree(fx.specification));
        const prepared = await send({ type: 'PrepareTransparencyNotice', data: { supplier: fx.supplier, valuePence: fx.pounds(240_000) } });
        expect(prepared.events.map((event) => event.type)).toEqual(['NoticeDrafted', 'NoticeApproved']);
        await eventually(() => types().includes('NoticePublished'));
        expect(memory.published.map((notice) => notice.noticeType)).toEqual(['UK5']);

        // Its waiting period of eight working days, Christmas or not, is over within sixteen days.
        await timeSkipping.env.sleep(16 * day);
        await send({ type: 'AwardDirectly', data: { supplier: fx.supplier, valuePence: fx.pounds(240_000) } });
        const now = await timeSkipping.env.currentTimeMs();
        await send(fx.issueContract({ startDate: isoDate(now + 60 * day), endDate: isoDate(now + 3 * 365 * day) }), fx.contractManager);
        await send(fx.authoriseContract({ authoriser: { id: 'bh-7', body: 'budget-holder', delegatedLimitPence: fx.pounds(300_000) } }), fx.budgetHolder);
        await send(fx.signContract('provider'), fx.provider);
        const entered = await send(fx.signContract('authority'));
        expect(entered.events.map((event) => event.type)).toEqual(['ContractSigned', 'FinanceNotified', 'NoticeDrafted']);

        // Thirty days pass without the contract details notice: it escalates at its deadline, as the system.
        await timeSkipping.env.sleep(32 * day);
        const escalations = () => (memory.streams.get(stream) ?? []).filter((event) => event.type === 'EscalationRaised');
        expect(escalations().map((event) => event.data['subject'])).toEqual([{ kind: 'notice', noticeId: 'c-UK7-1' }]);
        expect(escalations()[0]?.metadata.actor).toMatchObject({ role: 'system' });

        await send({ type: 'ApproveNotice', data: { noticeId: 'c-UK7-1' } }, fx.contractManager);
        await eventually(() => types().filter((type) => type === 'NoticePublished').length === 2);
        expect(memory.published.map((notice) => notice.noticeId)).toEqual(['c-UK5-1', 'c-UK7-1']);
        // Published, it climbs the ladder no further.
        await timeSkipping.env.sleep(60 * day);
        expect(escalations()).toHaveLength(1);
        const view = await contract.query<ContractView>(contractProtocol.stateQuery);
        expect(view.state).toMatchObject({ notices: { 'c-UK5-1': { status: 'published' }, 'c-UK7-1': { status: 'published', escalation: { step: 1 } } } });
        if (recordingHistories()) {
          await contract.terminate('history recorded');
          await recordHistory(contract, 'contract-notices.v1.json');
        }
      } finally {
        await terminateWhenIdle(contract);
      }
    });
  });
});

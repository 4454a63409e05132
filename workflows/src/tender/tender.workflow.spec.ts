import {
  londonDateOf,
  regularBankHolidays,
  tenderProtocol,
  ukBankHolidayDates,
  ukNations,
  tenderStreamId,
  tenderWorkflowId,
  type Actor,
  type TenderCommand,
  type TenderCommandResult,
  type TenderView,
} from '@cls/domain';
import type { WorkflowHandle } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { memoryActivities } from '../__fixtures__/memory-activities';
import { recordHistory, recordingHistories } from '../__fixtures__/record-history';
import { useTimeSkipping, terminateWhenIdle } from '../__fixtures__/time-skipping';
import type { AggregateRequest } from '../shared/aggregate.entity';
import type { TenderOutcome } from './tender.messages';
import type { TenderWorkflowInput } from './tender.workflow';

const organisation = 'gloucestershire-cc';
const commissioner: Actor = { id: 'alice', role: 'commissioner', organisation };
const evaluator = (id: string): Actor => ({ id, role: 'evaluator', organisation });
const bidder = (name: string): Actor => ({ id: `${name}-user`, role: 'provider', organisation: name });
const criteria = [
  { id: 'price', name: 'Price', kind: 'price' as const, weight: 40 },
  { id: 'quality', name: 'Quality of care', kind: 'quality' as const, weight: 50 },
  { id: 'social', name: 'Social value', kind: 'social-value' as const, weight: 10 },
];
const day = 24 * 60 * 60 * 1000;

/**
 * The test server's clock can run years past the bank holidays the policy lists, and a standstill counted in a year
 * the calendar does not know is refused: the tenders here take the statutory rules' holidays up to 2060.
 */
const longCalendar = (() => {
  const drafted = Array.from({ length: 2060 - 2029 + 1 }, (_, index) => 2029 + index).flatMap((year) =>
    ukNations.flatMap((nation) => regularBankHolidays(year, nation).map((holiday) => holiday.date)),
  );
  return { calendar: { bankHolidays: [...new Set([...ukBankHolidayDates, ...drafted])].sort(), knownYears: { first: 2025, last: 2060 } } };
})();

/** Waits, in wall time, for what a workflow does on its own without a timer (an activity's answer recorded). */
const eventually = async (check: () => boolean): Promise<void> => {
  for (let waited = 0; !check(); waited += 50) {
    if (waited > 20_000) throw new Error('The workflow did not get there within 20 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};
const request = (command: TenderCommand, actor: Actor = commissioner): AggregateRequest<TenderCommand> => ({
  command,
  context: { commandId: randomUUID(), correlationId: randomUUID(), actor },
});

/**
 * Every test here runs only commands the rules allow: on the Java test server an update rejected by its validator
 * locks time skipping for the rest of the server's life (the refusals are covered by the decider's specs).
 */
describe('tender workflow (time-skipping test server)', () => {
  const timeSkipping = useTimeSkipping();

  const tender = async (
    publish: (now: number) => Omit<Extract<TenderCommand, { type: 'PublishTender' }>['data'], 'tenderId' | 'contractId' | 'criteria'>,
    body: (tools: {
      handle: WorkflowHandle;
      send: (command: TenderCommand, actor?: Actor) => Promise<TenderCommandResult>;
      memory: ReturnType<typeof memoryActivities>;
      tenderId: string;
      startedAt: number;
    }) => Promise<void>,
  ) => {
    const memory = memoryActivities();
    const taskQueue = `test-${randomUUID()}`;
    const worker = await Worker.create({ connection: timeSkipping.env.nativeConnection, taskQueue, workflowBundle: timeSkipping.bundle, activities: memory.activities });
    const contractId = randomUUID();
    const tenderId = `${contractId}.1`;
    const startedAt = await timeSkipping.env.currentTimeMs();
    const input: TenderWorkflowInput = {
      tenderId,
      contractId,
      reportToContract: false,
      policy: longCalendar,
      publish: {
        request: request({ type: 'PublishTender', data: { ...publish(startedAt), tenderId, contractId, criteria } }),
        now: new Date(startedAt).toISOString(),
      },
    };
    await worker.runUntil(async () => {
      const handle = await timeSkipping.env.client.workflow.start(tenderProtocol.workflowType, { taskQueue, workflowId: tenderWorkflowId(tenderId), args: [input] });
      const send = (command: TenderCommand, actor: Actor = commissioner) =>
        handle.executeUpdate<TenderCommandResult, [AggregateRequest<TenderCommand>]>(tenderProtocol.commandUpdate, { args: [request(command, actor)] });
      try {
        await body({ handle, send, memory, tenderId, startedAt });
      } finally {
        await terminateWhenIdle(handle);
      }
    });
  };

  const bid = (supplierName: string, pricePence: number): TenderCommand => ({
    type: 'SubmitBid',
    data: { supplierName, pricePence, documentsReference: `docs/${supplierName}` },
  });
  const score = (bidId: string, criterionId: string, value: number): TenderCommand => ({ type: 'ScoreBid', data: { bidId, criterionId, score: value } });
  const moderate = (bidId: string, criterionId: string, value: number): TenderCommand => ({
    type: 'ModerateScore',
    data: { bidId, criterionId, score: value, rationale: 'Agreed at the moderation meeting' },
  });

  it('publishes the tender notice at once and the contract award notice once approved, and counts the standstill from the award notice, not the decision', async () => {
    await tender(
      (now) => ({
        title: 'Day opportunities',
        procedure: 'open',
        clarificationDeadline: new Date(now + 20 * day).toISOString(),
        closesAt: new Date(now + 30 * day).toISOString(),
      }),
      async ({ handle, send, memory, tenderId }) => {
        await send({ type: 'AppointEvaluationPanel', data: { evaluators: ['ev-1'] } });
        await send(bid('Alpha Care', 10_000_000), bidder('alpha-care'));
        await send(bid('Bravo Care', 9_800_000), bidder('bravo-care'));
        await timeSkipping.env.sleep(31 * day);
        await send({ type: 'DeclareConflictOfInterest', data: { conflicted: false } }, evaluator('ev-1'));
        for (const bidId of ['B1', 'B2']) {
          for (const criterionId of ['quality', 'social']) {
            await send(score(bidId, criterionId, 7), evaluator('ev-1'));
            await send(moderate(bidId, criterionId, 7));
          }
        }
        await send({ type: 'DecideAward', data: { reason: 'Highest score on the published criteria' } });
        // A month without the notice approved: no standstill runs, and nothing ends.
        await timeSkipping.env.sleep(30 * day);
        let view = await handle.query<TenderView>(tenderProtocol.stateQuery);
        expect(view.state).toMatchObject({ phase: 'standstill' });
        expect(memory.typesOf(tenderStreamId(tenderId))).not.toContain('StandstillStarted');
        expect(memory.published.map((notice) => notice.noticeType)).toEqual(['UK4']);

        const approvedAt = await timeSkipping.env.currentTimeMs();
        await send({ type: 'ApproveNotice', data: { noticeId: 't1-UK6-1' } });
        // The workflow hands the approved notice to the publisher and records the platform's answer.
        await eventually(() => memory.typesOf(tenderStreamId(tenderId)).includes('StandstillStarted'));
        const stored = memory.streams.get(tenderStreamId(tenderId)) ?? [];
        const publications = stored.filter((event) => event.type === 'NoticePublished');
        expect(publications.map((event) => event.data['noticeType'])).toEqual(['UK4', 'UK6']);
        expect(publications.map((event) => event.metadata.actor.role)).toEqual(['system', 'system']);
        expect(stored.find((event) => event.type === 'NoticeApproved' && event.data['noticeType'] === 'UK6')?.metadata.actor).toMatchObject({ id: 'alice', role: 'commissioner' });
        const started = stored.find((event) => event.type === 'StandstillStarted');
        const publishedAt = String(publications[1]?.data['publishedAt']);
        expect(Date.parse(publishedAt)).toBeGreaterThanOrEqual(approvedAt);
        expect(started?.data).toMatchObject({ noticeId: 't1-UK6-1', noticePublishedOn: londonDateOf(publishedAt) });
        view = await handle.query<TenderView>(tenderProtocol.stateQuery);
        expect(view.state).toMatchObject({ phase: 'standstill', award: { standstillEndsAt: started?.data['endsAt'] } });

        await timeSkipping.env.sleep(14 * day);
        await expect(handle.result()).resolves.toMatchObject({ outcome: 'awarded', supplier: { organisation: 'bravo-care' } });
        const ended = (memory.streams.get(tenderStreamId(tenderId)) ?? []).find((event) => event.type === 'StandstillEnded');
        expect(Date.parse(ended?.metadata.occurredAt ?? '')).toBeGreaterThanOrEqual(Date.parse(String(started?.data['endsAt'])));
        expect(memory.published.map((notice) => [notice.noticeId, notice.noticeType])).toEqual([
          ['t1-UK4-1', 'UK4'],
          ['t1-UK6-1', 'UK6'],
        ]);
        if (recordingHistories()) await recordHistory(handle, 'tender-notices.v1.json');
      },
    );
  });

  it('runs an open tender with four bids (one late, one abnormally low and rejected, one conflicted evaluator) through standstill to an award, in seconds', async () => {
    await tender(
      (now) => ({
        title: 'Short breaks for disabled children',
        procedure: 'open',
        clarificationDeadline: new Date(now + 20 * day).toISOString(),
        closesAt: new Date(now + 30 * day).toISOString(),
      }),
      async ({ handle, send, memory, tenderId }) => {
        const wallStart = Date.now();
        await send({ type: 'AppointEvaluationPanel', data: { evaluators: ['ev-1', 'ev-2'] } });
        await send(bid('Alpha Care', 10_000_000), bidder('alpha-care'));
        await send(bid('Bravo Care', 9_500_000), bidder('bravo-care'));
        await send(bid('Charlie Care', 5_500_000), bidder('charlie-care'));

        // A month passes: the clarification deadline and then the closing time fire as recorded facts.
        await timeSkipping.env.sleep(31 * day);
        const late = await send(bid('Delta Care', 9_000_000), bidder('delta-care'));
        expect(late.events.map((event) => event.type)).toEqual(['LateBidRecorded']);
        expect(memory.typesOf(tenderStreamId(tenderId))).toEqual(
          expect.arrayContaining(['ClarificationPeriodEnded', 'TenderClosed', 'AbnormallyLowBidIdentified', 'LateBidRecorded']),
        );

        await send({ type: 'DeclareConflictOfInterest', data: { conflicted: false } }, evaluator('ev-1'));
        // A conflict with Bravo Care bars ev-2 from Bravo's bid only: ev-2 still scores Alpha's.
        await send({ type: 'DeclareConflictOfInterest', data: { conflicted: true, details: 'Trustee of Bravo Care', bidders: ['bravo-care'] } }, evaluator('ev-2'));
        const byConflicted = await send(score('B1', 'quality', 7), evaluator('ev-2'));
        expect(byConflicted.events).toEqual([expect.objectContaining({ type: 'IndividualScoreRecorded' })]);
        await send({ type: 'RequestExplanation', data: { bidId: 'B3' } });
        await send({ type: 'SubmitExplanation', data: { bidId: 'B3', explanation: 'Carers are paid £9 an hour' } }, bidder('charlie-care'));
        await send({
          type: 'DecideAbnormallyLowBid',
          data: { bidId: 'B3', decision: 'reject', breachesLegalObligations: true, reason: 'Pay below the National Living Wage' },
        });
        for (const [bidId, quality] of [['B1', 8], ['B2', 6]] as const) {
          await send(score(bidId, 'quality', quality), evaluator('ev-1'));
          await send(score(bidId, 'social', 6), evaluator('ev-1'));
          await send(moderate(bidId, 'quality', quality));
          await send(moderate(bidId, 'social', 6));
        }
        const award = await send({ type: 'DecideAward', data: { reason: 'Highest score on the published criteria' } });
        expect(award.events.map((event) => event.type)).toEqual(['AwardDecided', ...Array<string>(4).fill('AwardLetterIssued'), 'NoticeDrafted']);

        // The contract award notice is approved and published: the standstill's eight working days run from it,
        // then the workflow ends with the award.
        await send({ type: 'ApproveNotice', data: { noticeId: 't1-UK6-1' } });
        await timeSkipping.env.sleep(14 * day);
        const outcome = await handle.result() as TenderOutcome;
        expect(outcome).toMatchObject({ outcome: 'awarded', winningBidId: 'B1', supplier: { organisation: 'alpha-care' }, pricePence: 10_000_000 });

        const stored = memory.streams.get(tenderStreamId(tenderId)) ?? [];
        expect(stored.filter((event) => event.type === 'BidSubmitted')).toHaveLength(3);
        const byEv2 = stored.filter((event) => event.type === 'IndividualScoreRecorded' && event.data['evaluatorId'] === 'ev-2');
        expect(byEv2.map((event) => event.data['bidId'])).toEqual(['B1']);
        expect(stored.at(-1)?.type).toBe('StandstillEnded');
        expect(stored.at(-1)?.metadata.actor).toMatchObject({ role: 'system' });
        expect(stored.find((event) => event.type === 'AbnormallyLowBidRejected')?.metadata.reason).toBe('Pay below the National Living Wage');
        expect(memory.notifications.map((notification) => notification.type)).toEqual(
          expect.arrayContaining(['ClarificationPeriodEnded', 'TenderClosed', 'ExplanationRequested', 'AwardLetterIssued', 'StandstillEnded']),
        );
        expect(memory.notifications.filter((notification) => notification.type === 'AwardLetterIssued').map((n) => n.recipients[0]?.organisation).sort()).toEqual([
          'alpha-care',
          'bravo-care',
          'charlie-care',
          'delta-care',
        ]);
        // Weeks of tender, in seconds of wall time.
        expect(Date.now() - wallStart).toBeLessThan(60_000);
      },
    );
  });

  it('runs a restricted procedure: requests to participate, a shortlist after selection, then bids from the shortlist only', async () => {
    await tender(
      (now) => ({
        title: 'Supported living',
        procedure: 'restricted',
        clarificationDeadline: new Date(now + 20 * day).toISOString(),
        participationClosesAt: new Date(now + 30 * day).toISOString(),
      }),
      async ({ handle, send }) => {
        for (const name of ['alpha-care', 'bravo-care', 'charlie-care']) await send({ type: 'ExpressInterest', data: { supplierName: name } }, bidder(name));
        await timeSkipping.env.sleep(31 * day);
        let view = await handle.query<TenderView>(tenderProtocol.stateQuery);
        expect(view.state).toMatchObject({ phase: 'shortlisting' });
        await send({ type: 'AssessSupplier', data: { organisation: 'alpha-care', outcome: 'qualified', mandatoryExclusionGrounds: [], discretionaryExclusionGrounds: [] } });
        await send({ type: 'AssessSupplier', data: { organisation: 'bravo-care', outcome: 'qualified', mandatoryExclusionGrounds: [], discretionaryExclusionGrounds: [] } });
        await send({
          type: 'AssessSupplier',
          data: { organisation: 'charlie-care', outcome: 'excluded', mandatoryExclusionGrounds: ['bribery conviction'], discretionaryExclusionGrounds: [] },
        });
        const now = await timeSkipping.env.currentTimeMs();
        await send({
          type: 'InviteToTender',
          data: {
            shortlist: ['alpha-care', 'bravo-care'],
            clarificationDeadline: new Date(now + 20 * day).toISOString(),
            closesAt: new Date(now + 30 * day).toISOString(),
          },
        });
        await send(bid('Alpha Care', 9_000_000), bidder('alpha-care'));
        await send(bid('Bravo Care', 9_200_000), bidder('bravo-care'));
        await timeSkipping.env.sleep(31 * day);
        view = await handle.query<TenderView>(tenderProtocol.stateQuery);
        expect(view.state).toMatchObject({ phase: 'evaluation', shortlist: ['alpha-care', 'bravo-care'] });
        expect(Object.keys(view.state.status === 'open' ? view.state.bids : {})).toEqual(['B1', 'B2']);
        if (recordingHistories()) {
          await handle.terminate('history recorded');
          await recordHistory(handle, 'tender-restricted.v1.json');
        }
      },
    );
  });

  it('cancels a tender during tendering with a reason: the workflow ends and says so', async () => {
    await tender(
      (now) => ({
        title: 'Day opportunities',
        procedure: 'open',
        clarificationDeadline: new Date(now + 20 * day).toISOString(),
        closesAt: new Date(now + 30 * day).toISOString(),
      }),
      async ({ handle, send, memory, tenderId }) => {
        // The tender notice is published first, so the record's order is the same on every run.
        await eventually(() => memory.typesOf(tenderStreamId(tenderId)).includes('NoticePublished'));
        await send(bid('Alpha Care', 9_000_000), bidder('alpha-care'));
        await timeSkipping.env.sleep(5 * day);
        await send({ type: 'CancelTender', data: { reason: 'The service is being brought in house' } });
        await expect(handle.result()).resolves.toEqual({ tenderId, outcome: 'cancelled', reason: 'The service is being brought in house' });
        // The tender notice went out, so its cancellation publishes a procurement termination notice before the end.
        expect(memory.typesOf(tenderStreamId(tenderId))).toEqual([
          'TenderPublished',
          'NoticeDrafted',
          'NoticeApproved',
          'NoticePublished',
          'BidSubmitted',
          'TenderCancelled',
          'NoticeDrafted',
          'NoticeApproved',
          'NoticePublished',
        ]);
        expect(memory.published.map((notice) => notice.noticeType)).toEqual(['UK4', 'UK12']);
        expect(memory.notifications.find((n) => n.type === 'TenderCancelled')?.recipients).toEqual([
          { role: 'commissioner', organisation },
          { role: 'provider', organisation: 'alpha-care' },
        ]);
        if (recordingHistories()) await recordHistory(handle, 'tender-cancelled.v1.json');
      },
    );
  });
});

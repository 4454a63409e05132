import {
  contractProtocol,
  contractStreamId,
  tenderProtocol,
  tenderStreamId,
  tenderWorkflowId,
  type Actor,
  type CommandRequest,
  type CommandResult,
  type ContractCommand,
  type ContractView,
  type TenderCommand,
  type TenderRequest,
} from '@cls/domain';
import { contractFixtures as fx } from '@cls/domain/testing';
import { Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { memoryActivities } from '../__fixtures__/memory-activities';
import { useTimeSkipping, terminateWhenIdle } from '../__fixtures__/time-skipping';
import { recordHistory, recordingHistories } from '../__fixtures__/record-history';

const day = 24 * 60 * 60 * 1000;
const evaluator = (id: string): Actor => ({ id, role: 'evaluator', organisation: fx.organisation });
const bidder = (organisation: string): Actor => ({ id: `${organisation}-user`, role: 'provider', organisation });
const context = (actor: Actor) => ({ commandId: randomUUID(), correlationId: randomUUID(), actor });
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The whole first half of the commissioning cycle on the time-skipping server: weeks of tendering, standstill,
 * signature chasing and mobilisation in seconds. Only commands the rules allow are sent: on the Java test server
 * an update refused by its validator locks time skipping for the rest of the server's life.
 */
describe('contract lifecycle: from commission to an active contract through an open tender', () => {
  const timeSkipping = useTimeSkipping();

  it('runs an open tender with four bids (one late, one abnormally low and rejected, a conflicted evaluator) through standstill to a signed, active contract', async () => {
    const memory = memoryActivities();
    const taskQueue = `test-${randomUUID()}`;
    const worker = await Worker.create({ connection: timeSkipping.env.nativeConnection, taskQueue, workflowBundle: timeSkipping.bundle, activities: memory.activities });
    const contractId = randomUUID();
    const tenderId = `${contractId}.1`;
    const wallStart = Date.now();

    await worker.runUntil(async () => {
      const contract = await timeSkipping.env.client.workflow.start(contractProtocol.workflowType, {
        taskQueue,
        workflowId: `contract-${contractId}`,
        args: [{ contractId }],
      });
      const onContract = (command: ContractCommand, actor: Actor = fx.commissioner, reason?: string) =>
        contract.executeUpdate<CommandResult, [CommandRequest]>(contractProtocol.commandUpdate, {
          args: [{ command, context: context(actor), ...(reason ? { reason } : {}) }],
        });
      const tender = timeSkipping.env.client.workflow.getHandle(tenderWorkflowId(tenderId));
      const onTender = (command: TenderCommand, actor: Actor = fx.commissioner) =>
        tender.executeUpdate<unknown, [TenderRequest]>(tenderProtocol.commandUpdate, { args: [{ command, context: context(actor) }] });
      const contractView = () => contract.query<ContractView>(contractProtocol.stateQuery);

      try {
        await onContract({ type: 'OpenCommission', data: { contractId, title: 'Short breaks for disabled children' } });
        await onContract({ type: 'RecordNeedsAssessment', data: fx.assessment });
        await onContract(fx.decideRoute(fx.tenderRoute));
        await onContract(fx.agree(fx.specification));
        const now = await timeSkipping.env.currentTimeMs();
        await onContract({
          type: 'StartTender',
          data: {
            title: 'Short breaks for disabled children',
            procedure: 'open',
            clarificationDeadline: new Date(now + 20 * day).toISOString(),
            closesAt: new Date(now + 30 * day).toISOString(),
          },
        });

        await onTender({ type: 'AppointEvaluationPanel', data: { evaluators: ['ev-1', 'ev-2'] } });
        const bid = (name: string, pricePence: number) =>
          onTender({ type: 'SubmitBid', data: { supplierName: name, pricePence, documentsReference: `docs/${name}` } }, bidder(name));
        await bid('alpha-care', 25_000_000);
        await bid('bravo-care', 24_000_000);
        await bid('charlie-care', 12_000_000);
        await timeSkipping.env.sleep(31 * day);
        await bid('delta-care', 23_000_000);

        await onTender({ type: 'DeclareConflictOfInterest', data: { conflicted: false } }, evaluator('ev-1'));
        await onTender({ type: 'DeclareConflictOfInterest', data: { conflicted: true, details: 'Sister works at Bravo Care', bidders: ['bravo-care'] } }, evaluator('ev-2'));
        await onTender({ type: 'RequestExplanation', data: { bidId: 'B3' } });
        await onTender({ type: 'SubmitExplanation', data: { bidId: 'B3', explanation: 'Zero-hours staff below the wage floor' } }, bidder('charlie-care'));
        await onTender({
          type: 'DecideAbnormallyLowBid',
          data: { bidId: 'B3', decision: 'reject', breachesLegalObligations: true, reason: 'Pay below the National Living Wage' },
        });
        for (const criterion of ['quality', 'social-value']) {
          for (const [bidId, value] of [['B1', 8], ['B2', 6]] as const) {
            await onTender({ type: 'ScoreBid', data: { bidId, criterionId: criterion, score: value } }, evaluator('ev-1'));
            await onTender({ type: 'ModerateScore', data: { bidId, criterionId: criterion, score: value, rationale: 'Consensus at moderation' } });
          }
        }
        await onTender({ type: 'DecideAward', data: { reason: 'Most economically advantageous on the published criteria' } });
        // The tender is covered by the Act: its standstill runs from the contract award notice, once approved and published.
        await onTender({ type: 'ApproveNotice', data: { noticeId: 't1-UK6-1' } });

        // Standstill: eight working days (over Christmas here); the tender then tells the contract, which records the award.
        await timeSkipping.env.sleep(21 * day);
        let view = await contractView();
        for (let attempt = 0; view.state.status === 'open' && view.state.stage !== 'contract-issue' && attempt < 50; attempt += 1) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          view = await contractView();
        }
        expect(view.state).toMatchObject({ stage: 'contract-issue', award: { basis: 'tender', tenderId, supplier: { organisation: 'alpha-care' } } });

        const issuedAt = await timeSkipping.env.currentTimeMs();
        const startDate = isoDate(issuedAt + 20 * day);
        await onContract({ type: 'IssueContract', data: { terms: { reference: 'CLS/2027/001', summary: 'Standard terms' }, startDate, endDate: isoDate(issuedAt + 3 * 365 * day) } });
        await onContract(fx.authoriseContract({ authoriser: { id: 'rag-2027-01', body: 'resource-allocation-group' } }));
        // Nobody signs for twelve days, which hold at least five working days whatever the bank holidays: one chaser.
        await timeSkipping.env.sleep(12 * day);
        await onContract(fx.signContract('authority'));
        await onContract({ type: 'SignContract', data: { party: 'provider', signatory: fx.signatories.provider } }, bidder('alpha-care'));
        await onContract(fx.recordMasterCopy());
        await onContract(fx.startMobilisation(), fx.contractManager);
        await timeSkipping.env.sleep(9 * day);
        const active = await onContract(fx.activateContract(), fx.contractManager);
        expect(active.stage).toBe('active');

        const contractEvents = memory.streams.get(contractStreamId(contractId)) ?? [];
        expect(contractEvents.map((event) => event.type)).toEqual([
          'CommissionOpened',
          'NeedsAssessmentRecorded',
          'RouteDecided',
          'SpecificationAgreed',
          'TenderStarted',
          'ContractAwarded',
          'ContractIssued',
          'ContractAuthorised',
          'ReminderIssued',
          'ContractSigned',
          'ContractSigned',
          'FinanceNotified',
          'NoticeDrafted',
          'MasterCopyRecorded',
          'MobilisationStarted',
          'ContractActivated',
        ]);
        expect(contractEvents.find((event) => event.type === 'ReminderIssued')).toMatchObject({
          data: { subject: 'signature', awaiting: ['authority', 'provider'] },
          metadata: { actor: { role: 'system' } },
        });
        const tenderEvents = memory.streams.get(tenderStreamId(tenderId)) ?? [];
        expect(tenderEvents.filter((event) => event.type === 'BidSubmitted')).toHaveLength(3);
        expect(tenderEvents.filter((event) => event.type === 'LateBidRecorded')).toHaveLength(1);
        expect(tenderEvents.find((event) => event.type === 'AwardDecided')?.metadata.reason).toBe('Most economically advantageous on the published criteria');
        expect(tenderEvents.some((event) => event.type === 'IndividualScoreRecorded' && event.data['evaluatorId'] === 'ev-2')).toBe(false);
        for (const event of [...contractEvents, ...tenderEvents]) {
          expect(event.metadata).toMatchObject({ actor: expect.any(Object), correlationId: expect.any(String), causationId: expect.any(String) });
        }
        // Deliveries run beside the commands that caused them: the last may land just after its command returns.
        const expected = ['TenderClosed', 'AwardLetterIssued', 'StandstillEnded', 'ContractAwarded', 'ReminderIssued', 'FinanceNotified', 'ContractActivated'];
        for (let attempt = 0; attempt < 50 && !expected.every((type) => memory.notifications.some((n) => n.type === type)); attempt += 1) {
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        expect(memory.notifications.map((n) => n.type)).toEqual(
          expect.arrayContaining(expected),
        );
        expect(Date.now() - wallStart).toBeLessThan(90_000);
        if (recordingHistories()) {
          await contract.terminate('history recorded');
          await recordHistory(contract, 'contract-lifecycle.v1.json');
          await recordHistory(tender, 'tender-open-to-award.v1.json');
        }
      } finally {
        await terminateWhenIdle(tender);
        await terminateWhenIdle(contract);
      }
    });
  });
  it('takes a below-threshold direct award with its justification from opening to an active contract', async () => {
    const memory = memoryActivities();
    const taskQueue = `test-${randomUUID()}`;
    const worker = await Worker.create({ connection: timeSkipping.env.nativeConnection, taskQueue, workflowBundle: timeSkipping.bundle, activities: memory.activities });
    await worker.runUntil(async () => {
      const contract = await timeSkipping.env.client.workflow.start(contractProtocol.workflowType, {
        taskQueue,
        workflowId: `contract-${fx.contractId}`,
        args: [{ contractId: fx.contractId }],
      });
      try {
        const now = await timeSkipping.env.currentTimeMs();
        const startDate = isoDate(now + 30 * day);
        for (const step of fx.directAwardToActive()) {
          const command = step.command.type === 'IssueContract' ? fx.issueContract({ startDate, endDate: isoDate(now + 3 * 365 * day) }) : step.command;
          // Activation waits for the start date: a month passes in a moment.
          if (command.type === 'ActivateContract') await timeSkipping.env.sleep(31 * day);
          await contract.executeUpdate<CommandResult, [CommandRequest]>(contractProtocol.commandUpdate, {
            args: [{ command, context: context(step.actor) }],
          });
        }
        const view = await contract.query<ContractView>(contractProtocol.stateQuery);
        expect(view.state).toMatchObject({ stage: 'active', route: { route: 'direct-award' }, award: { basis: 'direct-award' } });
        const stored = memory.streams.get(contractStreamId(fx.contractId)) ?? [];
        const routeDecided = stored.find((event) => event.type === 'RouteDecided');
        expect(routeDecided?.metadata.reason).toBe(fx.directAwardRoute.justification);
        expect(routeDecided?.data).toMatchObject({ regime: 'proportionate', wholeLifeValuePence: 1_800_000 });
        expect(stored.at(-1)?.type).toBe('ContractActivated');
        if (recordingHistories()) {
          await contract.terminate('history recorded');
          await recordHistory(contract, 'direct-award-to-active.v1.json');
        }
      } finally {
        await terminateWhenIdle(contract);
      }
    });
  });
});

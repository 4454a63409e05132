// Contracting processes decided by the domain's own deciders, as the workflows would record them (excluded from the
// build). Every event carries the actor and the time of the command that decided it.
import {
  ContractEventSchemas,
  contractStreamId,
  TenderEventSchemas,
  tenderIdFor,
  tenderStreamId,
  type Actor,
  type ContractCommand,
  type ContractEvent,
  type PendingEvent,
  type StoredEvent,
  type TenderCommand,
  type TenderEvent,
} from '@cls/domain';
import { contractFixtures, tenderFixtures } from '@cls/domain/testing';

const { commissioner, contractManager, system } = contractFixtures;

export interface RecordedEvent {
  streamId: string;
  event: ContractEvent | TenderEvent;
  actor: Actor;
  at: string;
}

/** Decides commands against the contract's and its tenders' histories, keeping each event with who and when. */
export class ProcessScript {
  readonly recorded: RecordedEvent[] = [];
  private readonly contractHistory: ContractEvent[] = [];
  private readonly tenderHistories = new Map<string, TenderEvent[]>();

  constructor(readonly contractId: string = contractFixtures.contractId) {}

  contract(command: ContractCommand, actor: Actor = commissioner, at: string = contractFixtures.now): ContractEvent[] {
    const events = contractFixtures.whenAt(at, this.contractHistory, command, actor);
    this.contractHistory.push(...events);
    this.recorded.push(...events.map((event) => ({ streamId: contractStreamId(this.contractId), event, actor, at })));
    return events;
  }

  tender(sequence: number, command: TenderCommand, actor: Actor, at: string): TenderEvent[] {
    const tenderId = tenderIdFor(this.contractId, sequence);
    const history = this.tenderHistories.get(tenderId) ?? [];
    const events = tenderFixtures.when(history, command, actor, at);
    this.tenderHistories.set(tenderId, [...history, ...events]);
    this.recorded.push(...events.map((event) => ({ streamId: tenderStreamId(tenderId), event, actor, at })));
    return events;
  }

  /** Starts tender number `sequence` from the contract and publishes exactly what the contract decided. */
  startTender(sequence: number, details: Extract<ContractCommand, { type: 'StartTender' }>['data'], at: string): TenderEvent[] {
    const [started] = this.contract({ type: 'StartTender', data: details }, commissioner, at);
    if (started?.type !== 'TenderStarted') throw new Error('StartTender decided no TenderStarted');
    return this.tender(sequence, { type: 'PublishTender', data: started.data.publication }, commissioner, at);
  }

  /** The tender's outcome as its workflow reports it to the contract once standstill has ended. */
  recordAward(sequence: number, ended: TenderEvent | undefined): ContractEvent[] {
    if (ended?.type !== 'StandstillEnded') throw new Error('The tender has not ended its standstill');
    const { supplier, pricePence, endedAt } = ended.data;
    const tenderId = tenderIdFor(this.contractId, sequence);
    return this.contract(
      { type: 'RecordTenderOutcome', data: { outcome: 'awarded', tenderId, supplier, pricePence, standstillEndedAt: endedAt } },
      system,
      endedAt,
    );
  }

  /**
   * What a workflow does with an approved notice: the platform publishes it (here at once, under an identifier made
   * from the notice's) and the workflow records the answer as the system. `sequence` names a tender; without it the
   * notice is the contract's.
   */
  publishNotice(noticeId: string, at: string, sequence?: number): (ContractEvent | TenderEvent)[] {
    const command = {
      type: 'RecordNoticePublication' as const,
      data: { noticeId, platformNoticeId: `FTS-${noticeId}`, publishedAt: at, publisher: 'recording' },
    };
    return sequence === undefined ? this.contract(command, system, at) : this.tender(sequence, command, system, at);
  }

  /** Stored events as the event store would give them back: ids, versions and positions in order. */
  stored(): StoredEvent[] {
    const versions = new Map<string, number>();
    return this.recorded.map(({ streamId, event, actor, at }, index) => {
      const version = (versions.get(streamId) ?? 0) + 1;
      versions.set(streamId, version);
      return {
        ...pendingOf({ streamId, event, actor, at }, index),
        streamId,
        streamVersion: version,
        globalPosition: String(index + 1),
        metadata: { ...metadataOf({ streamId, event, actor, at }, index), recordedAt: at },
      };
    });
  }

  /** Events ready to append, stream by stream in the order they were decided. */
  pending(): { streamId: string; event: PendingEvent }[] {
    return this.recorded.map((recorded, index) => ({ streamId: recorded.streamId, event: pendingOf(recorded, index) }));
  }
}

/** Deterministic UUIDs, so a test can name the release an event became. */
export const eventIdOf = (index: number): string => `00000000-0000-4000-8000-${String(index + 1).padStart(12, '0')}`;

const metadataOf = ({ event, actor, at }: RecordedEvent, index: number): PendingEvent['metadata'] => ({
  actor,
  ...(event.reason ? { reason: event.reason } : {}),
  correlationId: `corr-${index + 1}`,
  causationId: `cmd-${index + 1}`,
  occurredAt: at,
});

const schemaVersionOf = (streamId: string, type: string): number => {
  const schemas: Readonly<Record<string, { schemaVersion: number }>> = streamId.startsWith('tender-') ? TenderEventSchemas : ContractEventSchemas;
  const schema = schemas[type];
  if (!schema) throw new Error(`No schema for ${type}`);
  return schema.schemaVersion;
};

const pendingOf = (recorded: RecordedEvent, index: number): PendingEvent => ({
  eventId: eventIdOf(index),
  type: recorded.event.type,
  schemaVersion: schemaVersionOf(recorded.streamId, recorded.event.type),
  data: { ...recorded.event.data },
  metadata: metadataOf(recorded, index),
});

// ---- The processes -----------------------------------------------------------------------------------------------

export const alpha = tenderFixtures.bidder('alpha-care');
export const bravo = tenderFixtures.bidder('bravo-care');
export const delta = tenderFixtures.bidder('delta-care');
const evaluator = tenderFixtures.evaluator('ev-1');

export const publishedAt = tenderFixtures.publishedAt;
export const closesAt = '2026-12-21T12:00:00.000Z';
export const awardDay = '2027-01-05T10:00:00.000Z';
export const startDate = '2027-04-01';
export const endDate = '2030-03-31';
const beforeClose = '2026-12-20T15:00:00.000Z';
const evaluationDay = '2026-12-22T10:00:00.000Z';

const openTenderDetails = {
  title: 'Short breaks for disabled children',
  procedure: 'open',
  clarificationDeadline: '2026-12-14T12:00:00.000Z',
  closesAt,
} as const;

/** Commissioning to procurement on a tender route with the given procedure. */
const procurement = (script: ProcessScript, procedure: 'open' | 'restricted' = 'open'): void => {
  script.contract({ type: 'OpenCommission', data: { contractId: script.contractId, title: 'Short breaks for disabled children' } });
  script.contract({ type: 'RecordNeedsAssessment', data: contractFixtures.assessment });
  script.contract(contractFixtures.decideRoute({ ...contractFixtures.tenderRoute, procedure }));
  script.contract(contractFixtures.agree(contractFixtures.specification));
};

const score = (bidId: string, criterionId: string, value: number): TenderCommand => ({ type: 'ScoreBid', data: { bidId, criterionId, score: value } });
const moderate = (bidId: string, criterionId: string, value: number): TenderCommand => ({
  type: 'ModerateScore',
  data: { bidId, criterionId, score: value, rationale: `Panel agreed ${value}` },
});

/** When the contract award notice is published: the day of the award decision, an hour after it. */
export const awardNoticePublishedAt = '2027-01-05T11:00:00.000Z';

/**
 * An open tender from the need to a contract in force: its tender notice (UK4), a clarification, two bids in time
 * and one late, one evaluator, the award to Alpha Care (£290,000 against Bravo's £300,000), the contract award
 * notice (UK6) approved and published and the standstill counted from it, then the contract's issue,
 * authorisation, both signatures, the contract details notice (UK7), master copy, mobilisation and activation on its
 * start date.
 */
export const openTenderToActive = (contractId?: string): ProcessScript => {
  const script = new ProcessScript(contractId);
  procurement(script);
  script.startTender(1, openTenderDetails, publishedAt);
  script.publishNotice('t1-UK4-1', publishedAt, 1);
  script.tender(1, { type: 'ExpressInterest', data: { supplierName: 'Alpha Care' } }, alpha, publishedAt);
  script.tender(1, { type: 'AskClarification', data: { question: 'Is transport included?' } }, alpha, '2026-12-01T10:00:00.000Z');
  script.tender(1, { type: 'AnswerClarification', data: { clarificationId: 'Q1', answer: 'Yes, within the county' } }, commissioner, '2026-12-02T10:00:00.000Z');
  script.tender(1, { type: 'AppointEvaluationPanel', data: { evaluators: ['ev-1'] } }, commissioner, '2026-12-02T10:00:00.000Z');
  script.tender(1, { type: 'EndClarificationPeriod', data: {} }, system, '2026-12-14T12:00:00.000Z');
  script.tender(1, tenderFixtures.bid('Alpha Care', tenderFixtures.pounds(290_000)), alpha, beforeClose);
  script.tender(1, tenderFixtures.bid('Bravo Care', tenderFixtures.pounds(300_000)), bravo, beforeClose);
  script.tender(1, tenderFixtures.bid('Delta Care', tenderFixtures.pounds(280_000)), delta, closesAt);
  script.tender(1, { type: 'CloseTender', data: {} }, system, '2026-12-21T12:00:05.000Z');
  script.tender(1, { type: 'DeclareConflictOfInterest', data: { conflicted: false } }, evaluator, evaluationDay);
  for (const [bidId, quality, social] of [['B1', 8, 6], ['B2', 6, 6]] as const) {
    script.tender(1, score(bidId, 'quality', quality), evaluator, evaluationDay);
    script.tender(1, score(bidId, 'social-value', social), evaluator, evaluationDay);
  }
  for (const [bidId, quality, social] of [['B1', 8, 6], ['B2', 6, 6]] as const) {
    script.tender(1, moderate(bidId, 'quality', quality), commissioner, '2027-01-04T10:00:00.000Z');
    script.tender(1, moderate(bidId, 'social-value', social), commissioner, '2027-01-04T10:00:00.000Z');
  }
  script.tender(1, { type: 'DecideAward', data: { reason: 'Most economically advantageous tender on the published criteria' } }, commissioner, awardDay);
  script.tender(1, { type: 'ApproveNotice', data: { noticeId: 't1-UK6-1' } }, commissioner, awardNoticePublishedAt);
  script.publishNotice('t1-UK6-1', awardNoticePublishedAt, 1);
  const [ended] = script.tender(1, { type: 'EndStandstill', data: {} }, system, '2027-01-15T00:00:00.000Z');
  script.recordAward(1, ended);
  script.contract(contractFixtures.issueContract({ startDate, endDate }), contractManager, '2027-01-18T10:00:00.000Z');
  script.contract(
    { type: 'AuthoriseContract', data: { authoriser: { id: 'rag-2027-01', body: 'resource-allocation-group' } } },
    commissioner,
    '2027-01-19T10:00:00.000Z',
  );
  script.contract(contractFixtures.signContract('provider', { name: 'Ana Alves', position: 'Director, Alpha Care' }), alpha, '2027-01-20T10:00:00.000Z');
  script.contract(contractFixtures.signContract('authority'), commissioner, '2027-01-21T10:00:00.000Z');
  script.contract({ type: 'ApproveNotice', data: { noticeId: 'c-UK7-1' } }, contractManager, '2027-01-21T15:00:00.000Z');
  script.publishNotice('c-UK7-1', '2027-01-21T15:00:00.000Z');
  script.contract(contractFixtures.recordMasterCopy(), contractManager, '2027-01-22T10:00:00.000Z');
  script.contract(contractFixtures.startMobilisation({ milestones: [] }), contractManager, '2027-01-25T10:00:00.000Z');
  script.contract(contractFixtures.activateContract(), contractManager, `${startDate}T09:00:00.000Z`);
  return script;
};

/** The contract fixtures' direct award, from opening to Active. */
export const directAwardToActive = (route: 'direct-award' | 'grant' = 'direct-award'): ProcessScript => {
  const script = new ProcessScript();
  for (const step of contractFixtures.directAwardToActive({ route })) script.contract(step.command, step.actor, step.now);
  return script;
};

/** An open tender cancelled before it closed, with the reason, and a second tender published after it. */
export const cancelledAndRetendered = (): ProcessScript => {
  const script = new ProcessScript();
  procurement(script);
  script.startTender(1, openTenderDetails, publishedAt);
  script.publishNotice('t1-UK4-1', publishedAt, 1);
  script.tender(1, { type: 'ExpressInterest', data: { supplierName: 'Alpha Care' } }, alpha, publishedAt);
  script.tender(1, { type: 'AskClarification', data: { question: 'Is transport included?' } }, alpha, '2026-12-01T10:00:00.000Z');
  script.tender(1, { type: 'AnswerClarification', data: { clarificationId: 'Q1', answer: 'Yes' } }, commissioner, '2026-12-02T10:00:00.000Z');
  script.tender(1, { type: 'CancelTender', data: { reason: 'Budget withdrawn by the cabinet' } }, commissioner, '2026-12-03T10:00:00.000Z');
  script.publishNotice('t1-UK12-1', '2026-12-03T10:00:00.000Z', 1);
  script.contract(
    { type: 'RecordTenderOutcome', data: { outcome: 'cancelled', tenderId: tenderIdFor(script.contractId, 1), reason: 'Budget withdrawn by the cabinet' } },
    system,
    '2026-12-03T10:00:01.000Z',
  );
  script.startTender(2, { ...openTenderDetails, clarificationDeadline: '2027-01-25T12:00:00.000Z', closesAt: '2027-02-01T12:00:00.000Z' }, '2027-01-04T09:00:00.000Z');
  script.publishNotice('t2-UK4-1', '2027-01-04T09:00:00.000Z', 2);
  return script;
};

/** A restricted procedure up to the invitation to tender: requests to participate, selection, the shortlist. */
export const restrictedToInvitation = (): ProcessScript => {
  const script = new ProcessScript();
  procurement(script, 'restricted');
  script.startTender(1, { title: 'Short breaks framework', procedure: 'restricted', clarificationDeadline: '2026-12-14T12:00:00.000Z', participationClosesAt: closesAt }, publishedAt);
  script.publishNotice('t1-UK4-1', publishedAt, 1);
  for (const bidder of [alpha, bravo]) script.tender(1, { type: 'ExpressInterest', data: { supplierName: bidder.organisation } }, bidder, publishedAt);
  script.tender(1, { type: 'CloseParticipation', data: {} }, system, closesAt);
  for (const organisation of ['alpha-care', 'bravo-care']) {
    script.tender(
      1,
      { type: 'AssessSupplier', data: { organisation, outcome: 'qualified', mandatoryExclusionGrounds: [], discretionaryExclusionGrounds: [] } },
      commissioner,
      evaluationDay,
    );
  }
  script.tender(
    1,
    { type: 'InviteToTender', data: { shortlist: ['alpha-care', 'bravo-care'], closesAt: '2027-02-01T12:00:00.000Z', clarificationDeadline: '2027-01-25T12:00:00.000Z' } },
    commissioner,
    '2026-12-23T10:00:00.000Z',
  );
  return script;
};

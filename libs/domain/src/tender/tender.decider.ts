import { roleRefused, tenderCommandPermissions } from '../access/permissions';
import { checkStageDeadline, explanationDeadline, standstillPeriod } from '../policy/deadlines.policy';
import { abnormallyLowBids, checkScore, meatRanking, parseEvaluationCriteria, type EvaluationCriterion } from '../policy/evaluation.policy';
import { defaultProcurementPolicy, type ProcurementPolicy, type TenderPeriodReduction } from '../policy/procurement-policy.schema';
import { afterLondonDay, londonDateOf } from '../policy/london-time';
import { assertNever, type Decider } from '../shared/decider';
import type { Actor, CommandContext } from '../shared/envelope.schema';
import { conflict, DomainError, forbidden, invalid } from '../shared/errors';
import type { TenderCommand, TenderCommandType } from './tender.commands';
import type { Supplier, TenderEvent, TenderRankedBid } from './tender.events';
import { awardSuspended, compliantBids, conflictedWith, evolveTender, initialTenderState, scoreKey, type OpenTender, type TenderState } from './tender.state';
import { currentTenderRules, type TenderRules } from './tender.rules';
import { approveNotice, draftNotice, latestNotice, mayApproveNotices, recordNoticePublication, unpublishedNotices } from '../notices/notice.ledger';
import type { NoticeEvent } from '../notices/notice.events';

const notFound = () => new DomainError('not-found', 'tender.not-found', 'No such tender');

/**
 * Role first, then tenancy. A tender is a public opportunity: any provider may express interest, ask and bid
 * (the rules then limit them to their own bids). Staff act only on their own organisation's tenders; anyone
 * else is told the tender does not exist, exactly as if it did not.
 */
const authorise = (type: TenderCommandType, actor: Actor, state: TenderState): void => {
  if (!tenderCommandPermissions[type].includes(actor.role)) {
    throw roleRefused(actor, `give the command ${type}`, tenderCommandPermissions[type]);
  }
  if (state.status !== 'open' || actor.role === 'provider' || actor.role === 'system') return;
  if (actor.organisation !== state.organisation) throw notFound();
};

const at = (instant: string): number => Date.parse(instant);
/** The UK calendar day of an instant: the Act's days are London days. */
const dateOf = londonDateOf;
/**
 * The instant a day-based deadline has passed, like every deadline instant here: the midnight after its day, London
 * time (GMT or BST), so the day counts to 23:59:59.999 London time.
 */
const endOfDay = afterLondonDay;

const isTwoStage = (tender: { procedure: OpenTender['procedure'] }, policy: ProcurementPolicy): boolean =>
  'participationDays' in policy.tenderPeriods[tender.procedure];

const requireOpen = (state: TenderState): OpenTender => {
  if (state.status !== 'open') throw notFound();
  return state;
};

const requirePhase = (tender: OpenTender, phases: readonly OpenTender['phase'][], code: string, what: string): void => {
  if (!phases.includes(tender.phase)) throw conflict(code, `${what}: the tender is in its ${tender.phase} phase`);
};

const requireBid = (tender: OpenTender, bidId: string) => {
  const bid = tender.bids[bidId];
  if (!bid) throw invalid('evaluation.unknown-bid', `The tender has no bid ${bidId}`, 'data.bidId');
  return bid;
};

const requireEvaluable = (tender: OpenTender, bidId: string) => {
  const bid = requireBid(tender, bidId);
  if (!compliantBids(tender).includes(bid)) {
    const why = bid.late ? 'it arrived after the closing time' : 'it was rejected or its supplier excluded';
    throw conflict('evaluation.bid-not-evaluable', `Bid ${bidId} is not evaluated: ${why}`, 'data.bidId');
  }
  return bid;
};

const requireScorableCriterion = (tender: OpenTender, criterionId: string): EvaluationCriterion => {
  const criterion = tender.criteria.find((entry) => entry.id === criterionId);
  if (!criterion) {
    throw conflict(
      'evaluation.criterion-not-published',
      `Bids are scored only against the published criteria; ${criterionId} is not one of them`,
      'data.criterionId',
    );
  }
  if (criterion.kind === 'price') {
    throw conflict('evaluation.price-score-is-derived', `The price criterion ${criterionId} is scored by formula`, 'data.criterionId');
  }
  return criterion;
};

const checkedScore = (score: number, policy: ProcurementPolicy): number => {
  try {
    return checkScore(score, policy);
  } catch (error) {
    if (error instanceof DomainError) throw invalid(error.code, error.message, 'data.score');
    throw error;
  }
};

const requireOnPanel = (tender: OpenTender, actor: Actor): void => {
  if (!tender.panel.includes(actor.id)) {
    throw forbidden('evaluation.not-on-panel', `${actor.id} is not on this tender's evaluation panel`);
  }
};

const checkDeadline = (
  tender: Pick<OpenTender, 'procedure'>,
  stage: 'participation' | 'tendering',
  now: string,
  closing: string,
  field: string,
  policy: ProcurementPolicy,
  reduction?: TenderPeriodReduction,
): void => {
  if (at(closing) <= at(now)) throw invalid('tender.closing-in-the-past', 'The closing time must be in the future', field);
  try {
    checkStageDeadline(
      { procedure: tender.procedure, stage, startsOn: dateOf(now), closesOn: dateOf(closing), ...(reduction ? { reduction } : {}) },
      policy,
    );
  } catch (error) {
    if (error instanceof DomainError) throw new DomainError(error.kind, error.code, error.message, field);
    throw error;
  }
};

const checkClarificationDeadline = (now: string, deadline: string, closing: string, field: string): void => {
  if (!(at(now) < at(deadline) && at(deadline) < at(closing))) {
    throw invalid('tender.clarification-deadline-invalid', 'The clarification deadline must fall between now and the closing time', field);
  }
};

/** Whether the tender publishes Procurement Act notices: under the rule, and when the Act covers it. */
const publishesNotices = (tender: { covered?: boolean | undefined }, rules: TenderRules): boolean => rules.statutoryNotices && tender.covered !== false;

/** The key of a tender's notices within its process: `t<n>` for the process's nth tender. */
const noticeKey = (tenderId: string): string => `t${tenderId.slice(tenderId.lastIndexOf('.') + 1)}`;

/**
 * A notice that a person's own decision approves as it drafts it, when the policy lets their role approve notices:
 * the tender notice with the start of the tender, the procurement termination notice with the cancellation. The
 * actor of both events is that person; a role the policy leaves out leaves the notice drafted, for someone who may.
 */
const draftedAndApproved = (drafted: NoticeEvent, actor: Actor, policy: ProcurementPolicy): TenderEvent[] =>
  mayApproveNotices(actor, policy)
    ? [drafted, { type: 'NoticeApproved', data: { noticeId: drafted.data.noticeId, noticeType: drafted.data.noticeType } }]
    : [drafted];

const publish = (
  state: TenderState,
  command: Extract<TenderCommand, { type: 'PublishTender' }>,
  context: CommandContext,
  policy: ProcurementPolicy,
  rules: TenderRules,
): TenderEvent[] => {
  if (state.status !== 'none') throw conflict('tender.already-published', 'This tender has already been published');
  const data = command.data;
  const criteria = parseEvaluationCriteria({ criteria: data.criteria }).criteria;
  const twoStage = isTwoStage(data, policy);
  const firstClosing = twoStage ? data.participationClosesAt : data.closesAt;
  const firstField = twoStage ? 'data.participationClosesAt' : 'data.closesAt';
  if (firstClosing === undefined) {
    throw invalid('tender.closing-time-required', `A ${data.procedure} procedure needs ${firstField.slice(5)}`, firstField);
  }
  if (twoStage && data.closesAt !== undefined) {
    throw invalid('tender.closing-set-at-invitation', `A ${data.procedure} procedure sets its closing time when it invites tenders`, 'data.closesAt');
  }
  if (policy.abnormallyLow.basis === 'estimate' && data.estimatePence === undefined) {
    throw invalid('tender.estimate-required', 'The abnormally-low rule compares bids with the estimate: give one', 'data.estimatePence');
  }
  checkDeadline(data, twoStage ? 'participation' : 'tendering', context.now, firstClosing, firstField, policy, data.reduction);
  checkClarificationDeadline(context.now, data.clarificationDeadline, firstClosing, 'data.clarificationDeadline');
  return [
    {
      type: 'TenderPublished',
      data: {
        tenderId: data.tenderId,
        contractId: data.contractId,
        organisation: context.actor.organisation,
        title: data.title,
        procedure: data.procedure,
        criteria,
        ...(data.estimatePence === undefined ? {} : { estimatePence: data.estimatePence }),
        ...(data.reduction === undefined ? {} : { reduction: data.reduction }),
        publishedAt: context.now,
        clarificationDeadline: data.clarificationDeadline,
        ...(twoStage ? { participationClosesAt: firstClosing } : { closesAt: firstClosing }),
        ...(data.covered === undefined ? {} : { covered: data.covered }),
      },
    },
    ...(publishesNotices(data, rules)
      ? draftedAndApproved(
          draftNotice(undefined, noticeKey(data.tenderId), 'UK4', {
            title: data.title,
            procedure: data.procedure,
            tenderId: data.tenderId,
            ...(data.estimatePence === undefined ? {} : { valuePence: data.estimatePence }),
            tenderPeriod: { startDate: context.now, ...(data.closesAt === undefined ? {} : { endDate: data.closesAt }) },
          }),
          context.actor,
          policy,
        )
      : []),
  ];
};

/** The time the current stage closes: participation, or the tender itself. */
const stageClosesAt = (tender: OpenTender): string | undefined =>
  tender.phase === 'participation' ? tender.participationClosesAt : tender.phase === 'tendering' ? tender.closesAt : undefined;

const mayTakePart = (tender: OpenTender, organisation: string): boolean =>
  tender.shortlist ? tender.shortlist.includes(organisation) : organisation in tender.interested || tender.phase === 'tendering';

const submitBid = (tender: OpenTender, command: Extract<TenderCommand, { type: 'SubmitBid' }>, context: CommandContext): TenderEvent[] => {
  const organisation = context.actor.organisation;
  if (['standstill', 'awarded', 'cancelled'].includes(tender.phase)) {
    throw conflict('tender.closed', `The tender closed at ${tender.closesAt ?? 'its closing time'} and is ${tender.phase}`);
  }
  if (tender.phase === 'participation' || tender.phase === 'shortlisting') {
    throw conflict('tender.not-open-for-bids', 'Bids are invited only after the shortlist is decided');
  }
  if (tender.shortlist && !tender.shortlist.includes(organisation)) {
    throw forbidden('tender.not-shortlisted', 'Only shortlisted suppliers are invited to tender');
  }
  if (Object.values(tender.bids).some((bid) => bid.supplier.organisation === organisation)) {
    throw conflict('bid.already-submitted', 'This supplier has already submitted a bid');
  }
  const bidId = `B${Object.keys(tender.bids).length + 1}`;
  const supplier: Supplier = { organisation, name: command.data.supplierName };
  const closesAt = tender.closesAt ?? context.now;
  if (tender.phase === 'evaluation' || at(context.now) >= at(closesAt)) {
    // The rules keep a late bid as evidence (and the API answers that the tender is closed); it is never evaluated.
    return [{ type: 'LateBidRecorded', data: { bidId, supplier, pricePence: command.data.pricePence, submittedAt: context.now, closedAt: closesAt } }];
  }
  return [
    {
      type: 'BidSubmitted',
      data: { bidId, supplier, pricePence: command.data.pricePence, documentsReference: command.data.documentsReference, submittedAt: context.now },
    },
  ];
};

const closeTender = (tender: OpenTender, context: CommandContext, policy: ProcurementPolicy): TenderEvent[] => {
  requirePhase(tender, ['tendering'], 'tender.not-tendering', 'Only a tender that is open for bids can close');
  const closesAt = tender.closesAt;
  if (closesAt === undefined || at(context.now) < at(closesAt)) throw conflict('tender.not-yet-closing', 'The closing time has not come');
  const bids = Object.values(tender.bids);
  const onTime = bids.filter((bid) => !bid.late);
  const low = abnormallyLowBids(
    onTime.map((bid) => ({ bidId: bid.bidId, pricePence: bid.pricePence, compliant: true, submittedAt: bid.submittedAt })),
    tender.estimatePence,
    policy,
  );
  return [
    {
      type: 'TenderClosed',
      data: { closedAt: closesAt, bids: onTime.map((bid) => bid.bidId), lateBids: bids.filter((bid) => bid.late).map((bid) => bid.bidId) },
    },
    ...low.map((entry): TenderEvent => ({ type: 'AbnormallyLowBidIdentified', data: entry })),
  ];
};

/**
 * The award decision. Under statutory notices it drafts the contract award notice (UK6) and the standstill waits
 * for its publication (`StandstillStarted`); before, the standstill ran from the day of the decision, as if a notice
 * had been published that day.
 */
const decideAward = (tender: OpenTender, reason: string, context: CommandContext, policy: ProcurementPolicy, rules: TenderRules): TenderEvent[] => {
  if (tender.phase === 'standstill' || tender.phase === 'awarded') throw conflict('award.already-decided', 'The award has already been decided');
  requirePhase(tender, ['evaluation'], 'award.not-in-evaluation', 'An award follows the evaluation');
  const undecided = Object.entries(tender.abnormallyLow).filter(([, entry]) => entry.status !== 'accepted' && entry.status !== 'rejected');
  if (undecided.length > 0) {
    throw conflict('award.abnormally-low-undecided', `Abnormally low bids still to decide: ${undecided.map(([bidId]) => bidId).join(', ')}`);
  }
  const compliant = compliantBids(tender);
  if (compliant.length === 0) throw conflict('award.no-compliant-bids', 'There is no compliant bid to award');
  const missing = compliant.flatMap((bid) =>
    tender.criteria
      .filter((criterion) => criterion.kind !== 'price' && tender.moderatedScores[scoreKey(bid.bidId, criterion.id)] === undefined)
      .map((criterion) => `${bid.bidId}/${criterion.id}`),
  );
  if (missing.length > 0) throw conflict('award.scores-incomplete', `Moderated scores are missing for ${missing.join(', ')}`);

  const ranking = meatRanking(
    compliant.map((bid) => ({ bidId: bid.bidId, pricePence: bid.pricePence, compliant: true, submittedAt: bid.submittedAt })),
    { criteria: tender.criteria },
    Object.entries(tender.moderatedScores).flatMap(([key, score]) => {
      const [bidId = '', criterionId = ''] = key.split('|');
      return compliant.some((bid) => bid.bidId === bidId) ? [{ bidId, criterionId, score }] : [];
    }),
    policy,
  );
  const ranked: TenderRankedBid[] = ranking.map((entry) => ({ ...entry, supplier: requireBid(tender, entry.bidId).supplier }));
  const winner = ranked[0];
  if (!winner) throw conflict('award.no-compliant-bids', 'There is no compliant bid to award');

  const notRankedBecause = (bidId: string): string | undefined => {
    const bid = requireBid(tender, bidId);
    if (bid.late) return 'The bid arrived after the closing time and was not evaluated';
    if (tender.abnormallyLow[bidId]?.status === 'rejected') return 'The bid was rejected as abnormally low';
    if (tender.assessments[bid.supplier.organisation] === 'excluded') return 'The supplier was excluded at selection';
    return undefined;
  };
  const letters = Object.values(tender.bids).map((bid): TenderEvent => {
    const own = ranked.find((entry) => entry.bidId === bid.bidId);
    const because = notRankedBecause(bid.bidId);
    return {
      type: 'AwardLetterIssued',
      data: {
        bidId: bid.bidId,
        supplier: bid.supplier,
        successful: bid.bidId === winner.bidId,
        own: own ? { rank: own.rank, total: own.total, breakdown: own.breakdown } : { breakdown: [] },
        winner: { supplier: winner.supplier, total: winner.total, breakdown: winner.breakdown },
        ...(because ? { notRankedBecause: because } : {}),
      },
    };
  });
  const award = { winningBidId: winner.bidId, supplier: winner.supplier, pricePence: winner.pricePence, ranking: ranked };
  if (publishesNotices(tender, rules)) {
    const notice = draftNotice(tender.notices, noticeKey(tender.tenderId), 'UK6', {
      title: tender.title,
      procedure: tender.procedure,
      tenderId: tender.tenderId,
      supplier: winner.supplier,
      valuePence: winner.pricePence,
      description: `Awarded to ${winner.supplier.name} as the most advantageous tender on the published criteria`,
    });
    return [{ type: 'AwardDecided', reason, data: award }, ...letters, notice];
  }
  const noticePublishedOn = dateOf(context.now);
  const standstill = standstillPeriod(noticePublishedOn, policy);
  return [
    {
      type: 'AwardDecided',
      reason,
      data: { ...award, noticePublishedOn, standstill: { firstDay: standstill.firstDay, lastDay: standstill.lastDay, endsAt: endOfDay(standstill.lastDay) } },
    },
    ...letters,
  ];
};

/**
 * The platform published a notice. The contract award notice's publication starts the standstill (s51: eight
 * working days by default, beginning with the day of publication), unless it was already running.
 */
const recordPublication = (tender: OpenTender, data: Extract<TenderCommand, { type: 'RecordNoticePublication' }>['data'], policy: ProcurementPolicy): TenderEvent[] => {
  const published = recordNoticePublication(tender.notices, data);
  const award = tender.award;
  if (published.data.noticeType !== 'UK6' || tender.phase !== 'standstill' || !award || award.standstillEndsAt !== undefined) return [published];
  const noticePublishedOn = dateOf(data.publishedAt);
  const standstill = standstillPeriod(noticePublishedOn, policy);
  return [
    published,
    {
      type: 'StandstillStarted',
      data: { noticeId: data.noticeId, noticePublishedOn, firstDay: standstill.firstDay, lastDay: standstill.lastDay, endsAt: endOfDay(standstill.lastDay) },
    },
  ];
};

const decideOpen = (tender: OpenTender, command: TenderCommand, context: CommandContext, policy: ProcurementPolicy, rules: TenderRules): TenderEvent[] => {
  const { actor, now } = context;
  switch (command.type) {
    case 'PublishTender':
      throw conflict('tender.already-published', 'This tender has already been published');
    case 'ExpressInterest': {
      requirePhase(tender, ['participation', 'tendering'], 'tender.participation-closed', 'Interest can no longer be expressed');
      if (tender.shortlist) throw conflict('tender.participation-closed', 'Only the shortlist is invited to tender now');
      const closes = stageClosesAt(tender);
      if (closes !== undefined && at(now) >= at(closes)) throw conflict('tender.participation-closed', `The stage closed at ${closes}`);
      if (actor.organisation in tender.interested) throw conflict('tender.interest-already-expressed', 'This supplier has already expressed interest');
      return [{ type: 'InterestExpressed', data: { supplier: { organisation: actor.organisation, name: command.data.supplierName } } }];
    }
    case 'AskClarification': {
      requirePhase(tender, ['participation', 'shortlisting', 'tendering'], 'clarification.closed', 'Questions are no longer taken');
      if (!(actor.organisation in tender.interested) || !mayTakePart(tender, actor.organisation)) {
        throw conflict('clarification.interest-required', 'Express interest in the tender before asking questions');
      }
      if (tender.clarificationPeriodEnded || at(now) >= at(tender.clarificationDeadline)) {
        throw conflict('clarification.deadline-passed', `Questions closed at ${tender.clarificationDeadline}`);
      }
      const clarificationId = `Q${tender.clarifications.length + 1}`;
      return [{ type: 'ClarificationRequested', data: { clarificationId, question: command.data.question, askedBy: actor.organisation } }];
    }
    case 'AnswerClarification': {
      requirePhase(tender, ['participation', 'shortlisting', 'tendering'], 'clarification.closed', 'Answers can no longer be published');
      const question = tender.clarifications.find((entry) => entry.clarificationId === command.data.clarificationId);
      if (!question) throw invalid('clarification.unknown', `No question ${command.data.clarificationId}`, 'data.clarificationId');
      if (question.answered) throw conflict('clarification.already-answered', `Question ${question.clarificationId} has been answered`);
      const recipients = Object.keys(tender.interested).filter((organisation) => mayTakePart(tender, organisation));
      return [
        {
          type: 'ClarificationAnswered',
          data: { clarificationId: question.clarificationId, question: question.question, answer: command.data.answer, recipients },
        },
      ];
    }
    case 'AssessSupplier': {
      const twoStage = isTwoStage(tender, policy);
      requirePhase(tender, [twoStage ? 'shortlisting' : 'evaluation'], 'selection.not-open', 'Suppliers are assessed at selection');
      const known = twoStage
        ? command.data.organisation in tender.interested
        : Object.values(tender.bids).some((bid) => bid.supplier.organisation === command.data.organisation);
      if (!known) throw invalid('selection.unknown-supplier', `${command.data.organisation} is not a candidate`, 'data.organisation');
      if (command.data.outcome === 'qualified' && command.data.mandatoryExclusionGrounds.length > 0) {
        throw conflict('selection.mandatory-exclusion-ground', 'A supplier with a mandatory exclusion ground must be excluded', 'data.outcome');
      }
      if (command.data.outcome === 'excluded' && [...command.data.mandatoryExclusionGrounds, ...command.data.discretionaryExclusionGrounds].length === 0) {
        throw invalid('selection.exclusion-needs-ground', 'An exclusion names the ground it rests on', 'data.mandatoryExclusionGrounds');
      }
      return [{ type: 'SupplierAssessed', data: command.data }];
    }
    case 'InviteToTender': {
      requirePhase(tender, ['shortlisting'], 'selection.not-open', 'Tenders are invited after participation closes');
      const shortlist = [...new Set(command.data.shortlist)];
      shortlist.forEach((organisation, index) => {
        if (tender.assessments[organisation] !== 'qualified') {
          throw conflict('selection.not-qualified', `${organisation} has not been assessed as qualified`, `data.shortlist.${index}`);
        }
      });
      checkDeadline(tender, 'tendering', now, command.data.closesAt, 'data.closesAt', policy);
      checkClarificationDeadline(now, command.data.clarificationDeadline, command.data.closesAt, 'data.clarificationDeadline');
      return [
        { type: 'ShortlistDecided', data: { shortlist } },
        {
          type: 'InvitationToTenderIssued',
          data: { recipients: shortlist, closesAt: command.data.closesAt, clarificationDeadline: command.data.clarificationDeadline },
        },
      ];
    }
    case 'SubmitBid':
      return submitBid(tender, command, context);
    case 'AppointEvaluationPanel':
      requirePhase(tender, ['participation', 'shortlisting', 'tendering', 'evaluation'], 'evaluation.closed', 'The panel can no longer change');
      return [{ type: 'EvaluationPanelAppointed', data: { evaluators: [...new Set(command.data.evaluators)] } }];
    case 'DeclareConflictOfInterest': {
      requireOnPanel(tender, actor);
      requirePhase(tender, ['participation', 'shortlisting', 'tendering', 'evaluation'], 'evaluation.closed', 'The evaluation is over');
      if (tender.declarations[actor.id]) throw conflict('evaluation.already-declared', 'This evaluator has already declared');
      const { conflicted, details, bidders } = command.data;
      if (conflicted && !details) {
        throw invalid('evaluation.conflict-details-required', 'A declared conflict says what it is', 'data.details');
      }
      if (rules.conflictsNameBidders && conflicted && bidders === undefined) {
        throw invalid('evaluation.conflict-bidders-required', 'A declared conflict names the bidders (organisations) it is with', 'data.bidders');
      }
      if (!conflicted && bidders !== undefined) {
        throw invalid('evaluation.bidders-only-with-conflict', 'Bidders are named only with a declared conflict', 'data.bidders');
      }
      return [
        {
          type: 'ConflictOfInterestDeclared',
          data: {
            evaluatorId: actor.id,
            conflicted,
            ...(details ? { details } : {}),
            ...(conflicted && bidders !== undefined ? { bidders: [...new Set(bidders)] } : {}),
          },
        },
      ];
    }
    case 'ScoreBid': {
      requireOnPanel(tender, actor);
      requirePhase(tender, ['evaluation'], 'evaluation.not-open', 'Bids are scored after the tender closes');
      const declaration = tender.declarations[actor.id];
      if (!declaration) throw conflict('evaluation.conflict-not-declared', 'Declare any conflict of interest before seeing or scoring bids');
      const bid = requireEvaluable(tender, command.data.bidId);
      if (conflictedWith(declaration, bid.supplier.organisation)) {
        throw forbidden('evaluation.evaluator-conflicted', `An evaluator with a declared conflict of interest with ${bid.supplier.organisation} may not score its bid`);
      }
      requireScorableCriterion(tender, command.data.criterionId);
      const score = checkedScore(command.data.score, policy);
      if (tender.individualScores[scoreKey(command.data.bidId, command.data.criterionId)]?.[actor.id] !== undefined) {
        throw conflict('evaluation.duplicate-score', 'This evaluator has already scored this bid against this criterion');
      }
      return [{ type: 'IndividualScoreRecorded', data: { ...command.data, score, evaluatorId: actor.id } }];
    }
    case 'ModerateScore': {
      requirePhase(tender, ['evaluation'], 'evaluation.not-open', 'Scores are moderated during the evaluation');
      requireEvaluable(tender, command.data.bidId);
      requireScorableCriterion(tender, command.data.criterionId);
      const score = checkedScore(command.data.score, policy);
      const key = scoreKey(command.data.bidId, command.data.criterionId);
      const individual = Object.entries(tender.individualScores[key] ?? {});
      if (individual.length === 0) throw conflict('evaluation.no-individual-scores', 'Moderation needs the evaluators’ individual scores first');
      if (tender.moderatedScores[key] !== undefined) throw conflict('evaluation.already-moderated', 'This score has already been moderated');
      return [
        {
          type: 'ScoreModerated',
          data: { ...command.data, score, individualScores: individual.map(([evaluatorId, value]) => ({ evaluatorId, score: value })) },
        },
      ];
    }
    case 'RequestExplanation': {
      requirePhase(tender, ['evaluation'], 'evaluation.not-open', 'Explanations are asked for during the evaluation');
      const entry = tender.abnormallyLow[command.data.bidId];
      if (!entry) throw conflict('evaluation.not-abnormally-low', `Bid ${command.data.bidId} is not abnormally low`, 'data.bidId');
      if (entry.status !== 'identified') throw conflict('evaluation.explanation-already-requested', 'An explanation has already been asked for');
      const dueOn = explanationDeadline(dateOf(now), policy);
      const bid = requireBid(tender, command.data.bidId);
      return [{ type: 'ExplanationRequested', data: { bidId: bid.bidId, supplier: bid.supplier.organisation, dueOn, deadline: endOfDay(dueOn) } }];
    }
    case 'SubmitExplanation': {
      const bid = tender.bids[command.data.bidId];
      if (!bid || bid.supplier.organisation !== actor.organisation) throw new DomainError('not-found', 'bid.not-found', 'No such bid', 'data.bidId');
      const entry = tender.abnormallyLow[bid.bidId];
      if (entry?.status !== 'explanation-requested') throw conflict('evaluation.explanation-not-requested', 'No explanation is awaited for this bid');
      if (entry.deadline !== undefined && at(now) >= at(entry.deadline)) {
        throw conflict('evaluation.explanation-deadline-passed', `Explanations were due by ${entry.deadline}`);
      }
      return [{ type: 'ExplanationSubmitted', data: command.data }];
    }
    case 'DecideAbnormallyLowBid': {
      requirePhase(tender, ['evaluation'], 'evaluation.not-open', 'Abnormally low bids are decided during the evaluation');
      const entry = tender.abnormallyLow[command.data.bidId];
      if (!entry) throw conflict('evaluation.not-abnormally-low', `Bid ${command.data.bidId} is not abnormally low`, 'data.bidId');
      if (entry.status === 'accepted' || entry.status === 'rejected') throw conflict('evaluation.already-decided', 'This bid has been decided');
      if (entry.status === 'identified') {
        throw conflict('evaluation.explanation-required', 'Ask the bidder to explain its price before deciding on it');
      }
      if (entry.status === 'explanation-requested' && entry.deadline !== undefined && at(now) < at(entry.deadline)) {
        throw conflict('evaluation.explanation-pending', `The bidder has until ${entry.deadline} to explain`);
      }
      if (command.data.decision === 'accept' && command.data.breachesLegalObligations) {
        throw conflict(
          'evaluation.must-reject-legal-breach',
          'A price that breaches legal obligations (such as the minimum wage) must be rejected',
          'data.decision',
        );
      }
      const { bidId, reason } = command.data;
      return command.data.decision === 'accept'
        ? [{ type: 'AbnormallyLowBidAccepted', reason, data: { bidId } }]
        : [
            {
              type: 'AbnormallyLowBidRejected',
              reason,
              data: { bidId, breachesLegalObligations: command.data.breachesLegalObligations, explained: entry.explained },
            },
          ];
    }
    case 'DecideAward':
      return decideAward(tender, command.data.reason, context, policy, rules);
    case 'RecordChallenge': {
      requirePhase(tender, ['standstill'], 'award.not-in-standstill', 'A challenge suspends an award only during standstill');
      const challengeId = `C${Object.keys(tender.challenges).length + 1}`;
      return [{ type: 'ChallengeRecorded', data: { challengeId, challenger: command.data.challenger, grounds: command.data.grounds } }];
    }
    case 'ResolveChallenge': {
      const challenge = tender.challenges[command.data.challengeId];
      if (!challenge) throw invalid('challenge.unknown', `No challenge ${command.data.challengeId}`, 'data.challengeId');
      if (!challenge.open) throw conflict('challenge.already-resolved', 'This challenge has been resolved');
      const { challengeId, outcome, reason } = command.data;
      const resolved: TenderEvent = { type: 'ChallengeResolved', reason, data: { challengeId, outcome } };
      if (outcome !== 'upheld') return [resolved];
      // An award set aside before its notice was published is never published.
      const withdrawn = unpublishedNotices(tender.notices, 'UK6').map(
        ({ noticeId, noticeType }): TenderEvent => ({ type: 'NoticeWithdrawn', reason, data: { noticeId, noticeType } }),
      );
      return [resolved, { type: 'AwardSetAside', reason, data: { challengeId } }, ...withdrawn];
    }
    case 'CancelTender': {
      if (tender.phase === 'cancelled') throw conflict('tender.already-cancelled', 'The tender has been cancelled');
      if (tender.phase === 'awarded') throw conflict('tender.already-awarded', 'The tender has been awarded');
      const cancelled: TenderEvent = { type: 'TenderCancelled', reason: command.data.reason, data: { phase: tender.phase } };
      // s55: once a tender notice has gone out, ending the procurement without an award is published too (UK12).
      if (!publishesNotices(tender, rules) || !latestNotice(tender.notices, 'UK4')) return [cancelled];
      const withdrawn = unpublishedNotices(tender.notices, 'UK6').map(
        ({ noticeId, noticeType }): TenderEvent => ({ type: 'NoticeWithdrawn', reason: command.data.reason, data: { noticeId, noticeType } }),
      );
      const termination = draftNotice(tender.notices, noticeKey(tender.tenderId), 'UK12', {
        title: tender.title,
        procedure: tender.procedure,
        tenderId: tender.tenderId,
        description: command.data.reason,
      });
      return [cancelled, ...withdrawn, ...draftedAndApproved(termination, actor, policy)];
    }
    case 'ApproveNotice':
      return [approveNotice(tender.notices, command.data.noticeId, actor, policy)];
    case 'RecordNoticePublication':
      return recordPublication(tender, command.data, policy);
    case 'EndClarificationPeriod':
      if (tender.clarificationPeriodEnded || at(now) < at(tender.clarificationDeadline)) {
        throw conflict('deadline.not-due', 'The clarification deadline has not come or has been recorded');
      }
      return [
        {
          type: 'ClarificationPeriodEnded',
          data: {
            deadline: tender.clarificationDeadline,
            unanswered: tender.clarifications.filter((entry) => !entry.answered).map((entry) => entry.clarificationId),
          },
        },
      ];
    case 'CloseParticipation':
      requirePhase(tender, ['participation'], 'deadline.not-due', 'Participation is not open');
      if (tender.participationClosesAt === undefined || at(now) < at(tender.participationClosesAt)) {
        throw conflict('deadline.not-due', 'Participation has not reached its closing time');
      }
      return [{ type: 'ParticipationClosed', data: { closedAt: tender.participationClosesAt, candidates: Object.keys(tender.interested) } }];
    case 'CloseTender':
      return closeTender(tender, context, policy);
    case 'PassExplanationDeadline': {
      const entry = tender.abnormallyLow[command.data.bidId];
      if (!entry?.deadline || entry.deadlinePassed || at(now) < at(entry.deadline)) {
        throw conflict('deadline.not-due', 'That explanation deadline has not come or has been recorded');
      }
      return [{ type: 'ExplanationDeadlinePassed', data: { bidId: command.data.bidId, explained: entry.explained } }];
    }
    case 'EndStandstill': {
      requirePhase(tender, ['standstill'], 'deadline.not-due', 'There is no standstill running');
      const award = tender.award;
      if (!award?.standstillEndsAt || awardSuspended(tender) || at(now) < at(award.standstillEndsAt)) {
        throw conflict('deadline.not-due', 'The standstill has not ended or a challenge suspends the award');
      }
      return [
        { type: 'StandstillEnded', data: { endedAt: now, winningBidId: award.winningBidId, supplier: award.supplier, pricePence: award.pricePence } },
      ];
    }
    default:
      return assertNever(command);
  }
};

/**
 * Decides a tender command. Pure: the time comes in the context, then the deployment's procurement policy and the
 * rules the tender's workflow adopted (the current ones when left out).
 */
export const decideTender = (
  command: TenderCommand,
  state: TenderState,
  context: CommandContext,
  policy: ProcurementPolicy = defaultProcurementPolicy,
  rules: TenderRules = currentTenderRules,
): TenderEvent[] => {
  authorise(command.type, context.actor, state);
  if (command.type === 'PublishTender') return publish(state, command, context, policy, rules);
  return decideOpen(requireOpen(state), command, context, policy, rules);
};

export const tenderDeciderFor = (policy: ProcurementPolicy, rules: TenderRules = currentTenderRules): Decider<TenderCommand, TenderEvent, TenderState> => ({
  initialState: initialTenderState,
  decide: (command, state, context) => decideTender(command, state, context, policy, rules),
  evolve: evolveTender,
});

export const tenderDecider = tenderDeciderFor(defaultProcurementPolicy);

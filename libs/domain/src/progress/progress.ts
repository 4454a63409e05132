import { authorisingBodies, commandPermissions, contractNotFound, signingRoles } from '../access/permissions';
import type { ContractCommandType } from '../contract/contract.commands';
import { partiesAwaited, type ContractState, type OpenContract, type Stage } from '../contract/contract.state';
import type { Role } from '../shared/envelope.schema';
import type { TenderCommandType } from '../tender/tender.commands';
import { tenderCommandPermissions } from '../access/permissions';
import { tenderDeadlines } from '../tender/tender.deadlines';
import { awardSuspended, compliantBids, conflictedWith, scoreKey, type OpenTender, type TenderPhase, type TenderState } from '../tender/tender.state';

/** One thing that takes the commission on: who may do it, the command they give, and when. */
export interface NextStep {
  who: Role;
  what: ContractCommandType | TenderCommandType;
  /** The latest instant it can be done: a closing time or deadline of the rules. */
  by?: string;
  /** The earliest instant it can be done, where the rules set one (a contract goes live on its start date). */
  from?: string;
}

/** Where a commission is and what happens next, by when: the commissioner's question, answered from the states. */
export interface CommissionProgress {
  stage: Stage;
  /** The phase of the contract's current tender, when it has one. */
  tenderPhase?: TenderPhase;
  /** What can be done now: people's steps first, then the facts the workflows record when their deadlines come. */
  nextSteps: NextStep[];
  /** The earliest deadline a workflow is waiting for, and what it records then. */
  nextDeadline?: { at: string; what: TenderCommandType };
}

type Timing = Pick<NextStep, 'by' | 'from'>;

/** One step per role that may give the command: the permissions stay the one place that says who may. */
const contractStep = (what: ContractCommandType, timing: Timing = {}, roles = commandPermissions[what]): NextStep[] =>
  roles.map((who) => ({ who, what, ...timing }));

const tenderStep = (what: TenderCommandType, timing: Timing = {}): NextStep[] =>
  tenderCommandPermissions[what].map((who) => ({ who, what, ...timing }));

const startOfDay = (date: string): string => `${date}T00:00:00.000Z`;

/** Clarifications run through the stages in which suppliers can still take part. */
const clarificationSteps = (tender: OpenTender, before: (instant: string) => boolean): NextStep[] => [
  ...(!tender.clarificationPeriodEnded && before(tender.clarificationDeadline)
    ? tenderStep('AskClarification', { by: tender.clarificationDeadline })
    : []),
  ...(tender.clarifications.some((question) => !question.answered) ? tenderStep('AnswerClarification') : []),
];

/**
 * The evaluation: each evaluator declares before seeing bids, scores each compliant bid against each published
 * criterion that is not price, the commissioner moderates each score and decides abnormally low prices, then
 * decides the award once nothing is missing. A panel of none, or of only the conflicted, needs evaluators appointed.
 */
const evaluationSteps = (tender: OpenTender, before: (instant: string) => boolean): NextStep[] => {
  const bids = compliantBids(tender);
  if (bids.length === 0) return tenderStep('CancelTender');
  const undeclared = tender.panel.some((id) => tender.declarations[id] === undefined);
  // Who may score each bid: the declared evaluators whose conflict, if any, is not with its bidder.
  const scorersOf = (organisation: string) =>
    tender.panel.filter((id) => {
      const declaration = tender.declarations[id];
      return declaration !== undefined && !conflictedWith(declaration, organisation);
    });
  const pending = bids.flatMap((bid) =>
    tender.criteria
      .filter((criterion) => criterion.kind !== 'price')
      .map((criterion) => ({ key: scoreKey(bid.bidId, criterion.id), scorers: scorersOf(bid.supplier.organisation) }))
      .filter(({ key }) => tender.moderatedScores[key] === undefined),
  );
  const unmoderated = pending.map(({ key }) => key);
  const lowPrices = Object.values(tender.abnormallyLow).filter((entry) => entry.status !== 'accepted' && entry.status !== 'rejected');
  const explaining = (entry: (typeof lowPrices)[number]) =>
    entry.status === 'explanation-requested' && entry.deadline !== undefined && before(entry.deadline);
  return [
    // A bid every declared evaluator is conflicted with needs another evaluator to score it.
    ...(!undeclared && pending.some(({ scorers }) => scorers.length === 0) ? tenderStep('AppointEvaluationPanel') : []),
    ...(undeclared ? tenderStep('DeclareConflictOfInterest') : []),
    ...(pending.some(({ key, scorers: those }) => those.some((id) => tender.individualScores[key]?.[id] === undefined)) ? tenderStep('ScoreBid') : []),
    ...(unmoderated.some((key) => Object.keys(tender.individualScores[key] ?? {}).length > 0) ? tenderStep('ModerateScore') : []),
    ...(lowPrices.some((entry) => entry.status === 'identified') ? tenderStep('RequestExplanation') : []),
    ...lowPrices.filter(explaining).flatMap((entry) => tenderStep('SubmitExplanation', entry.deadline ? { by: entry.deadline } : {})),
    ...(lowPrices.some((entry) => entry.status !== 'identified' && !explaining(entry)) ? tenderStep('DecideAbnormallyLowBid') : []),
    ...(unmoderated.length === 0 && lowPrices.length === 0 ? tenderStep('DecideAward') : []),
  ];
};

/** What people can do in the tender's current phase, given the time. */
const tenderPeopleSteps = (tender: OpenTender, now: string): NextStep[] => {
  const before = (instant: string | undefined) => instant !== undefined && Date.parse(now) < Date.parse(instant);
  const panel = [
    ...(tender.panel.length === 0 ? tenderStep('AppointEvaluationPanel') : []),
    ...(tender.panel.some((id) => tender.declarations[id] === undefined) ? tenderStep('DeclareConflictOfInterest') : []),
  ];
  switch (tender.phase) {
    case 'participation':
      return [
        ...(before(tender.participationClosesAt) ? tenderStep('ExpressInterest', { by: tender.participationClosesAt }) : []),
        ...clarificationSteps(tender, before),
      ];
    case 'shortlisting': {
      const candidates = Object.keys(tender.interested);
      if (candidates.length === 0) return tenderStep('CancelTender');
      return [
        ...(candidates.some((organisation) => tender.assessments[organisation] === undefined) ? tenderStep('AssessSupplier') : []),
        ...(Object.values(tender.assessments).includes('qualified') ? tenderStep('InviteToTender') : []),
        ...clarificationSteps(tender, before),
      ];
    }
    case 'tendering':
      return [
        ...(before(tender.closesAt) && !tender.shortlist ? tenderStep('ExpressInterest', { by: tender.closesAt }) : []),
        ...(before(tender.closesAt) ? tenderStep('SubmitBid', { by: tender.closesAt }) : []),
        ...clarificationSteps(tender, before),
        ...panel,
      ];
    case 'evaluation':
      return evaluationSteps(tender, before);
    case 'standstill':
      if (awardSuspended(tender)) return tenderStep('ResolveChallenge');
      // Under statutory notices the standstill waits for the contract award notice: someone must approve it.
      return Object.values(tender.notices ?? {}).some((notice) => notice.status === 'drafted') ? tenderStep('ApproveNotice') : [];
    case 'awarded':
    case 'cancelled':
      return [];
  }
};

/** The roles that may record the authority to purchase for the body the route named. */
const authorisingRoles = (contract: OpenContract): readonly Role[] => {
  const body = contract.route?.authoriser.body;
  return commandPermissions.AuthoriseContract.filter((role) => body === undefined || authorisingBodies[role]?.includes(body));
};

/** From award to mobilisation, one step at a time: issue, authorise, both signatures, the master copy. */
const contractIssueSteps = (contract: OpenContract): NextStep[] => {
  if (!contract.issued) return contractStep('IssueContract');
  if (!contract.authorisation) return contractStep('AuthoriseContract', {}, authorisingRoles(contract));
  const awaited = partiesAwaited(contract);
  if (awaited.length > 0) return awaited.flatMap((party) => contractStep('SignContract', {}, signingRoles[party]));
  if (!contract.masterCopy) return contractStep('RecordMasterCopy');
  return contractStep('StartMobilisation');
};

const withoutRepeats = (steps: readonly NextStep[]): NextStep[] => {
  const seen = new Set<string>();
  return steps.filter((step) => {
    const key = `${step.who}|${step.what}|${step.by ?? ''}|${step.from ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};

/** The running tender's part: its phase, what people can do in it, and the deadlines its workflow sleeps until. */
const procurementProgress = (contract: OpenContract, tender: OpenTender | undefined, now: string): Omit<CommissionProgress, 'stage'> => {
  if (contract.tender === undefined || contract.tender.status === 'cancelled') return { nextSteps: contractStep('StartTender') };
  // Started but not yet published by its workflow: nothing to do but wait for it.
  if (tender === undefined) return { nextSteps: [] };
  const tenderPhase = tender.phase;
  // The tender has ended; the contract's workflow records how, and only then can the contract move on.
  if (tenderPhase === 'awarded' || tenderPhase === 'cancelled') return { tenderPhase, nextSteps: contractStep('RecordTenderOutcome') };
  const deadlines = tenderDeadlines(tender);
  const first = deadlines[0];
  return {
    tenderPhase,
    nextSteps: withoutRepeats([
      ...tenderPeopleSteps(tender, now),
      ...deadlines.map((deadline): NextStep => ({ who: 'system', what: deadline.command.type, by: deadline.at })),
    ]),
    ...(first ? { nextDeadline: { at: first.at, what: first.command.type } } : {}),
  };
};

/**
 * Where the commission is and what happens next, by when, from the contract's state and, when it has one, its
 * current tender's (a tender of another number is ignored). Pure: `now` decides which closing times have passed.
 * Only what can be done now is listed (after authorisation come the signatures, not before); a contract that is
 * active has no next step here, its management being the monitoring's.
 */
export const commissionProgress = (contract: ContractState, tender: TenderState | undefined, now: string): CommissionProgress => {
  if (contract.status !== 'open') throw contractNotFound();
  const { stage } = contract;
  const current = tender?.status === 'open' && tender.tenderId === contract.tender?.tenderId ? tender : undefined;
  const phase = current ? { tenderPhase: current.phase } : {};
  switch (stage) {
    case 'needs-assessment':
      return { stage, nextSteps: contractStep('RecordNeedsAssessment') };
    case 'route-decision':
      return { stage, nextSteps: contractStep('DecideRoute') };
    case 'specification':
      return { stage, nextSteps: contractStep('AgreeSpecification') };
    case 'procurement':
      return { stage, ...procurementProgress(contract, current, now) };
    case 'award':
      return { stage, nextSteps: contractStep('AwardDirectly') };
    case 'contract-issue':
      return { stage, ...phase, nextSteps: contractIssueSteps(contract) };
    case 'mobilisation':
      return { stage, ...phase, nextSteps: contractStep('ActivateContract', contract.issued ? { from: startOfDay(contract.issued.startDate) } : {}) };
    case 'active':
    case 'terminated':
    case 'expired':
    case 'decommissioned':
      return { stage, ...phase, nextSteps: [] };
  }
};

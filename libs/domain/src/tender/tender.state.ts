import type { EvaluationCriterion } from '../policy/evaluation.policy';
import type { ProcurementProcedure } from '../policy/procurement-policy.schema';
import { assertNever } from '../shared/decider';
import { evolveNotices, type NoticeLedger } from '../notices/notice.ledger';
import type { Supplier, TenderEvent, TenderEventData } from './tender.events';

/**
 * Where a tender stands.
 * - participation: two-stage procedures; requests to participate (expressions of interest) until they close;
 * - shortlisting: participation closed; candidates assessed against exclusion grounds, then invited to tender;
 * - tendering: bids accepted until the closing time;
 * - evaluation: closed; conflicts declared, bids scored and moderated, abnormally low prices explained;
 * - standstill: award decided, letters sent; the contract may not be entered into until it ends;
 * - awarded: standstill ended without a challenge standing; the contract workflow takes over;
 * - cancelled.
 */
export type TenderPhase = 'participation' | 'shortlisting' | 'tendering' | 'evaluation' | 'standstill' | 'awarded' | 'cancelled';

export interface Bid {
  bidId: string;
  supplier: Supplier;
  pricePence: number;
  submittedAt: string;
  late: boolean;
}

export type AbnormallyLowStatus = 'identified' | 'explanation-requested' | 'explained' | 'deadline-passed' | 'accepted' | 'rejected';

export interface AbnormallyLowCase {
  status: AbnormallyLowStatus;
  explained: boolean;
  deadline?: string;
  /** The explanation deadline's timer has fired and been recorded. */
  deadlinePassed: boolean;
}

export interface Clarification {
  clarificationId: string;
  question: string;
  askedBy: string;
  answered: boolean;
  /** Published to every supplier taking part, so each reads it in the tender as well as in its notification. */
  answer?: string;
}

export interface Award {
  winningBidId: string;
  supplier: Supplier;
  pricePence: number;
  /**
   * When the standstill ends: from the award decision for an award decided before statutory notices; since, unset
   * until the contract award notice is published.
   */
  standstillEndsAt?: string;
}

/**
 * An evaluator's declaration of interests. A conflict names the bidders (organisations) it is with; one recorded
 * before conflicts named bidders has none and is with every bidder.
 */
export interface Declaration {
  conflicted: boolean;
  bidders?: string[];
}

/** Whether the declaration bars its evaluator from the bids of this bidder's organisation. */
export const conflictedWith = (declaration: Declaration, organisation: string): boolean =>
  declaration.conflicted && (declaration.bidders === undefined || declaration.bidders.some((bidder) => bidder.toLowerCase() === organisation.toLowerCase()));

export interface OpenTender {
  status: 'open';
  tenderId: string;
  contractId: string;
  organisation: string;
  title: string;
  procedure: ProcurementProcedure;
  criteria: EvaluationCriterion[];
  estimatePence?: number;
  phase: TenderPhase;
  publishedAt: string;
  clarificationDeadline: string;
  clarificationPeriodEnded: boolean;
  participationClosesAt?: string;
  closesAt?: string;
  /** Suppliers that expressed interest (or bid), by organisation: clarification answers go to all of them. */
  interested: Record<string, Supplier>;
  assessments: Record<string, 'qualified' | 'excluded'>;
  shortlist?: string[];
  clarifications: Clarification[];
  bids: Record<string, Bid>;
  panel: string[];
  declarations: Record<string, Declaration>;
  /** `${bidId}|${criterionId}` → evaluator → score. */
  individualScores: Record<string, Record<string, number>>;
  /** `${bidId}|${criterionId}` → moderated score. */
  moderatedScores: Record<string, number>;
  abnormallyLow: Record<string, AbnormallyLowCase>;
  award?: Award;
  challenges: Record<string, { open: boolean }>;
  cancelled: boolean;
  /** The tender's Procurement Act notices (absent from tenders run before statutory notices). */
  notices?: NoticeLedger;
  /** False for a procurement the Procurement Act 2023 does not cover, which publishes no notices. */
  covered?: boolean;
}

export type TenderState = { status: 'none' } | OpenTender;

export const initialTenderState = (): TenderState => ({ status: 'none' });

export const scoreKey = (bidId: string, criterionId: string): string => `${bidId}|${criterionId}`;

const published = (data: TenderEventData<'TenderPublished'>): OpenTender => ({
  status: 'open',
  tenderId: data.tenderId,
  contractId: data.contractId,
  organisation: data.organisation,
  title: data.title,
  procedure: data.procedure,
  criteria: data.criteria,
  ...(data.estimatePence === undefined ? {} : { estimatePence: data.estimatePence }),
  phase: data.participationClosesAt === undefined ? 'tendering' : 'participation',
  publishedAt: data.publishedAt,
  clarificationDeadline: data.clarificationDeadline,
  clarificationPeriodEnded: false,
  ...(data.participationClosesAt === undefined ? {} : { participationClosesAt: data.participationClosesAt }),
  ...(data.closesAt === undefined ? {} : { closesAt: data.closesAt }),
  ...(data.covered === undefined ? {} : { covered: data.covered }),
  interested: {},
  assessments: {},
  clarifications: [],
  bids: {},
  panel: [],
  declarations: {},
  individualScores: {},
  moderatedScores: {},
  abnormallyLow: {},
  challenges: {},
  cancelled: false,
});

const withCase = (tender: OpenTender, bidId: string, change: Partial<AbnormallyLowCase>): OpenTender => {
  const current = tender.abnormallyLow[bidId] ?? { status: 'identified' as const, explained: false, deadlinePassed: false };
  return { ...tender, abnormallyLow: { ...tender.abnormallyLow, [bidId]: { ...current, ...change } } };
};

const evolveOpen = (tender: OpenTender, event: TenderEvent): OpenTender => {
  switch (event.type) {
    case 'TenderPublished':
      throw new Error('TenderPublished cannot apply twice');
    case 'InterestExpressed':
      return { ...tender, interested: { ...tender.interested, [event.data.supplier.organisation]: event.data.supplier } };
    case 'ClarificationRequested':
      return {
        ...tender,
        clarifications: [...tender.clarifications, { ...event.data, answered: false }],
      };
    case 'ClarificationAnswered':
      return {
        ...tender,
        clarifications: tender.clarifications.map((entry) =>
          entry.clarificationId === event.data.clarificationId ? { ...entry, answered: true, answer: event.data.answer } : entry,
        ),
      };
    case 'ClarificationPeriodEnded':
      return { ...tender, clarificationPeriodEnded: true };
    case 'ParticipationClosed':
      return { ...tender, phase: 'shortlisting' };
    case 'SupplierAssessed':
      return { ...tender, assessments: { ...tender.assessments, [event.data.organisation]: event.data.outcome } };
    case 'ShortlistDecided':
      return { ...tender, shortlist: event.data.shortlist };
    case 'InvitationToTenderIssued':
      return {
        ...tender,
        phase: 'tendering',
        closesAt: event.data.closesAt,
        clarificationDeadline: event.data.clarificationDeadline,
        clarificationPeriodEnded: false,
      };
    case 'BidSubmitted':
    case 'LateBidRecorded': {
      const { bidId, supplier, pricePence, submittedAt } = event.data;
      return {
        ...tender,
        interested: { ...tender.interested, [supplier.organisation]: supplier },
        bids: { ...tender.bids, [bidId]: { bidId, supplier, pricePence, submittedAt, late: event.type === 'LateBidRecorded' } },
      };
    }
    case 'TenderClosed':
      return { ...tender, phase: 'evaluation' };
    case 'EvaluationPanelAppointed':
      return { ...tender, panel: [...new Set([...tender.panel, ...event.data.evaluators])] };
    case 'ConflictOfInterestDeclared': {
      const { evaluatorId, conflicted, bidders } = event.data;
      return { ...tender, declarations: { ...tender.declarations, [evaluatorId]: { conflicted, ...(bidders === undefined ? {} : { bidders }) } } };
    }
    case 'IndividualScoreRecorded': {
      const key = scoreKey(event.data.bidId, event.data.criterionId);
      return {
        ...tender,
        individualScores: {
          ...tender.individualScores,
          [key]: { ...tender.individualScores[key], [event.data.evaluatorId]: event.data.score },
        },
      };
    }
    case 'ScoreModerated':
      return {
        ...tender,
        moderatedScores: { ...tender.moderatedScores, [scoreKey(event.data.bidId, event.data.criterionId)]: event.data.score },
      };
    case 'AbnormallyLowBidIdentified':
      return withCase(tender, event.data.bidId, { status: 'identified', explained: false, deadlinePassed: false });
    case 'ExplanationRequested':
      return withCase(tender, event.data.bidId, { status: 'explanation-requested', deadline: event.data.deadline });
    case 'ExplanationSubmitted':
      return withCase(tender, event.data.bidId, { status: 'explained', explained: true });
    case 'ExplanationDeadlinePassed':
      return withCase(tender, event.data.bidId, event.data.explained ? { deadlinePassed: true } : { status: 'deadline-passed', deadlinePassed: true });
    case 'AbnormallyLowBidAccepted':
      return withCase(tender, event.data.bidId, { status: 'accepted' });
    case 'AbnormallyLowBidRejected':
      return withCase(tender, event.data.bidId, { status: 'rejected' });
    case 'AwardDecided':
      return {
        ...tender,
        phase: 'standstill',
        award: {
          winningBidId: event.data.winningBidId,
          supplier: event.data.supplier,
          pricePence: event.data.pricePence,
          ...(event.data.standstill === undefined ? {} : { standstillEndsAt: event.data.standstill.endsAt }),
        },
      };
    case 'StandstillStarted':
      if (!tender.award) throw new Error('StandstillStarted cannot apply without an award');
      return { ...tender, award: { ...tender.award, standstillEndsAt: event.data.endsAt } };
    case 'AwardLetterIssued':
      return tender;
    case 'ChallengeRecorded':
      return { ...tender, challenges: { ...tender.challenges, [event.data.challengeId]: { open: true } } };
    case 'ChallengeResolved':
      return { ...tender, challenges: { ...tender.challenges, [event.data.challengeId]: { open: false } } };
    case 'AwardSetAside': {
      const { award: _setAside, ...rest } = tender;
      return { ...rest, phase: 'evaluation' };
    }
    case 'StandstillEnded':
      return { ...tender, phase: 'awarded' };
    case 'TenderCancelled':
      return { ...tender, phase: 'cancelled', cancelled: true };
    case 'NoticeDrafted':
    case 'NoticeApproved':
    case 'NoticePublished':
    case 'NoticeWithdrawn':
      return { ...tender, notices: evolveNotices(tender.notices, event) };
    default:
      return assertNever(event);
  }
};

export const evolveTender = (state: TenderState, event: TenderEvent): TenderState => {
  if (event.type === 'TenderPublished') {
    if (state.status !== 'none') throw new Error('TenderPublished cannot apply twice');
    return published(event.data);
  }
  if (state.status !== 'open') throw new Error(`${event.type} cannot apply to a tender that was never published`);
  return evolveOpen(state, event);
};

/** True while a challenge recorded during standstill is unresolved: the award is suspended. */
export const awardSuspended = (tender: OpenTender): boolean => Object.values(tender.challenges).some((challenge) => challenge.open);

/** Bids that count: on time, not rejected as abnormally low, from suppliers not excluded. */
export const compliantBids = (tender: OpenTender): Bid[] =>
  Object.values(tender.bids).filter(
    (bid) =>
      !bid.late &&
      tender.abnormallyLow[bid.bidId]?.status !== 'rejected' &&
      tender.assessments[bid.supplier.organisation] !== 'excluded',
  );

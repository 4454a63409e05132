import { z } from 'zod';
import { eventRegistry, type EventOf } from '../shared/event-registry';
import { EvaluationCriterion } from '../policy/evaluation.policy';
import { AbnormallyLowBasis, Money, PositiveMoney, ProcurementProcedure, TenderPeriodReduction, TieBreaker } from '../policy/procurement-policy.schema';
import { IsoDate } from '../policy/working-days';
import { NoticeEventSchemas } from '../notices/notice.events';

export const IsoInstant = z.iso.datetime({ offset: true });

/** A supplier as the tender knows it: the organisation is the tenancy key a provider's token carries. */
export const Supplier = z.object({
  organisation: z.string().trim().min(1).max(200),
  name: z.string().trim().min(1).max(300),
});
export type Supplier = z.infer<typeof Supplier>;

const Text = (max: number) => z.string().trim().min(1).max(max);

/** A criterion's result as a bidder's letter shows it: the same figures the ranking used. */
const CriterionResult = z.object({
  criterionId: z.string(),
  name: z.string(),
  kind: z.string(),
  weight: z.number(),
  score: z.number(),
  derived: z.boolean(),
  weighted: z.number(),
});

const RankedBid = z.object({
  rank: z.number().int().positive(),
  bidId: z.string(),
  supplier: Supplier,
  pricePence: Money,
  total: z.number(),
  breakdown: z.array(CriterionResult),
  tiedOnTotalWith: z.array(z.string()),
  tieBrokenBy: z.union([TieBreaker, z.literal('bid-id'), z.null()]),
});
export type TenderRankedBid = z.infer<typeof RankedBid>;

/**
 * Every tender event with its current schema version and the shape of its data. A changed shape is a new version
 * with an upcaster, never an edit: stored events are immutable.
 */
export const TenderEventSchemas = {
  TenderPublished: {
    schemaVersion: 1,
    data: z.object({
      tenderId: z.string().min(1),
      contractId: z.string().min(1),
      organisation: z.string().min(1),
      title: Text(300),
      procedure: ProcurementProcedure,
      /** Frozen from the agreed specification: bids are evaluated against exactly these. */
      criteria: z.array(EvaluationCriterion).min(1),
      estimatePence: Money.optional(),
      reduction: TenderPeriodReduction.optional(),
      publishedAt: IsoInstant,
      clarificationDeadline: IsoInstant,
      /** Two-stage procedures: requests to participate close here; the tender closes after the invitation. */
      participationClosesAt: IsoInstant.optional(),
      /** Single-stage procedures: the tender's closing time. */
      closesAt: IsoInstant.optional(),
      /** Covered by the Procurement Act 2023, so it publishes notices; absent from tenders before notices. */
      covered: z.boolean().optional(),
    }),
  },
  InterestExpressed: { schemaVersion: 1, data: z.object({ supplier: Supplier }) },
  ClarificationRequested: {
    schemaVersion: 1,
    data: z.object({ clarificationId: z.string(), question: Text(4000), askedBy: z.string() }),
  },
  /** Sent to every supplier that expressed interest, without naming who asked. */
  ClarificationAnswered: {
    schemaVersion: 1,
    data: z.object({ clarificationId: z.string(), question: z.string(), answer: Text(8000), recipients: z.array(z.string()) }),
  },
  ClarificationPeriodEnded: { schemaVersion: 1, data: z.object({ deadline: IsoInstant, unanswered: z.array(z.string()) }) },
  ParticipationClosed: { schemaVersion: 1, data: z.object({ closedAt: IsoInstant, candidates: z.array(z.string()) }) },
  SupplierAssessed: {
    schemaVersion: 1,
    data: z.object({
      organisation: z.string(),
      outcome: z.enum(['qualified', 'excluded']),
      mandatoryExclusionGrounds: z.array(z.string()),
      discretionaryExclusionGrounds: z.array(z.string()),
    }),
  },
  ShortlistDecided: { schemaVersion: 1, data: z.object({ shortlist: z.array(z.string()).min(1) }) },
  InvitationToTenderIssued: {
    schemaVersion: 1,
    data: z.object({ recipients: z.array(z.string()).min(1), closesAt: IsoInstant, clarificationDeadline: IsoInstant }),
  },
  BidSubmitted: {
    schemaVersion: 1,
    data: z.object({ bidId: z.string(), supplier: Supplier, pricePence: PositiveMoney, documentsReference: z.string(), submittedAt: IsoInstant }),
  },
  /** A bid that arrived at or after the closing time: kept as evidence, never evaluated. */
  LateBidRecorded: {
    schemaVersion: 1,
    data: z.object({ bidId: z.string(), supplier: Supplier, pricePence: PositiveMoney, submittedAt: IsoInstant, closedAt: IsoInstant }),
  },
  TenderClosed: { schemaVersion: 1, data: z.object({ closedAt: IsoInstant, bids: z.array(z.string()), lateBids: z.array(z.string()) }) },
  EvaluationPanelAppointed: { schemaVersion: 1, data: z.object({ evaluators: z.array(z.string()).min(1) }) },
  ConflictOfInterestDeclared: {
    schemaVersion: 1,
    /**
     * `bidders`: the organisations the conflict is with. A conflict recorded without them (before conflicts named
     * bidders) is with every bidder.
     */
    data: z.object({ evaluatorId: z.string(), conflicted: z.boolean(), details: z.string().optional(), bidders: z.array(z.string()).optional() }),
  },
  IndividualScoreRecorded: {
    schemaVersion: 1,
    data: z.object({ evaluatorId: z.string(), bidId: z.string(), criterionId: z.string(), score: z.number(), comment: z.string().optional() }),
  },
  ScoreModerated: {
    schemaVersion: 1,
    data: z.object({
      bidId: z.string(),
      criterionId: z.string(),
      score: z.number(),
      rationale: Text(4000),
      individualScores: z.array(z.object({ evaluatorId: z.string(), score: z.number() })),
    }),
  },
  AbnormallyLowBidIdentified: {
    schemaVersion: 1,
    data: z.object({
      bidId: z.string(),
      pricePence: Money,
      basis: AbnormallyLowBasis,
      basisPence: z.number(),
      thresholdPence: z.number(),
      ratio: z.number(),
    }),
  },
  ExplanationRequested: { schemaVersion: 1, data: z.object({ bidId: z.string(), supplier: z.string(), deadline: IsoInstant, dueOn: IsoDate }) },
  ExplanationSubmitted: { schemaVersion: 1, data: z.object({ bidId: z.string(), explanation: Text(8000) }) },
  ExplanationDeadlinePassed: { schemaVersion: 1, data: z.object({ bidId: z.string(), explained: z.boolean() }) },
  AbnormallyLowBidAccepted: { schemaVersion: 1, data: z.object({ bidId: z.string() }) },
  AbnormallyLowBidRejected: {
    schemaVersion: 1,
    data: z.object({ bidId: z.string(), breachesLegalObligations: z.boolean(), explained: z.boolean() }),
  },
  /**
   * Under statutory notices (issue 17) the standstill is counted from the contract award notice's publication
   * (`StandstillStarted`), not from the decision, so an award decided since carries neither `noticePublishedOn` nor
   * `standstill`; one decided before carries both, and its standstill ran from the day of the decision. The shape
   * was widened, not changed: every stored award still parses as it is, so it keeps its version.
   */
  AwardDecided: {
    schemaVersion: 1,
    data: z.object({
      winningBidId: z.string(),
      supplier: Supplier,
      pricePence: Money,
      ranking: z.array(RankedBid).min(1),
      noticePublishedOn: IsoDate.optional(),
      standstill: z.object({ firstDay: IsoDate, lastDay: IsoDate, endsAt: IsoInstant }).optional(),
    }),
  },
  /** The contract award notice (UK6) was published: the standstill runs from its publication day (s51). */
  StandstillStarted: {
    schemaVersion: 1,
    data: z.object({ noticeId: z.string().min(1), noticePublishedOn: IsoDate, firstDay: IsoDate, lastDay: IsoDate, endsAt: IsoInstant }),
  },
  /** Every bidder learns its own scores and the winner's, and the reasons. */
  AwardLetterIssued: {
    schemaVersion: 1,
    data: z.object({
      bidId: z.string(),
      supplier: Supplier,
      successful: z.boolean(),
      own: z.object({ rank: z.number().int().positive().optional(), total: z.number().optional(), breakdown: z.array(CriterionResult) }),
      winner: z.object({ supplier: Supplier, total: z.number(), breakdown: z.array(CriterionResult) }),
      /** Why a bid was not evaluated or not ranked (late, rejected as abnormally low, excluded). */
      notRankedBecause: z.string().optional(),
    }),
  },
  ChallengeRecorded: { schemaVersion: 1, data: z.object({ challengeId: z.string(), challenger: z.string(), grounds: Text(8000) }) },
  ChallengeResolved: { schemaVersion: 1, data: z.object({ challengeId: z.string(), outcome: z.enum(['dismissed', 'upheld']) }) },
  /** An upheld challenge sets the award aside: the evaluation is reopened. */
  AwardSetAside: { schemaVersion: 1, data: z.object({ challengeId: z.string() }) },
  StandstillEnded: { schemaVersion: 1, data: z.object({ endedAt: IsoInstant, winningBidId: z.string(), supplier: Supplier, pricePence: Money }) },
  TenderCancelled: { schemaVersion: 1, data: z.object({ phase: z.string() }) },
  ...NoticeEventSchemas,
} as const;

type Schemas = typeof TenderEventSchemas;
export type TenderEventType = keyof Schemas;
export type TenderEventData<T extends TenderEventType> = z.infer<Schemas[T]['data']>;
export type TenderEvent = EventOf<Schemas>;

const registry = eventRegistry('tender', TenderEventSchemas);
export const isTenderEventType = registry.isType;
/** Parses stored event data back into a typed event; unknown types or shapes are a corrupted stream, not user input. */
export const parseTenderEvent = registry.parse;

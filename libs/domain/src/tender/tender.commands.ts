import { z } from 'zod';
import { EvaluationCriterion } from '../policy/evaluation.policy';
import { Money, PositiveMoney, ProcurementProcedure, TenderPeriodReduction } from '../policy/procurement-policy.schema';
import { ApproveNotice, RecordNoticePublication } from '../notices/notice.commands';
import { IsoInstant } from './tender.events';

const Text = (max: number) => z.string().trim().min(1).max(max);
const command = <Type extends string, Data extends z.ZodType>(type: Type, data: Data) =>
  z.object({ type: z.literal(type), data });

/**
 * Publishes the tender. Given by the contract workflow on behalf of the commissioner's StartTender, with the
 * criteria frozen from the agreed specification.
 */
export const TenderDetails = z.object({
  title: Text(300),
  procedure: ProcurementProcedure,
  estimatePence: Money.optional(),
  reduction: TenderPeriodReduction.optional(),
  clarificationDeadline: IsoInstant,
  /** Two-stage procedures (restricted, competitive flexible, dialogue, innovation partnership, light-touch). */
  participationClosesAt: IsoInstant.optional(),
  /** Single-stage (open) procedures. */
  closesAt: IsoInstant.optional(),
});
export type TenderDetails = z.infer<typeof TenderDetails>;

export const PublishTender = command(
  'PublishTender',
  TenderDetails.extend({
    tenderId: z.string().min(1),
    contractId: z.string().min(1),
    criteria: z.array(EvaluationCriterion).min(1).max(50),
    /**
     * Whether the procurement is covered by the Procurement Act 2023 (the regulated regime): only a covered one
     * publishes notices on the central platform. Absent (a tender run on its own): covered.
     */
    covered: z.boolean().optional(),
  }),
);

export const ExpressInterest = command('ExpressInterest', z.object({ supplierName: Text(300) }));
export const AskClarification = command('AskClarification', z.object({ question: Text(4000) }));
export const AnswerClarification = command('AnswerClarification', z.object({ clarificationId: Text(50), answer: Text(8000) }));

/** Exclusion grounds found at selection: a mandatory ground always excludes; a discretionary one may. */
export const AssessSupplier = command(
  'AssessSupplier',
  z.object({
    organisation: Text(200),
    outcome: z.enum(['qualified', 'excluded']),
    mandatoryExclusionGrounds: z.array(Text(200)).max(50).default([]),
    discretionaryExclusionGrounds: z.array(Text(200)).max(50).default([]),
  }),
);

/** Two-stage procedures: the shortlist is invited to tender, with the tendering period's closing time. */
export const InviteToTender = command(
  'InviteToTender',
  z.object({ shortlist: z.array(Text(200)).min(1).max(200), closesAt: IsoInstant, clarificationDeadline: IsoInstant }),
);

export const SubmitBid = command(
  'SubmitBid',
  z.object({ supplierName: Text(300), pricePence: PositiveMoney, documentsReference: Text(1000) }),
);

export const AppointEvaluationPanel = command('AppointEvaluationPanel', z.object({ evaluators: z.array(Text(200)).min(1).max(50) }));
export const DeclareConflictOfInterest = command(
  'DeclareConflictOfInterest',
  z.object({
    conflicted: z.boolean(),
    details: z.string().trim().max(4000).optional(),
    /** With a conflict: the organisations of the bidders it is with; the evaluator still scores everyone else's bids. */
    bidders: z.array(Text(200)).min(1).max(50).optional(),
  }),
);
export const ScoreBid = command(
  'ScoreBid',
  z.object({ bidId: Text(50), criterionId: Text(100), score: z.number(), comment: z.string().trim().max(4000).optional() }),
);
export const ModerateScore = command(
  'ModerateScore',
  z.object({ bidId: Text(50), criterionId: Text(100), score: z.number(), rationale: Text(4000) }),
);
export const RequestExplanation = command('RequestExplanation', z.object({ bidId: Text(50) }));
export const SubmitExplanation = command('SubmitExplanation', z.object({ bidId: Text(50), explanation: Text(8000) }));
/** Accept or reject an abnormally low bid after asking for its explanation; the reason is the event's. */
export const DecideAbnormallyLowBid = command(
  'DecideAbnormallyLowBid',
  z.object({ bidId: Text(50), decision: z.enum(['accept', 'reject']), breachesLegalObligations: z.boolean(), reason: Text(4000) }),
);
export const DecideAward = command('DecideAward', z.object({ reason: Text(4000) }));
export const RecordChallenge = command('RecordChallenge', z.object({ challenger: Text(200), grounds: Text(8000) }));
export const ResolveChallenge = command(
  'ResolveChallenge',
  z.object({ challengeId: Text(50), outcome: z.enum(['dismissed', 'upheld']), reason: Text(4000) }),
);
export const CancelTender = command('CancelTender', z.object({ reason: Text(4000) }));

/** Facts the workflow records on its own when a deadline passes: only the system actor may give them. */
export const EndClarificationPeriod = command('EndClarificationPeriod', z.object({}));
export const CloseParticipation = command('CloseParticipation', z.object({}));
export const CloseTender = command('CloseTender', z.object({}));
export const PassExplanationDeadline = command('PassExplanationDeadline', z.object({ bidId: Text(50) }));
export const EndStandstill = command('EndStandstill', z.object({}));

export const TenderCommand = z.discriminatedUnion('type', [
  PublishTender,
  ExpressInterest,
  AskClarification,
  AnswerClarification,
  AssessSupplier,
  InviteToTender,
  SubmitBid,
  AppointEvaluationPanel,
  DeclareConflictOfInterest,
  ScoreBid,
  ModerateScore,
  RequestExplanation,
  SubmitExplanation,
  DecideAbnormallyLowBid,
  DecideAward,
  RecordChallenge,
  ResolveChallenge,
  CancelTender,
  EndClarificationPeriod,
  CloseParticipation,
  CloseTender,
  PassExplanationDeadline,
  EndStandstill,
  ApproveNotice,
  RecordNoticePublication,
]);
export type TenderCommand = z.infer<typeof TenderCommand>;
export type TenderCommandType = TenderCommand['type'];

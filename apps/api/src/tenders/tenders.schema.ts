import {
  AnswerClarification,
  AppointEvaluationPanel,
  AskClarification,
  AssessSupplier,
  CancelTender,
  DecideAbnormallyLowBid,
  DecideAward,
  DeclareConflictOfInterest,
  ExpressInterest,
  InviteToTender,
  ModerateScore,
  RecordChallenge,
  ResolveChallenge,
  ScoreBid,
  SubmitBid,
  StoredEvent,
  SubmitExplanation,
  type TenderPhase,
} from '@cls/domain';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

/** Why a person decided: recorded in the event's metadata for the governance trail. */
const Reason = z.string().trim().min(1).max(4000).optional();
const body = <Shape extends z.ZodRawShape>(schema: z.ZodObject<Shape>) => schema.extend({ reason: Reason }).strict();

export class ExpressInterestDto extends createZodDto(body(ExpressInterest.shape.data)) {}
export class AskClarificationDto extends createZodDto(body(AskClarification.shape.data)) {}
export class AnswerClarificationDto extends createZodDto(body(AnswerClarification.shape.data.omit({ clarificationId: true }))) {}
export class AssessSupplierDto extends createZodDto(body(AssessSupplier.shape.data)) {}
export class InviteToTenderDto extends createZodDto(body(InviteToTender.shape.data)) {}
export class SubmitBidDto extends createZodDto(body(SubmitBid.shape.data)) {}
export class AppointEvaluationPanelDto extends createZodDto(body(AppointEvaluationPanel.shape.data)) {}
/** A conflict is with named bidders (the decider's rule too): refused here as the 400 naming `bidders`. */
export const DeclareConflictOfInterestBody = body(DeclareConflictOfInterest.shape.data).superRefine(({ conflicted, bidders }, ctx) => {
  if (conflicted && bidders === undefined) {
    ctx.addIssue({ code: 'custom', path: ['bidders'], message: 'evaluation.conflict-bidders-required: a declared conflict names the bidders (organisations) it is with' });
  }
  if (!conflicted && bidders !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['bidders'], message: 'evaluation.bidders-only-with-conflict: bidders are named only with a declared conflict' });
  }
});
export class DeclareConflictOfInterestDto extends createZodDto(DeclareConflictOfInterestBody) {}
export class ScoreBidDto extends createZodDto(body(ScoreBid.shape.data)) {}
export class ModerateScoreDto extends createZodDto(ModerateScore.shape.data.strict()) {}
export class SubmitExplanationDto extends createZodDto(body(SubmitExplanation.shape.data.omit({ bidId: true }))) {}
export class DecideAbnormallyLowBidDto extends createZodDto(DecideAbnormallyLowBid.shape.data.omit({ bidId: true }).strict()) {}
export class DecideAwardDto extends createZodDto(DecideAward.shape.data.strict()) {}
export class RecordChallengeDto extends createZodDto(body(RecordChallenge.shape.data)) {}
export class ResolveChallengeDto extends createZodDto(ResolveChallenge.shape.data.omit({ challengeId: true }).strict()) {}
export class CancelTenderDto extends createZodDto(CancelTender.shape.data.strict()) {}
export class EmptyCommandDto extends createZodDto(z.object({ reason: Reason }).strict()) {}

/** `<contractId>.<n>`: the contracting process and the tender's number within it. */
export const TenderId = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.[1-9][0-9]{0,3}$/, 'must be <contractId>.<n>');
export class TenderParamsDto extends createZodDto(z.object({ tenderId: TenderId })) {}
export class BidParamsDto extends createZodDto(z.object({ tenderId: TenderId, bidId: z.string().regex(/^B[1-9][0-9]{0,4}$/) })) {}
export class ClarificationParamsDto extends createZodDto(
  z.object({ tenderId: TenderId, clarificationId: z.string().regex(/^Q[1-9][0-9]{0,4}$/) }),
) {}
export class ChallengeParamsDto extends createZodDto(z.object({ tenderId: TenderId, challengeId: z.string().regex(/^C[1-9][0-9]{0,4}$/) })) {}

/** Every phase, as a record so that a phase added to the domain must be added here. */
const tenderPhases: Readonly<Record<TenderPhase, true>> = {
  participation: true,
  shortlisting: true,
  tendering: true,
  evaluation: true,
  standstill: true,
  awarded: true,
  cancelled: true,
};

/** A tender as the reader may see it (tender.visibility.ts): its state is the domain's fold, trimmed per reader. */
export const TenderViewResponse = z.object({
  tenderId: TenderId,
  version: z.number().int().min(0),
  state: z.looseObject({
    status: z.enum(['none', 'open']),
    phase: z.enum(Object.keys(tenderPhases) as [TenderPhase, ...TenderPhase[]]).optional(),
  }),
  lastEventAt: z.iso.datetime({ offset: true }).optional(),
});
export class TenderViewDto extends createZodDto(TenderViewResponse) {}

/** A tender command's answer: the version and phase it brought the tender to, and the events it appended. */
export const TenderCommandResultResponse = z.object({
  tenderId: TenderId,
  version: z.number().int().min(1).describe('The version the command brought the tender to: how many events it now has'),
  phase: TenderViewResponse.shape.state.shape.phase,
  lastEventAt: z.iso.datetime({ offset: true }).optional(),
  events: z.array(StoredEvent.pick({ eventId: true, type: true, streamVersion: true, globalPosition: true })).describe('The events the command appended, in order'),
});
export class TenderCommandResultDto extends createZodDto(TenderCommandResultResponse) {}

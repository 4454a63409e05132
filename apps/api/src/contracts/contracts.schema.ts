import {
  ActivateContract,
  AgreeSpecification,
  AuthoriseContract,
  AwardDirectly,
  CommentOnAssessment,
  DecideOnExpiry,
  DecideRoute,
  EndPlacement,
  ExerciseExtension,
  GiveTerminationNotice,
  HoldReview,
  IssueContract,
  kpiNotRateable,
  LogConcern,
  OpenCommission,
  OpenCorrectivePlan,
  RecordInspectionOutcome,
  RecordMasterCopy,
  RecordMonitoringReport,
  RecordNeedsAssessment,
  RecordSupplyImpactReview,
  RequestTermination,
  ResumeContract,
  SignContract,
  StartMobilisation,
  StartPlacement,
  StartTender,
  SubmitReturn,
  SuspendContract,
  unrateableKpis,
  UpdateConcern,
  VaryContract,
} from '@cls/domain';
import { QueryInstant } from '@cls/http';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

/** Why a person decided: recorded in the event's metadata for the governance trail. */
const Reason = z.string().trim().min(1).max(4000).optional();

export const OpenCommissionBody = OpenCommission.shape.data
  .extend({ contractId: OpenCommission.shape.data.shape.contractId.optional(), reason: Reason })
  .strict();
export class OpenCommissionDto extends createZodDto(OpenCommissionBody) {}

export const RecordNeedsAssessmentBody = RecordNeedsAssessment.shape.data.extend({ reason: Reason }).strict();
export class RecordNeedsAssessmentDto extends createZodDto(RecordNeedsAssessmentBody) {}

export const DecideRouteBody = DecideRoute.shape.data.extend({ reason: Reason }).strict();
export class DecideRouteDto extends createZodDto(DecideRouteBody) {}

/** Every KPI needs RAG thresholds to be rated by (the decider's rule too): refused here as the 400 naming the KPI's field. */
export const AgreeSpecificationBody = AgreeSpecification.shape.data
  .extend({ reason: Reason })
  .strict()
  .superRefine(({ kpis }, ctx) => {
    for (const index of unrateableKpis(kpis)) {
      ctx.addIssue({
        code: 'custom',
        message: `${kpiNotRateable.code}: ${kpiNotRateable.message(kpis[index]?.name ?? '')}`,
        path: ['kpis', index, 'rag'],
        params: { code: kpiNotRateable.code },
      });
    }
  });
export class AgreeSpecificationDto extends createZodDto(AgreeSpecificationBody) {}

export const StartTenderBody = StartTender.shape.data.extend({ reason: Reason }).strict();
export class StartTenderDto extends createZodDto(StartTenderBody) {}

/*
 * A direct award, an authorisation and an activation carry their own `note`, which becomes the event's reason:
 * a second field for the same thing would only let the two disagree.
 */
export const AwardDirectlyBody = AwardDirectly.shape.data.strict();
export class AwardDirectlyDto extends createZodDto(AwardDirectlyBody) {}

export const IssueContractBody = IssueContract.shape.data.extend({ reason: Reason }).strict();
export class IssueContractDto extends createZodDto(IssueContractBody) {}

export const AuthoriseContractBody = AuthoriseContract.shape.data.strict();
export class AuthoriseContractDto extends createZodDto(AuthoriseContractBody) {}

export const SignContractBody = SignContract.shape.data.extend({ reason: Reason }).strict();
export class SignContractDto extends createZodDto(SignContractBody) {}

export const RecordMasterCopyBody = RecordMasterCopy.shape.data.extend({ reason: Reason }).strict();
export class RecordMasterCopyDto extends createZodDto(RecordMasterCopyBody) {}

export const StartMobilisationBody = StartMobilisation.shape.data.extend({ reason: Reason }).strict();
export class StartMobilisationDto extends createZodDto(StartMobilisationBody) {}

export const ActivateContractBody = ActivateContract.shape.data.strict();
export class ActivateContractDto extends createZodDto(ActivateContractBody) {}

// ---- Managing an active contract ---------------------------------------------------------------------------------
// Commands whose data has a `note` (or, for a termination request, its own `reason`) take no second reason field.

export const SubmitReturnBody = SubmitReturn.shape.data.strict();
export class SubmitReturnDto extends createZodDto(SubmitReturnBody) {}

export const CommentOnAssessmentBody = CommentOnAssessment.shape.data.omit({ assessmentId: true }).extend({ reason: Reason }).strict();
export class CommentOnAssessmentDto extends createZodDto(CommentOnAssessmentBody) {}

export const RecordMonitoringReportBody = RecordMonitoringReport.shape.data.extend({ reason: Reason }).strict();
export class RecordMonitoringReportDto extends createZodDto(RecordMonitoringReportBody) {}

export const HoldReviewBody = HoldReview.shape.data.omit({ reviewId: true }).extend({ reason: Reason }).strict();
export class HoldReviewDto extends createZodDto(HoldReviewBody) {}

export const LogConcernBody = LogConcern.shape.data.extend({ reason: Reason }).strict();
export class LogConcernDto extends createZodDto(LogConcernBody) {}

export const UpdateConcernBody = UpdateConcern.shape.data.omit({ concernId: true }).strict();
export class UpdateConcernDto extends createZodDto(UpdateConcernBody) {}

export const RecordInspectionOutcomeBody = RecordInspectionOutcome.shape.data.extend({ reason: Reason }).strict();
export class RecordInspectionOutcomeDto extends createZodDto(RecordInspectionOutcomeBody) {}

export const OpenCorrectivePlanBody = OpenCorrectivePlan.shape.data.extend({ reason: Reason }).strict();
export class OpenCorrectivePlanDto extends createZodDto(OpenCorrectivePlanBody) {}

export const VaryContractBody = VaryContract.shape.data.extend({ reason: Reason }).strict();
export class VaryContractDto extends createZodDto(VaryContractBody) {}

export const ExerciseExtensionBody = ExerciseExtension.shape.data.strict();
export class ExerciseExtensionDto extends createZodDto(ExerciseExtensionBody) {}

export const SuspendContractBody = SuspendContract.shape.data.strict();
export class SuspendContractDto extends createZodDto(SuspendContractBody) {}

export const ResumeContractBody = ResumeContract.shape.data.strict();
export class ResumeContractDto extends createZodDto(ResumeContractBody) {}

export const RequestTerminationBody = RequestTermination.shape.data.strict();
export class RequestTerminationDto extends createZodDto(RequestTerminationBody) {}

export const RecordSupplyImpactReviewBody = RecordSupplyImpactReview.shape.data.extend({ reason: Reason }).strict();
export class RecordSupplyImpactReviewDto extends createZodDto(RecordSupplyImpactReviewBody) {}

export const GiveTerminationNoticeBody = GiveTerminationNotice.shape.data.extend({ reason: Reason }).strict();
export class GiveTerminationNoticeDto extends createZodDto(GiveTerminationNoticeBody) {}

export const DecideOnExpiryBody = DecideOnExpiry.shape.data.strict();
export class DecideOnExpiryDto extends createZodDto(DecideOnExpiryBody) {}

export const StartPlacementBody = StartPlacement.shape.data.extend({ reason: Reason }).strict();
export class StartPlacementDto extends createZodDto(StartPlacementBody) {}

// A placement's end has its own `reason` (why it ended, from a closed list), so the person's why is its record.
export const EndPlacementBody = EndPlacement.shape.data.omit({ placementId: true }).strict();
export class EndPlacementDto extends createZodDto(EndPlacementBody) {}

/** `now`: the instant to judge what is due by, instead of the workflow's clock (to see a day ahead, or replay one). */
export const MonitoringQuery = z
  .object({ now: QueryInstant.optional().describe('The instant “today” is taken from; the workflow’s clock when left out') })
  .strict();
export class MonitoringQueryDto extends createZodDto(MonitoringQuery) {}

export const ContractParams = z.object({ contractId: z.uuid() });
export class ContractParamsDto extends createZodDto(ContractParams) {}

/** The ids the domain gives what it records (`concern-3`, `placement-1`, `assessment-2`, `annual-2027-04-01`). */
// Bounded as the domain bounds ids, so a path id the command would refuse is a 400 here, not a failed parse later.
const RecordId = z.string().max(200).regex(/^[a-z]+(-[a-z]+)*-[0-9][0-9-]{0,30}$/, 'must be an id the contract gave, e.g. concern-1');

export class ConcernParamsDto extends createZodDto(ContractParams.extend({ concernId: RecordId })) {}
export class PlacementParamsDto extends createZodDto(ContractParams.extend({ placementId: RecordId })) {}
export class AssessmentParamsDto extends createZodDto(ContractParams.extend({ assessmentId: RecordId })) {}
export class ReviewParamsDto extends createZodDto(ContractParams.extend({ reviewId: RecordId })) {}

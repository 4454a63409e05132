import {
  ActivateContract,
  AgreeSpecification,
  AuthoriseContract,
  AwardDirectly,
  DecideRoute,
  IssueContract,
  OpenCommission,
  RecordMasterCopy,
  RecordNeedsAssessment,
  SignContract,
  StartMobilisation,
  StartTender,
} from '@cls/domain';
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

export const AgreeSpecificationBody = AgreeSpecification.shape.data.extend({ reason: Reason }).strict();
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

export const ContractParams = z.object({ contractId: z.uuid() });
export class ContractParamsDto extends createZodDto(ContractParams) {}

/** A client's key for a command: the same key twice applies the command once (it becomes the Temporal update id). */
export const IdempotencyKey = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{8,128}$/, 'must be 8 to 128 letters, digits or _.:-')
  .optional();

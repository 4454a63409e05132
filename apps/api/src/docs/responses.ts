import { Role, StoredEvent } from '@cls/domain';
import { createZodDto } from 'nestjs-zod';
import { TenderCommandResultResponse } from '../tenders/tenders.schema';
import { z } from 'zod';

/*
 * What the API answers, as zod schemas the OpenAPI document is generated from. A process's state is the domain's
 * fold, whose shape follows its stage: the document states what every state has (its status, its stage) and leaves
 * the rest open, as the fold may grow.
 */

const Instant = z.iso.datetime({ offset: true });
const Version = z.number().int().min(0).describe('The stream version the state was folded up to: how many events it has');
const AppendedEvent = StoredEvent.pick({ eventId: true, type: true, streamVersion: true, globalPosition: true });
const Appended = z.array(AppendedEvent).describe('The events the command appended, in order');

/** `<contractId>.<n>`: a process within a contracting process (a tender, a corrective action plan). */
const ChildId = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.[1-9][0-9]{0,3}$/);

const ContractState = z.looseObject({ status: z.enum(['none', 'open']), stage: z.string().optional() });

export const ContractViewResponse = z.object({
  contractId: z.uuid(),
  version: Version,
  state: ContractState,
  lastEventAt: Instant.optional(),
  clock: Instant.optional().describe('The workflow’s clock when it answered: Temporal’s time at its latest task, which its timers have reached'),
});
export class ContractViewDto extends createZodDto(ContractViewResponse) {}

/**
 * A contract command's answer: the version and stage it brought the contract to and the events it appended. Not
 * the contract's state, which grows with its age; `GET /contracts/:contractId` reads that.
 */
export const ContractCommandResultResponse = z.object({
  contractId: z.uuid(),
  version: Version.min(1).describe('The version the command brought the contract to: how many events it now has'),
  stage: z.string().optional().describe('The contract’s stage after the command'),
  lastEventAt: Instant.optional(),
  events: Appended,
});
export class ContractCommandResultDto extends createZodDto(ContractCommandResultResponse) {}

/** A command that records something new on a contract answers its id at the top level, beside the contract's version. */
const createdOnContract = <Key extends string>(key: Key, description: string) =>
  ContractCommandResultResponse.extend({ [key]: z.string().min(1).describe(description) } as Record<Key, z.ZodString>);
export class TenderStartedDto extends createZodDto(createdOnContract('tenderId', 'The tender’s id (`<contractId>.<n>`), as in Location')) {}
export class ReturnSubmittedDto extends createZodDto(createdOnContract('periodId', 'The period the return is for')) {}
export class AssessmentCommentedDto extends createZodDto(createdOnContract('commentId', 'The comment’s id: the id of the event that records it')) {}
export class MonitoringReportRecordedDto extends createZodDto(createdOnContract('reportId', 'The report’s id')) {}
export class ReviewHeldDto extends createZodDto(createdOnContract('reviewId', 'The review that was held')) {}
export class ConcernLoggedDto extends createZodDto(createdOnContract('concernId', 'The concern’s id, for its updates')) {}
export class InspectionRecordedDto extends createZodDto(createdOnContract('inspectionId', 'The inspection outcome’s id')) {}
export class PlanOpenedDto extends createZodDto(createdOnContract('planId', 'The plan’s id (`<contractId>.<n>`), as in Location')) {}
export class VariationRecordedDto extends createZodDto(createdOnContract('variationId', 'The variation’s id')) {}
export class ExtensionExercisedDto extends createZodDto(
  ContractCommandResultResponse.extend({ option: z.number().int().min(0).describe('The extension option taken up: its position among the contract’s options, from 0') }),
) {}
export class PlacementStartedDto extends createZodDto(createdOnContract('placementId', 'The placement’s id, to end it by')) {}

const createdInTender = <Key extends string>(key: Key, description: string) =>
  TenderCommandResultResponse.extend({ [key]: z.string().min(1).describe(description) } as Record<Key, z.ZodString>);
export class ClarificationAskedDto extends createZodDto(createdInTender('clarificationId', 'The question’s id (`Q<n>`), which its answer names')) {}
export class BidSubmittedDto extends createZodDto(createdInTender('bidId', 'The bid’s id (`B<n>`)')) {}

const PlanState = z.looseObject({ status: z.enum(['none', 'open', 'closed']) });
export const PlanViewResponse = z.object({ planId: ChildId, version: Version, state: PlanState, lastEventAt: Instant.optional() });
export class PlanViewDto extends createZodDto(PlanViewResponse) {}
/** A plan command's answer: the version and status it brought the plan to, and the events it appended. */
export const PlanCommandResultResponse = z.object({
  planId: ChildId,
  version: Version.min(1).describe('The version the command brought the plan to: how many events it now has'),
  status: PlanState.shape.status,
  lastEventAt: Instant.optional(),
  events: Appended,
});
export class PlanCommandResultDto extends createZodDto(PlanCommandResultResponse) {}

const NextStep = z.object({ who: Role, what: z.string().min(1), by: Instant.optional(), from: Instant.optional() });
export const ContractProgressResponse = z.object({
  contractId: z.uuid(),
  version: Version,
  asOf: Instant,
  stage: z.string(),
  tenderPhase: z.string().optional(),
  nextSteps: z.array(NextStep).describe('What can be done now, one step per role that may do it'),
  nextDeadline: z.object({ at: Instant, what: z.string() }).optional(),
});
export class ContractProgressDto extends createZodDto(ContractProgressResponse) {}

export const ContractMonitoringResponse = z.object({
  contractId: z.uuid(),
  version: Version,
  asOf: Instant.describe('The instant “today” is taken from: `now` when given, otherwise the workflow’s clock'),
  returns: z.array(z.looseObject({ periodId: z.string(), dueDate: z.string(), status: z.enum(['upcoming', 'due', 'overdue', 'submitted']) })),
  reviews: z.array(z.looseObject({ reviewId: z.string(), kind: z.string(), date: z.string(), status: z.enum(['scheduled', 'due', 'missed', 'held']) })),
  risk: z.looseObject({ rating: z.string(), since: z.string(), assessment: z.looseObject({}) }),
});
export class ContractMonitoringDto extends createZodDto(ContractMonitoringResponse) {}

export const AsOfResponse = z.object({
  contractId: z.uuid(),
  at: z.string(),
  time: z.enum(['recorded', 'occurred']).describe('Which time `at` is: when events were recorded, or when they occurred'),
  version: Version,
  state: ContractState,
  history: z.array(z.looseObject({ eventId: z.uuid(), type: z.string() })).describe('The process’s events at or before `at` by that time, oldest first'),
});
export class AsOfDto extends createZodDto(AsOfResponse) {}

export const VerificationResponse = z.looseObject({
  status: z.enum(['intact', 'broken']),
  hashScheme: z.string(),
  streams: z.number().int().min(0),
  events: z.number().int().min(0),
  brokenEvents: z.number().int().min(0),
});
export class VerificationDto extends createZodDto(VerificationResponse) {}

export const CheckpointResponse = z.object({
  checkpointId: z.string(),
  createdAt: z.string(),
  trigger: z.string(),
  requestedBy: z.string().nullable(),
  coversTransactionId: z.string(),
  coversPosition: z.string(),
  streams: z.number().int().min(0),
  events: z.number().int().min(0),
  digest: z.string(),
});
export class CheckpointDto extends createZodDto(CheckpointResponse) {}

export const HealthResponse = z.object({ status: z.literal('ok'), temporal: z.literal('ok') });
export class HealthDto extends createZodDto(HealthResponse) {}

/** OCDS 1.1 packages: the package's own fields; the releases follow the OCDS release schema. */
const OcdsPackage = { uri: z.string(), version: z.literal('1.1'), publishedDate: z.string(), publisher: z.looseObject({ name: z.string() }) };
export const ReleasePackageResponse = z.looseObject({ ...OcdsPackage, releases: z.array(z.looseObject({ ocid: z.string(), id: z.string() })) });
export class ReleasePackageDto extends createZodDto(ReleasePackageResponse) {}
export const RecordPackageResponse = z.looseObject({ ...OcdsPackage, records: z.array(z.looseObject({ ocid: z.string() })) });
export class RecordPackageDto extends createZodDto(RecordPackageResponse) {}

import { NoticeContent, NoticeId, NoticeType, PrepareTransparencyNotice, StoredEvent } from '@cls/domain';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { ContractParams } from '../contracts/contracts.schema';

export class NoticeParamsDto extends createZodDto(ContractParams.extend({ noticeId: NoticeId })) {}

/** Why the approver approves: recorded in the event's metadata for the governance trail. */
export class ApproveNoticeDto extends createZodDto(z.object({ reason: z.string().trim().min(1).max(4000).optional() }).strict()) {}

const Instant = z.iso.datetime({ offset: true });

export class PrepareTransparencyNoticeDto extends createZodDto(
  PrepareTransparencyNotice.shape.data.extend({ reason: z.string().trim().min(1).max(4000).optional() }).strict(),
) {}

export const ProcessNoticeResponse = z.object({
  noticeId: NoticeId,
  noticeType: NoticeType,
  name: z.string(),
  status: z.enum(['drafted', 'approved', 'published', 'withdrawn']),
  content: NoticeContent,
  tenderId: z.string().optional(),
  dueBy: Instant.optional().describe('The statutory deadline for its publication, where the Act sets one'),
  approvedBy: z.object({ id: z.string(), role: z.string() }).optional(),
  approvedAt: Instant.optional(),
  platformNoticeId: z.string().optional().describe('The identifier the platform gave the notice'),
  publishedAt: Instant.optional().describe('When the platform published it: the clocks that run from the notice start here'),
  releaseId: z.string().optional().describe('The id of the OCDS release that publishes it'),
  escalation: z.object({ step: z.number().int(), level: z.string(), reachedOn: z.string(), nextStepOn: z.string().optional() }).optional(),
});
export const ProcessNoticesResponse = z.object({ contractId: z.uuid(), notices: z.array(ProcessNoticeResponse) });
export class ProcessNoticesDto extends createZodDto(ProcessNoticesResponse) {}

export const NoticeApprovedResponse = z.object({
  contractId: z.uuid(),
  noticeId: NoticeId,
  version: z.number().int().min(1).describe('The version the approval brought the notice’s stream (the contract’s or the tender’s) to'),
  events: z.array(StoredEvent.pick({ eventId: true, type: true, streamVersion: true, globalPosition: true })),
});
export class NoticeApprovedDto extends createZodDto(NoticeApprovedResponse) {}
export class TransparencyNoticeDraftedDto extends createZodDto(NoticeApprovedResponse.describe('The transparency notice drafted: its id, the contract’s version and the events appended')) {}

import { NoticeContent, NoticeId, NoticeType } from '@cls/domain';
import { z } from 'zod';

/**
 * The publisher port: how a workflow puts an approved Procurement Act notice on the central digital platform (Find a
 * Tender). Workflow code imports this module for its types only; the worker validates with the schemas at the
 * activity boundary.
 *
 * The worker's adapter today is a recording one (apps/worker `createRecordingNoticePublisher`): it keeps what it
 * was asked to publish and answers at once. The real client is a seam behind the same port: it would submit the
 * notice to the platform's API, answer the identifier and publication time the platform gives, fail retryably while
 * the platform is unreachable or busy (the activity is retried for as long as it takes), and fail with
 * `noticeRejectedFailure` when the platform refuses the notice, which no retry would change.
 */
export const NoticePublication = z.object({
  contractId: z.string().min(1).max(200),
  noticeId: NoticeId,
  noticeType: NoticeType,
  content: NoticeContent,
  /** The workflow's clock when it asked: the recording adapter publishes at this instant. */
  requestedAt: z.iso.datetime({ offset: true }),
});
export type NoticePublication = z.infer<typeof NoticePublication>;

export const NoticeReceipt = z.object({
  /** The platform's identifier of the notice; the same on every attempt for the same notice. */
  platformNoticeId: z.string().min(1).max(200),
  publishedAt: z.iso.datetime({ offset: true }),
  /** Which adapter published: `recording`, or the platform client's name. */
  publisher: z.string().min(1).max(100),
});
export type NoticeReceipt = z.infer<typeof NoticeReceipt>;

export interface NoticeActivities {
  publishNotice(publication: NoticePublication): Promise<NoticeReceipt>;
}

/** The activity error type of a notice the platform refused: the notice stays approved and unpublished. */
export const noticeRejectedFailure = 'NoticeRejected';

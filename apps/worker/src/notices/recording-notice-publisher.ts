import { NoticePublication, noticeRejectedFailure, type NoticeActivities } from '@cls/workflows';
import { ApplicationFailure } from '@temporalio/common';
import { createHash } from 'node:crypto';
import { z } from 'zod';

/** The part of a pino logger the adapter uses. */
export interface NoticePublisherLogger {
  info(fields: Record<string, unknown>, message: string): void;
}

/**
 * The publisher port's recording adapter: it stands in for Find a Tender until the platform's client is written
 * (the seam is described on the port, workflows/src/contract/notice-publisher.port.ts). It keeps every notice it is
 * asked to publish and logs it, and answers at once: published at the instant the workflow asked, under an
 * identifier derived from the process and the notice, so a retried publication answers exactly as the first.
 */
export const createRecordingNoticePublisher = ({ logger }: { logger: NoticePublisherLogger }) => {
  const recorded: NoticePublication[] = [];
  const activities: NoticeActivities = {
    async publishNotice(input) {
      // Workflow code builds the publication with types only: a malformed one would be refused on every attempt.
      const parsed = NoticePublication.safeParse(input);
      if (!parsed.success) throw ApplicationFailure.nonRetryable(`malformed notice: ${z.prettifyError(parsed.error)}`, noticeRejectedFailure);
      const { contractId, noticeId, noticeType, requestedAt } = parsed.data;
      const digest = createHash('sha256').update(`${contractId}/${noticeId}`).digest('hex').slice(0, 12).toUpperCase();
      const platformNoticeId = `REC-${digest}`;
      recorded.push(parsed.data);
      logger.info({ contractId, noticeId, noticeType, platformNoticeId }, 'Notice recorded as published (recording publisher)');
      return { platformNoticeId, publishedAt: requestedAt, publisher: 'recording' };
    },
  };
  return { activities, recorded };
};

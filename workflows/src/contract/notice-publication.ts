import type { NoticeRecord } from '@cls/domain';
import { ActivityFailure, log, proxyActivities } from '@temporalio/workflow';
import { workflowNow } from '../shared/aggregate.runtime';
import { noticeRejectedFailure, type NoticeActivities, type NoticeReceipt } from './notice-publisher.port';

// A platform that is down must not lose a notice: the publication is retried until it answers, backing off to an
// attempt every ten minutes; the statutory deadline's escalation tells people if that takes too long.
const { publishNotice } = proxyActivities<NoticeActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 minutes', nonRetryableErrorTypes: [noticeRejectedFailure] },
});

/**
 * Hands a process's approved notices to the publisher port, one at a time, and records what the platform answered
 * (`RecordNoticePublication`, as the system). A notice the platform refused, or whose publication the rules no
 * longer accept, is passed over for the rest of the run rather than retried in a loop: it stays approved and
 * unpublished, as the process's notices show.
 */
export class NoticePublisher {
  private readonly passedOver = new Set<string>();

  constructor(
    private readonly contractId: string,
    private readonly record: (data: NoticeReceipt & { noticeId: string }) => Promise<boolean>,
  ) {}

  /** The first of the approved notices still to publish. */
  next(approved: readonly NoticeRecord[]): NoticeRecord | undefined {
    return approved.find((notice) => !this.passedOver.has(notice.noticeId));
  }

  async publish(notice: NoticeRecord): Promise<void> {
    const { noticeId, noticeType, content } = notice;
    try {
      const receipt = await publishNotice({ contractId: this.contractId, noticeId, noticeType, content, requestedAt: workflowNow() });
      if (!(await this.record({ noticeId, ...receipt }))) this.passedOver.add(noticeId);
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      log.error('The platform refused a notice; it stays approved and unpublished', { noticeId, noticeType, error: String(error.cause) });
      this.passedOver.add(noticeId);
    }
  }
}

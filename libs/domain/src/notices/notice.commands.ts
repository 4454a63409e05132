import { z } from 'zod';

/** A notice's id within its process: `<stream key>-<type>-<n>` (`t1-UK6-1`, `c-UK7-1`). */
export const NoticeId = z.string().regex(/^[a-z0-9]{1,20}-UK(?:[1-9]|1[0-2])-[1-9]\d{0,5}$/, 'a notice id such as t1-UK6-1 or c-UK7-1');

/** A person whose role may approve notices approves a drafted one for publication. */
export const ApproveNotice = z.object({ type: z.literal('ApproveNotice'), data: z.object({ noticeId: NoticeId }) });

/** Given by the workflow only (role `system`): what the publisher port answered for an approved notice. */
export const RecordNoticePublication = z.object({
  type: z.literal('RecordNoticePublication'),
  data: z.object({
    noticeId: NoticeId,
    platformNoticeId: z.string().trim().min(1).max(200),
    publishedAt: z.iso.datetime({ offset: true }),
    publisher: z.string().trim().min(1).max(100),
  }),
});

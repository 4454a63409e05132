import { evolveNotices, isNoticeEventType, NoticeEventSchemas, noticeTypeNames, type NoticeEvent, type NoticeRecord, type Role, type StoredEvent } from '@cls/domain';

/** A notice of a contracting process as its readers see it: where it stands, who approved it, when it was published. */
export interface ProcessNotice extends NoticeRecord {
  /** Find a Tender's name for the notice type. */
  name: string;
  /** The stream it is on: the contract's or a tender's (`tenderId`). */
  tenderId?: string;
  approvedBy?: { id: string; role: Role };
  approvedAt?: string;
  /** The id of the OCDS release that publishes it (the publication event's id). */
  releaseId?: string;
}

const tenderStreamPrefix = 'tender-';

const parse = (stored: StoredEvent): NoticeEvent =>
  ({ type: stored.type, data: NoticeEventSchemas[stored.type as NoticeEvent['type']].data.parse(stored.data) }) as NoticeEvent;

/**
 * The notices of a process from its contract's and tenders' stored events, in the order they were drafted. Pure:
 * the events in (any order), the notices out.
 */
export const processNotices = (events: readonly StoredEvent[]): ProcessNotice[] => {
  const notices = new Map<string, ProcessNotice>();
  const ordered = [...events].sort((a, b) => {
    const left = BigInt(a.globalPosition);
    const right = BigInt(b.globalPosition);
    return left < right ? -1 : left > right ? 1 : 0;
  });
  for (const stored of ordered) {
    if (!isNoticeEventType(stored.type)) continue;
    const event = parse(stored);
    const { noticeId } = event.data;
    const known = notices.get(noticeId);
    const [record] = Object.values(evolveNotices(known ? { [noticeId]: known } : {}, event));
    if (!record) continue;
    const tenderId = stored.streamId.startsWith(tenderStreamPrefix) ? stored.streamId.slice(tenderStreamPrefix.length) : undefined;
    const { actor, occurredAt } = stored.metadata;
    notices.set(noticeId, {
      ...known,
      ...record,
      name: noticeTypeNames[record.noticeType],
      ...(tenderId === undefined ? {} : { tenderId }),
      ...(event.type === 'NoticeApproved' ? { approvedBy: { id: actor.id, role: actor.role }, approvedAt: occurredAt } : {}),
      ...(event.type === 'NoticePublished' ? { releaseId: stored.eventId } : {}),
    });
  }
  return [...notices.values()];
};

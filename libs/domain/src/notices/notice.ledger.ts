import type { ProcurementPolicy } from '../policy/procurement-policy.schema';
import type { Actor } from '../shared/envelope.schema';
import { conflict, DomainError, forbidden } from '../shared/errors';
import type { NoticeContent, NoticeEvent, NoticeType } from './notice.events';

export type NoticeStatus = 'drafted' | 'approved' | 'published' | 'withdrawn';

/** A notice as its stream knows it: drafted, approved, published (or withdrawn before publication). */
export interface NoticeRecord {
  noticeId: string;
  noticeType: NoticeType;
  status: NoticeStatus;
  content: NoticeContent;
  dueBy?: string;
  platformNoticeId?: string;
  publishedAt?: string;
  /** How far up the escalation ladder a notice missing its statutory deadline has gone. */
  escalation?: { step: number; level: string; reachedOn: string; nextStepOn?: string };
}

/** A stream's notices by id, in the order they were drafted. */
export type NoticeLedger = Readonly<Record<string, NoticeRecord>>;

const notFound = (noticeId: string) => new DomainError('not-found', 'notice.not-found', `No notice ${noticeId}`, 'data.noticeId');

const requireNotice = (ledger: NoticeLedger | undefined, noticeId: string): NoticeRecord => {
  const notice = ledger?.[noticeId];
  if (!notice) throw notFound(noticeId);
  return notice;
};

/** Whether the policy lets this person's role approve notices for publication. */
export const mayApproveNotices = (actor: Actor, policy: ProcurementPolicy): boolean => policy.notices.approvers.some((role) => role === actor.role);

/** The next id for a notice of this type in the stream `key` (`t1` for a process's first tender, `c` its contract). */
export const nextNoticeId = (ledger: NoticeLedger | undefined, key: string, noticeType: NoticeType): string =>
  `${key}-${noticeType}-${Object.values(ledger ?? {}).filter((notice) => notice.noticeType === noticeType).length + 1}`;

/** A notice drafted from recorded facts, with the deadline for its publication where the Act sets one. */
export const draftNotice = (
  ledger: NoticeLedger | undefined,
  key: string,
  noticeType: NoticeType,
  content: NoticeContent,
  dueBy?: string,
): NoticeEvent => ({
  type: 'NoticeDrafted',
  data: { noticeId: nextNoticeId(ledger, key, noticeType), noticeType, content, ...(dueBy === undefined ? {} : { dueBy }) },
});

/**
 * A person approves a drafted notice for publication. Refusals: `notice.not-found` (not-found, field
 * `data.noticeId`); `notice.approver-not-permitted` (forbidden) for a role the policy's `notices.approvers` leaves
 * out; `notice.already-approved` (conflict) once approved or published; `notice.withdrawn` (conflict).
 */
export const approveNotice = (ledger: NoticeLedger | undefined, noticeId: string, actor: Actor, policy: ProcurementPolicy): NoticeEvent => {
  const notice = requireNotice(ledger, noticeId);
  if (!mayApproveNotices(actor, policy)) {
    throw forbidden('notice.approver-not-permitted', `Notices are approved by ${policy.notices.approvers.join(' or ')}, not by ${actor.role}`);
  }
  if (notice.status === 'withdrawn') throw conflict('notice.withdrawn', `Notice ${noticeId} was withdrawn`);
  if (notice.status !== 'drafted') throw conflict('notice.already-approved', `Notice ${noticeId} is already ${notice.status}`);
  return { type: 'NoticeApproved', data: { noticeId, noticeType: notice.noticeType } };
};

/**
 * The platform has published an approved notice: its identifier and publication time. Given by the workflow
 * (role `system`) with what the publisher port answered. Refusals (conflict): `notice.not-approved`,
 * `notice.already-published`.
 */
export const recordNoticePublication = (
  ledger: NoticeLedger | undefined,
  data: { noticeId: string; platformNoticeId: string; publishedAt: string; publisher: string },
): NoticeEvent => {
  const notice = requireNotice(ledger, data.noticeId);
  if (notice.status === 'published') throw conflict('notice.already-published', `Notice ${data.noticeId} was published as ${notice.platformNoticeId ?? ''}`);
  if (notice.status !== 'approved') throw conflict('notice.not-approved', `Notice ${data.noticeId} is ${notice.status}: only an approved notice is published`);
  return { type: 'NoticePublished', data: { ...data, noticeType: notice.noticeType } };
};

/** Folds a notice event into the stream's ledger. */
export const evolveNotices = (ledger: NoticeLedger | undefined, event: NoticeEvent): NoticeLedger => {
  const current = ledger ?? {};
  const change = (noticeId: string, update: Partial<NoticeRecord>): NoticeLedger => {
    const notice = current[noticeId];
    if (!notice) throw new Error(`${event.type} names the unknown notice ${noticeId}`);
    return { ...current, [noticeId]: { ...notice, ...update } };
  };
  switch (event.type) {
    case 'NoticeDrafted': {
      const { noticeId, noticeType, content, dueBy } = event.data;
      return { ...current, [noticeId]: { noticeId, noticeType, status: 'drafted', content, ...(dueBy === undefined ? {} : { dueBy }) } };
    }
    case 'NoticeApproved':
      return change(event.data.noticeId, { status: 'approved' });
    case 'NoticePublished':
      return change(event.data.noticeId, { status: 'published', platformNoticeId: event.data.platformNoticeId, publishedAt: event.data.publishedAt });
    case 'NoticeWithdrawn':
      return change(event.data.noticeId, { status: 'withdrawn' });
    default: {
      const unhandled: never = event;
      throw new Error(`Unhandled notice event ${JSON.stringify(unhandled)}`);
    }
  }
};

/** A step of the escalation ladder reached by a notice that missed its statutory deadline. */
export const escalateNotice = (ledger: NoticeLedger | undefined, noticeId: string, escalation: NonNullable<NoticeRecord['escalation']>): NoticeLedger => {
  const notice = ledger?.[noticeId];
  if (!notice) throw new Error(`An escalation names the unknown notice ${noticeId}`);
  return { ...ledger, [noticeId]: { ...notice, escalation } };
};

/** Notices drafted with a statutory deadline and not yet published: the ones whose deadline can be missed. */
export const noticesWithDeadline = (ledger: NoticeLedger | undefined): (NoticeRecord & { dueBy: string })[] =>
  Object.values(ledger ?? {}).filter(
    (notice): notice is NoticeRecord & { dueBy: string } => notice.dueBy !== undefined && (notice.status === 'drafted' || notice.status === 'approved'),
  );

/** Approved notices the platform has not published yet, oldest first: what the workflow hands to the publisher. */
export const noticesAwaitingPublication = (ledger: NoticeLedger | undefined): NoticeRecord[] =>
  Object.values(ledger ?? {}).filter((notice) => notice.status === 'approved');

/** The latest notice of a type, whatever its status. */
export const latestNotice = (ledger: NoticeLedger | undefined, noticeType: NoticeType): NoticeRecord | undefined =>
  Object.values(ledger ?? {})
    .filter((notice) => notice.noticeType === noticeType)
    .at(-1);

/** Notices of a type drafted or approved but not yet published: what a set-aside decision withdraws. */
export const unpublishedNotices = (ledger: NoticeLedger | undefined, noticeType: NoticeType): NoticeRecord[] =>
  Object.values(ledger ?? {}).filter((notice) => notice.noticeType === noticeType && (notice.status === 'drafted' || notice.status === 'approved'));

import { noticeTypeNames, type OpenTender, type TenderEvent } from '@cls/domain';
import type { Notification, NotificationRecipient } from '../notifications/notification.port';

const buyer = (tender: OpenTender): NotificationRecipient[] => [{ role: 'commissioner', organisation: tender.organisation }];
const suppliers = (organisations: readonly string[]): NotificationRecipient[] =>
  organisations.map((organisation) => ({ role: 'provider', organisation }));

/**
 * Who must hear of a tender event, and what they need to act on. Deadlines passing go to the buyer; answers,
 * letters and requests go to the suppliers they concern. Events nobody needs telling about map to nothing.
 */
export const tenderNotification = (tender: OpenTender, event: TenderEvent, eventId: string, occurredAt: string): Notification | undefined => {
  const base = { id: eventId, type: event.type, contractId: tender.contractId, processId: tender.tenderId, occurredAt };
  const about = (recipients: NotificationRecipient[], subject: string, facts: Notification['facts']): Notification | undefined =>
    recipients.length === 0 ? undefined : { ...base, recipients, subject: subject.slice(0, 200), facts };
  switch (event.type) {
    case 'ClarificationAnswered':
      return about(suppliers(event.data.recipients), `Clarification ${event.data.clarificationId} answered: ${tender.title}`, {
        question: event.data.question,
        answer: event.data.answer,
      });
    case 'ClarificationPeriodEnded':
      return about(buyer(tender), `Clarification period ended: ${tender.title}`, { unanswered: event.data.unanswered });
    case 'ParticipationClosed':
      return about(buyer(tender), `Requests to participate closed: ${tender.title}`, { candidates: event.data.candidates });
    case 'TenderClosed':
      return about(buyer(tender), `Tender closed with ${event.data.bids.length} bids: ${tender.title}`, {
        bids: event.data.bids.length,
        lateBids: event.data.lateBids.length,
      });
    case 'ExplanationRequested':
      return about(suppliers([event.data.supplier]), `Please explain the price of bid ${event.data.bidId} by ${event.data.dueOn}`, {
        bidId: event.data.bidId,
        deadline: event.data.deadline,
      });
    case 'ExplanationDeadlinePassed':
      return about(buyer(tender), `Explanation deadline passed for bid ${event.data.bidId}`, { ...event.data });
    case 'AwardLetterIssued':
      return about(suppliers([event.data.supplier.organisation]), `Award decision: ${tender.title}`, {
        successful: event.data.successful,
        ownTotal: event.data.own.total ?? null,
        winnerTotal: event.data.winner.total,
      });
    case 'StandstillEnded':
      return about(buyer(tender), `Standstill ended; the contract may be entered into: ${tender.title}`, {
        supplier: event.data.supplier.name,
      });
    // A notice left drafted (the contract award notice) waits for a person's approval, and the standstill with it.
    case 'NoticeDrafted':
      if (tender.notices?.[event.data.noticeId]?.status !== 'drafted') return undefined;
      return about(buyer(tender), `${noticeTypeNames[event.data.noticeType]} drafted for approval: ${tender.title}`, {
        noticeId: event.data.noticeId,
        noticeType: event.data.noticeType,
      });
    case 'TenderCancelled':
      return about([...buyer(tender), ...suppliers(Object.keys(tender.interested))], `Tender cancelled: ${tender.title}`, {});
    default:
      return undefined;
  }
};

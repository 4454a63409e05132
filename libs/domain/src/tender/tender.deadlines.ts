import { noticesAwaitingPublication, type NoticeRecord } from '../notices/notice.ledger';
import type { TenderCommand } from './tender.commands';
import { awardSuspended, type TenderState } from './tender.state';

/** A deadline the tender's workflow sleeps until, and the fact it then records as the system. */
export interface TenderDeadline {
  at: string;
  command: TenderCommand;
}

/**
 * Every deadline still to fire, earliest first. The workflow owns no rules about time: it sleeps until the first
 * of these (or until the state changes) and gives its command; the decider checks again that it is due.
 */
export const tenderDeadlines = (state: TenderState): TenderDeadline[] => {
  if (state.status !== 'open') return [];
  const deadlines: TenderDeadline[] = [];
  const live = ['participation', 'shortlisting', 'tendering'].includes(state.phase);
  if (live && !state.clarificationPeriodEnded) {
    deadlines.push({ at: state.clarificationDeadline, command: { type: 'EndClarificationPeriod', data: {} } });
  }
  if (state.phase === 'participation' && state.participationClosesAt) {
    deadlines.push({ at: state.participationClosesAt, command: { type: 'CloseParticipation', data: {} } });
  }
  if (state.phase === 'tendering' && state.closesAt) {
    deadlines.push({ at: state.closesAt, command: { type: 'CloseTender', data: {} } });
  }
  if (state.phase === 'evaluation') {
    for (const [bidId, entry] of Object.entries(state.abnormallyLow)) {
      const waiting = entry.status === 'explanation-requested' || entry.status === 'explained';
      if (waiting && entry.deadline && !entry.deadlinePassed) {
        deadlines.push({ at: entry.deadline, command: { type: 'PassExplanationDeadline', data: { bidId } } });
      }
    }
  }
  // Under statutory notices the standstill has no end until the contract award notice is published.
  if (state.phase === 'standstill' && state.award?.standstillEndsAt && !awardSuspended(state)) {
    deadlines.push({ at: state.award.standstillEndsAt, command: { type: 'EndStandstill', data: {} } });
  }
  return deadlines.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
};

/** The tender's approved notices the platform has not published yet: the workflow hands them to the publisher. */
export const tenderNoticesToPublish = (state: TenderState): NoticeRecord[] => (state.status === 'open' ? noticesAwaitingPublication(state.notices) : []);

/** Whether the tender has reached an end from which nothing more happens in it. */
export const tenderFinished = (state: TenderState): boolean =>
  state.status === 'open' && (state.phase === 'awarded' || state.phase === 'cancelled');

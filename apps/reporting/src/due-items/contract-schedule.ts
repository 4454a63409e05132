import {
  returnsSchedule,
  reviewSchedule,
  subtractCalendarDays,
  type ContractState,
  type MonitoringPolicy,
  type ReturnPeriod,
  type ReviewMeeting,
} from '@cls/domain';

/** ISO calendar days order as text does. */
const isBefore = (a: string, b: string): boolean => a < b;

/**
 * A running contract's returns and reviews as its workflow schedules them: the same composition of the domain's
 * returnsSchedule and reviewSchedule as libs/domain's contractReturnsSchedule and contractReviewSchedule (which the
 * domain's index does not export), over each returns frequency in force up to the contract's last day. None before
 * the contract is active, or once it has ended.
 */
export const contractSchedule = (contract: ContractState, policy: MonitoringPolicy): { returns: ReturnPeriod[]; reviews: ReviewMeeting[] } => {
  if (contract.status !== 'open' || contract.stage !== 'active' || !contract.management || !contract.issued || !contract.specification) {
    return { returns: [], reviews: [] };
  }
  const { management, issued, specification } = contract;
  if (management.ended) return { returns: [], reviews: [] };
  const { notice } = management.termination;
  const beforeNotice = notice ? subtractCalendarDays(notice.effectiveDate, 1) : undefined;
  const lastDay = beforeNotice !== undefined && isBefore(beforeNotice, management.endDate) ? beforeNotice : management.endDate;
  const segments = management.returnsFrequency;
  const returns = segments.flatMap((segment, index) => {
    const next = segments[index + 1];
    const dayBeforeNext = next ? subtractCalendarDays(next.from, 1) : lastDay;
    const endDate = isBefore(dayBeforeNext, lastDay) ? dayBeforeNext : lastDay;
    if (isBefore(endDate, segment.from)) return [];
    return returnsSchedule({ startDate: segment.from, endDate, frequency: segment.frequency }, policy);
  });
  const reviews = reviewSchedule({ startDate: issued.startDate, endDate: lastDay, cadences: specification.monitoring.reviewCadence }, policy);
  return { returns, reviews };
};

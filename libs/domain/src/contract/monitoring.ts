import { addMonths, isBefore, subtractCalendarDays } from '../monitoring/calendar';
import { escalationRung } from '../monitoring/escalation';
import { annualPerformanceAssessment, assessObservation, checkCommentInWindow, commentWindow } from '../monitoring/kpi-assessment';
import { requireReturnDue } from '../monitoring/schedule';
import type { MonitoringPolicy } from '../policy/monitoring-policy.schema';
import { addCalendarDays } from '../policy/working-days';
import { assertNever } from '../shared/decider';
import { conflict, invalid } from '../shared/errors';
import type { ContractCommand } from './contract.commands';
import type { ContractEvent } from './contract.events';
import type { OpenContract } from './contract.state';
import { contractKpiBands, contractReturnsSchedule, contractReviewSchedule, refield, requireActive, requireRunning } from './active-contract';
import { withConsequences } from './risk';
import type { EscalationReached } from './management.state';
import { londonDateOf } from '../policy/london-time';

type DataOf<T extends ContractCommand['type']> = Extract<ContractCommand, { type: T }>['data'];

const inData = (field: string | undefined): string => (field === undefined ? 'data' : `data.${field}`);

/**
 * The provider's return for a period that has ended, once (also after the contract has ended): `ReturnSubmitted`, then a `KpiAssessed` per observation
 * of a KPI with bands (rated by them, open to the provider's comment for the policy's window), then whatever the
 * new evidence changes (withConsequences). Refusals:
 * - `monitoring.period-not-due` (field `data.periodId`): invalid when the schedule has no such period, conflict
 *   when the period has not ended yet;
 * - `monitoring.return-already-submitted` (conflict, field `data.periodId`);
 * - `monitoring.unknown-kpi` (invalid, field `data.observations.<i>.kpi`): a KPI the contract does not have;
 * - `monitoring.duplicate-observation` (invalid, same field): a KPI reported twice.
 */
export const submitReturn = (contract: OpenContract, data: DataOf<'SubmitReturn'>, today: string, policy: MonitoringPolicy): ContractEvent[] => {
  // The returns of the contract's last periods fall due after it has ended: they are still owed.
  const active = requireActive(contract);
  const { management, issued } = active;
  const period = refield(() => requireReturnDue(data.periodId, contractReturnsSchedule(active, policy), today), inData);
  const submittedOn = management.returns[period.periodId]?.submittedOn;
  if (submittedOn) throw conflict('monitoring.return-already-submitted', `The return for ${period.periodId} was submitted on ${submittedOn}`, 'data.periodId');

  const known = new Set(issued.kpis);
  const seen = new Set<string>();
  data.observations.forEach((observation, index) => {
    const field = `data.observations.${index}.kpi`;
    if (!known.has(observation.kpi)) throw invalid('monitoring.unknown-kpi', `The contract has no KPI ${JSON.stringify(observation.kpi)}`, field);
    if (seen.has(observation.kpi)) throw invalid('monitoring.duplicate-observation', `The KPI ${observation.kpi} is reported more than once`, field);
    seen.add(observation.kpi);
  });

  const bands = contractKpiBands(active, policy);
  const rated = data.observations.filter((observation) => Object.hasOwn(bands, observation.kpi));
  const window = commentWindow(today, policy);
  const submitted: ContractEvent = {
    type: 'ReturnSubmitted',
    data: {
      periodId: period.periodId,
      periodStart: period.startDate,
      periodEnd: period.endDate,
      dueDate: period.dueDate,
      submittedOn: today,
      late: isBefore(period.dueDate, today),
      observations: data.observations,
      evidence: data.evidence,
      unrated: data.observations.filter((observation) => !Object.hasOwn(bands, observation.kpi)).map((observation) => observation.kpi),
    },
    ...(data.note === undefined ? {} : { reason: data.note }),
  };
  const assessed = rated.map((observation, index): ContractEvent => {
    const { kpi, value, rating, bands: kpiBands } = assessObservation(observation, bands);
    return {
      type: 'KpiAssessed',
      data: {
        assessmentId: `assessment-${management.assessments.length + index + 1}`,
        periodId: period.periodId,
        periodEnd: period.endDate,
        kpi,
        value,
        rating,
        bands: kpiBands,
        assessedOn: today,
        commentClosesOn: window.closesOn,
        standsOn: window.standsOn,
      },
    };
  });
  return withConsequences(active, [submitted, ...assessed], today, policy);
};

/**
 * The provider's comment on the accuracy of an assessment, once, within its window. Refusals:
 * `monitoring.unknown-assessment` (invalid, field `data.assessmentId`); `monitoring.assessment-already-commented`
 * and `monitoring.comment-window-closed` (conflict).
 */
export const commentOnAssessment = (
  contract: OpenContract,
  { assessmentId, comment }: DataOf<'CommentOnAssessment'>,
  today: string,
  policy: MonitoringPolicy,
): ContractEvent => {
  const { management } = requireActive(contract);
  const assessment = management.assessments.find((candidate) => candidate.assessmentId === assessmentId);
  if (!assessment) throw invalid('monitoring.unknown-assessment', `The contract has no assessment ${assessmentId}`, 'data.assessmentId');
  if (assessment.commentedOn) {
    throw conflict('monitoring.assessment-already-commented', `The provider commented on ${assessmentId} on ${assessment.commentedOn}`, 'data.assessmentId');
  }
  refield(() => checkCommentInWindow(assessment.assessedOn, today, policy), () => 'data.assessmentId');
  return { type: 'AssessmentCommented', data: { assessmentId, kpi: assessment.kpi, comment, commentedOn: today } };
};

/**
 * An operational team's report on a past stretch of the contract. Refusals (invalid, field `data.to`):
 * `monitoring.report-period-invalid` when it ends before it starts; `monitoring.report-period-in-future`.
 */
export const recordMonitoringReport = (contract: OpenContract, data: DataOf<'RecordMonitoringReport'>, today: string): ContractEvent => {
  const { management } = requireRunning(contract);
  if (isBefore(data.to, data.from)) throw invalid('monitoring.report-period-invalid', `The report cannot end (${data.to}) before it starts (${data.from})`, 'data.to');
  if (isBefore(today, data.to)) throw invalid('monitoring.report-period-in-future', `A report covers what has happened: ${data.to} is after today`, 'data.to');
  return { type: 'MonitoringReportRecorded', data: { reportId: `report-${management.reports + 1}`, ...data, recordedOn: today } };
};

/**
 * A scheduled review, held and minuted, once, from the day it is announced (its reminder date). The annual review
 * also records the year's performance assessment (Procurement Act 2023 s.71) from the KPI ratings of periods ending
 * in the interval before it. Refusals: `review.unknown` (invalid, field `data.reviewId`); `review.already-held`,
 * `review.not-yet-due` (conflict); `review.contract-manager-must-attend` (invalid, field `data.attendees`) for a
 * review the policy says the contract manager attends (the annual one by default).
 */
export const holdReview = (contract: OpenContract, data: DataOf<'HoldReview'>, today: string, policy: MonitoringPolicy): ContractEvent[] => {
  const active = requireRunning(contract);
  const review = contractReviewSchedule(active, policy).find((candidate) => candidate.reviewId === data.reviewId);
  if (!review) throw invalid('review.unknown', `No review ${data.reviewId} is scheduled`, 'data.reviewId');
  const heldOn = active.management.reviews[review.reviewId]?.heldOn;
  if (heldOn) throw conflict('review.already-held', `The review ${review.reviewId} was held on ${heldOn}`, 'data.reviewId');
  if (isBefore(today, review.reminderDate)) {
    throw conflict('review.not-yet-due', `The review ${review.reviewId} on ${review.date} can be held from ${review.reminderDate}`, 'data.reviewId');
  }
  if (review.contractManagerAttends && !data.attendees.some((attendee) => attendee.role === 'contract-manager')) {
    throw invalid('review.contract-manager-must-attend', `The contract manager attends the ${review.kind} review`, 'data.attendees');
  }
  const held: ContractEvent = {
    type: 'ReviewHeld',
    data: { reviewId: review.reviewId, kind: review.kind, scheduledFor: review.date, heldOn: today, attendees: data.attendees, minutes: data.minutes, actions: data.actions },
  };
  if (review.kind !== 'annual') return [held];
  const to = subtractCalendarDays(review.date, 1);
  const from = addCalendarDays(addMonths(to, -policy.assessment.annualAssessmentIntervalMonths), 1);
  const year = annualPerformanceAssessment(
    {
      from,
      to,
      kpis: active.issued.kpis,
      ratings: active.management.assessments.map(({ kpi, periodEnd, rating }) => ({ kpi, periodEnd, rating })),
    },
    policy,
  );
  return [held, { type: 'AnnualPerformanceAssessed', data: { reviewId: review.reviewId, ...year } }];
};

/**
 * The workflow's timer on the day after a return's due date. Refusals: `monitoring.unknown-period` (invalid);
 * `monitoring.return-not-overdue` (conflict) once submitted or before its overdue day;
 * `monitoring.overdue-already-recorded` (conflict).
 */
export const recordReturnOverdue = (
  contract: OpenContract,
  { periodId }: DataOf<'RecordReturnOverdue'>,
  today: string,
  policy: MonitoringPolicy,
): ContractEvent[] => {
  const active = requireActive(contract);
  const period = contractReturnsSchedule(active, policy).find((candidate) => candidate.periodId === periodId);
  if (!period) throw invalid('monitoring.unknown-period', `No return is scheduled for ${periodId}`, 'data.periodId');
  const record = active.management.returns[periodId];
  if (record?.submittedOn) throw conflict('monitoring.return-not-overdue', `The return for ${periodId} was submitted on ${record.submittedOn}`);
  if (isBefore(today, period.overdueOn)) throw conflict('monitoring.return-not-overdue', `The return for ${periodId} is due by the end of ${period.dueDate}`);
  if (record?.overdueOn) throw conflict('monitoring.overdue-already-recorded', `The return for ${periodId} was recorded overdue on ${record.overdueOn}`);
  return withConsequences(active, [{ type: 'ReturnOverdue', data: { periodId, dueDate: period.dueDate, overdueOn: today } }], today, policy);
};

const nextStep = (current: EscalationReached | undefined, firstOn: string, what: string, today: string): number => {
  if (current && current.nextStepOn === undefined) throw conflict('escalation.ladder-exhausted', `${what} is already at the top of the ladder (${current.level})`);
  const dueOn = current?.nextStepOn ?? firstOn;
  if (isBefore(today, dueOn)) throw conflict('escalation.not-due', `${what} escalates next on ${dueOn}`);
  return (current?.step ?? 0) + 1;
};

/**
 * A Procurement Act notice not published by its statutory deadline climbs the same ladder as an overdue return,
 * from the day after its deadline's last day, at whatever stage the contract is. Refusals: `notice.not-found`
 * (invalid, field `data.subject.noticeId`); `escalation.nothing-to-escalate` (conflict) once it is published or
 * withdrawn, or for a notice the Act sets no deadline for; `escalation.not-due`; `escalation.ladder-exhausted`.
 */
const raiseNoticeEscalation = (contract: OpenContract, noticeId: string, today: string, policy: MonitoringPolicy): ContractEvent => {
  const notice = contract.notices?.[noticeId];
  if (!notice) throw invalid('notice.not-found', `No notice ${noticeId}`, 'data.subject.noticeId');
  if (notice.dueBy === undefined || notice.status === 'published' || notice.status === 'withdrawn') {
    throw conflict('escalation.nothing-to-escalate', `Notice ${noticeId} is ${notice.status}${notice.dueBy === undefined ? ' and has no deadline' : ''}`);
  }
  const step = nextStep(notice.escalation, londonDateOf(notice.dueBy), `Notice ${noticeId}`, today);
  const rung = escalationRung(step, today, policy);
  if (!rung) throw conflict('escalation.ladder-exhausted', 'The policy has no further step on its ladder');
  const { level, title, reachedOn, nextStepOn } = rung;
  return {
    type: 'EscalationRaised',
    data: { subject: { kind: 'notice', noticeId }, step, level, title, reachedOn, ...(nextStepOn === undefined ? {} : { nextStepOn }) },
  };
};

/**
 * The workflow's timer: an overdue return (from `escalateAfterDaysOverdue` days past its due date) or a review not
 * held (from `escalateAfterDaysMissed` days after its date, when it is also recorded as missed) climbs the policy's
 * ladder one step, and again each time a step's days are up. Refusals (conflict): `escalation.nothing-to-escalate`
 * once the return is submitted or the review held, or before a return is recorded overdue; `escalation.not-due`;
 * `escalation.ladder-exhausted`; and `monitoring.unknown-period` / `review.unknown` (invalid).
 */
export const raiseEscalation = (contract: OpenContract, { subject }: DataOf<'RaiseEscalation'>, today: string, policy: MonitoringPolicy): ContractEvent[] => {
  if (subject.kind === 'notice') return [raiseNoticeEscalation(contract, subject.noticeId, today, policy)];
  const active = subject.kind === 'return' ? requireActive(contract) : requireRunning(contract);
  const { management } = active;
  const rungAt = (step: number) => {
    const rung = escalationRung(step, today, policy);
    if (!rung) throw conflict('escalation.ladder-exhausted', 'The policy has no further step on its ladder');
    const { level, title, reachedOn, nextStepOn } = rung;
    return { subject, step, level, title, reachedOn, ...(nextStepOn === undefined ? {} : { nextStepOn }) };
  };
  switch (subject.kind) {
    case 'return': {
      const period = contractReturnsSchedule(active, policy).find((candidate) => candidate.periodId === subject.periodId);
      if (!period) throw invalid('monitoring.unknown-period', `No return is scheduled for ${subject.periodId}`, 'data.subject.periodId');
      const record = management.returns[period.periodId];
      if (record?.submittedOn || !record?.overdueOn) {
        throw conflict('escalation.nothing-to-escalate', `The return for ${period.periodId} is ${record?.submittedOn ? 'submitted' : 'not overdue'}`);
      }
      const step = nextStep(record.escalation, period.escalationDate, `The return for ${period.periodId}`, today);
      return [{ type: 'EscalationRaised', data: rungAt(step) }];
    }
    case 'review': {
      const review = contractReviewSchedule(active, policy).find((candidate) => candidate.reviewId === subject.reviewId);
      if (!review) throw invalid('review.unknown', `No review ${subject.reviewId} is scheduled`, 'data.subject.reviewId');
      const record = management.reviews[review.reviewId];
      if (record?.heldOn) throw conflict('escalation.nothing-to-escalate', `The review ${review.reviewId} was held on ${record.heldOn}`);
      const step = nextStep(record?.escalation, review.escalationDate, `The review ${review.reviewId}`, today);
      const raised: ContractEvent = { type: 'EscalationRaised', data: rungAt(step) };
      if (step > 1) return [raised];
      return [{ type: 'ReviewMissed', data: { reviewId: review.reviewId, kind: review.kind, scheduledFor: review.date, missedOn: today } }, raised];
    }
    default:
      return assertNever(subject);
  }
};

import { isBefore } from '../monitoring/calendar';
import { monitoringIntensity, rateRisk } from '../monitoring/risk-rating';
import type { PlanTrigger } from '../plan/plan.events';
import type { MonitoringPolicy } from '../policy/monitoring-policy.schema';
import { addCalendarDays } from '../policy/working-days';
import type { ContractEvent } from './contract.events';
import { evolveContract } from './contract.state';
import { contractReturnsSchedule, requireActive, riskEvidenceOf, runningPlan, type ActiveContract } from './active-contract';
import type { MeasurementFrequency } from './vocabulary';

const problemLength = 4000;

/**
 * The returns' new frequency from the first day the current schedule has not yet covered (the day after the
 * period under way ends), or nothing when that is already the frequency in force or the contract ends first.
 */
const returnsFrequencyChange = (
  contract: ActiveContract,
  frequency: MeasurementFrequency,
  today: string,
  changeId: string,
  policy: MonitoringPolicy,
): ContractEvent | undefined => {
  const schedule = contractReturnsSchedule(contract, policy);
  const current = schedule.find((period) => !isBefore(today, period.startDate) && !isBefore(period.endDate, today));
  const first = schedule[0];
  const last = schedule.at(-1);
  if (!first || !last) return undefined;
  const from = current ? addCalendarDays(current.endDate, 1) : isBefore(today, first.startDate) ? first.startDate : undefined;
  if (from === undefined || isBefore(last.endDate, from)) return undefined;
  const segments = contract.management.returnsFrequency;
  const inForce = segments.filter((segment) => !isBefore(from, segment.from)).at(-1) ?? segments[0];
  const pendingLater = segments.some((segment) => isBefore(from, segment.from));
  if (!inForce || (inForce.frequency === frequency && !pendingLater)) return undefined;
  return { type: 'ReturnsScheduleChanged', data: { from, frequency, previousFrequency: inForce.frequency, changeId } };
};

/** The automatic trigger among what was just decided, if any: a red rating, then an inadequate KPI, then a serious concern. */
const automaticTrigger = (events: readonly ContractEvent[]): { trigger: PlanTrigger; problem: string } | undefined => {
  for (const event of events) {
    if (event.type === 'RiskRatingChanged' && event.data.to === 'red') {
      const problem = `Risk rating red on ${event.data.asOf}: ${event.data.reasons.map((reason) => reason.description).join('; ')}`;
      return { trigger: { kind: 'red-rating', ratingChangeId: event.data.changeId }, problem };
    }
  }
  for (const event of events) {
    if (event.type === 'KpiAssessed' && event.data.rating === 'inadequate') {
      const { kpi, periodId, value } = event.data;
      return { trigger: { kind: 'inadequate-kpi', kpi, periodId }, problem: `${kpi} was inadequate (${value}) for the period ${periodId}` };
    }
  }
  for (const event of events) {
    if (event.type === 'ConcernLogged' && event.data.severity === 'serious') {
      const { concernId, summary } = event.data;
      return { trigger: { kind: 'serious-complaint', complaintId: concernId }, problem: `A serious concern was logged (${concernId}): ${summary}` };
    }
  }
  return undefined;
};

/**
 * What follows from new evidence. After the events just decided (an assessment, an overdue return, a concern, an
 * inspection outcome) the contract is rated again under the policy; when the rating changes, `RiskRatingChanged`
 * lists its reasons and what the rating means for monitoring, and `ReturnsScheduleChanged` follows when it asks
 * for returns at another frequency. When an automatic trigger fires (a red rating, an inadequate KPI, a serious
 * concern) and no plan is running or already required, `PlanRequired` asks the workflow to open one.
 */
export const withConsequences = (
  contract: ActiveContract,
  decided: readonly ContractEvent[],
  today: string,
  policy: MonitoringPolicy,
): ContractEvent[] => {
  const after = requireActive(decided.reduce<ActiveContract>((state, event) => evolveContract(state, event) as ActiveContract, contract));
  const { management } = after;
  if (management.ended) return [...decided];
  const events: ContractEvent[] = [...decided];
  const assessment = rateRisk(riskEvidenceOf(after, policy), today, policy);
  if (assessment.rating !== management.risk.rating) {
    const changeId = `rating-${management.risk.changes + 1}`;
    const { level, returnsFrequency, returnsIncreased, intervention } = monitoringIntensity(
      assessment.rating,
      after.specification.monitoring.returnsSchedule,
      policy,
    );
    events.push({
      type: 'RiskRatingChanged',
      data: {
        changeId,
        from: management.risk.rating,
        to: assessment.rating,
        asOf: assessment.asOf,
        reasons: assessment.reasons,
        intensity: { level, returnsFrequency, returnsIncreased, intervention },
      },
    });
    const change = returnsFrequencyChange(after, returnsFrequency, today, changeId, policy);
    if (change) events.push(change);
  }
  const automatic = automaticTrigger(events);
  if (automatic && !management.planRequired && !runningPlan(management)) {
    events.push({ type: 'PlanRequired', data: { trigger: automatic.trigger, problem: automatic.problem.slice(0, problemLength), requiredOn: today } });
  }
  return events;
};

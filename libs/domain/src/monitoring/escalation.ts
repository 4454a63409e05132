import type { MonitoringPolicy } from '../policy/monitoring-policy.schema';
import { addCalendarDays, calendarDaysBetween, type IsoDate } from '../policy/working-days';

/** A rung of the policy's escalation ladder, reached on a given day. */
export interface EscalationRung {
  /** 1 for the first step. */
  step: number;
  level: string;
  title: string;
  reachedOn: IsoDate;
  /** When the next step is reached if nothing is resolved by then; absent at the top of the ladder. */
  nextStepOn?: IsoDate;
}

/** The rung `step` (1-based) of the ladder reached on `reachedOn`; undefined beyond the top. */
export const escalationRung = (step: number, reachedOn: string, policy: MonitoringPolicy): EscalationRung | undefined => {
  const rung = policy.escalation.ladder[step - 1];
  if (!rung) return undefined;
  const isTop = step === policy.escalation.ladder.length;
  return {
    step,
    level: rung.level,
    title: rung.title,
    reachedOn: addCalendarDays(reachedOn, 0),
    ...(isTop || rung.daysBeforeNextStep === undefined ? {} : { nextStepOn: addCalendarDays(reachedOn, rung.daysBeforeNextStep) }),
  };
};

/**
 * Every rung of the ladder for something that started slipping on `startOn` (a return first overdue past its
 * escalation date, a missed milestone) and is never resolved: the dates the workflow's timers fire on.
 */
export const escalationSchedule = (startOn: string, policy: MonitoringPolicy): EscalationRung[] => {
  const rungs: EscalationRung[] = [];
  let reachedOn = startOn;
  for (let step = 1; step <= policy.escalation.ladder.length; step += 1) {
    const rung = escalationRung(step, reachedOn, policy);
    if (!rung) break;
    rungs.push(rung);
    if (!rung.nextStepOn) break;
    reachedOn = rung.nextStepOn;
  }
  return rungs;
};

/** The rung reached by `today` for something slipping since `startOn`; undefined before `startOn`. */
export const escalationReached = (startOn: string, today: string, policy: MonitoringPolicy): EscalationRung | undefined =>
  escalationSchedule(startOn, policy)
    .filter((rung) => calendarDaysBetween(rung.reachedOn, today) >= 0)
    .at(-1);

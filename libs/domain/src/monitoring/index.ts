// Issue 4: monitoring, risk, change and termination policies, and the corrective action plan (stage 6 of the same
// cycle), exported together so the domain's index names them once.
export { addMonths, subtractCalendarDays } from './calendar';
export * from './schedule';
export * from './escalation';
export * from './kpi-assessment';
export * from './risk-rating';
export * from './variation';
export * from './termination';
export * from '../plan';

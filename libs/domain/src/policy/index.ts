// Procurement policy: deployment-configurable rules for routes, authority, evaluation and deadlines (pure, zod only).
export * from './procurement-policy.schema';
export * from './bank-holiday-rules';
export * from './bank-holidays.uk';
export * from './working-days';
export * from './london-time';
export * from './calendar-before-uk';
export * from './route.policy';
export * from './evaluation.policy';
export * from './deadlines.policy';
export * from './monitoring-policy.schema';

export * from './plan.events';
export * from './plan.commands';
export * from './plan.state';
export * from './plan.decider';
export * from './plan.protocol';
export * from './plan.deadlines';
export * from './plan.visibility';

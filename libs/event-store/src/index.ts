export * from './event-store';
export * from './errors';
export * from './migrate';
export * from './pool';

export * from './kafka';
export * from './topics';
export * from './contract-events.codec';
export * from './dead-letters';

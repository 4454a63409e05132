export * from './aggregate-client';
export * from './command-errors';
export * from './contract-client';
export * from './tender-client';
export * from './plan-client';
export * from './connection';

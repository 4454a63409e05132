export * from './contract-client';
export * from './connection';

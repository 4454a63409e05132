export * from './contract-visibility';
export * from './progress';

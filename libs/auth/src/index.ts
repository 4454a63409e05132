export * from './auth';
export * from './verifier';

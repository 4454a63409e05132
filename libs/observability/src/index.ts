export * from './metrics';
export * from './http';
export * from './tracing';
export * from './temporal';
export * from './env';
export * from './trace-context';

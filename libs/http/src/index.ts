export * from './problem-details';
export * from './problem-details.filter';
export * from './correlation-id';
export * from './zod-problems';
export * from './authentication';
export * from './openapi';
export * from './storable-text';
export * from './http-edge';

export * from './load-config';
export * from './common.schema';
export * from './notify.schema';
export * from './connections.schema';

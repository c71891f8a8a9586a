export * from './create-motif-service.ts';
export * from './motif-api.ts';
export * from './motif-service.ts';
export * from '../contract/service-types.ts';

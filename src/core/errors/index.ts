export * from './error-codes.ts';
export * from './motif-error.ts';

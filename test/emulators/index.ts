export * from './faults.ts';
export * from './openai/index.ts';
export * from './runware/index.ts';

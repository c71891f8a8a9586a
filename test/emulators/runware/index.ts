export * from './runware-emulator.ts';
export * from './runware-errors.ts';
export type { SendStyle, TaskOutput } from './runware-engine.ts';

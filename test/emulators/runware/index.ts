export * from './runware-emulator.ts';
export * from './runware-errors.ts';

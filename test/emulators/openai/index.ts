export * from './openai-emulator.ts';

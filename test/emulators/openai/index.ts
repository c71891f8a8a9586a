export * from './openai-emulator.ts';
export { maskKey, type OpenAIErrorBody } from './openai-errors.ts';
export { EMULATED_MODELS, type EmulatedOpenAIModel } from './openai-models.ts';

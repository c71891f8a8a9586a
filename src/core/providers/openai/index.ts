export * from './openai-error-mapper.ts';
export * from './openai-image-provider.ts';
export * from './openai-models.ts';

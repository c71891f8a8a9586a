import { z } from 'zod';
import { baseProviderSettings, defineProvider, endpointUrl } from '../provider-descriptor.ts';
import { OpenAIImageProvider } from './openai-image-provider.ts';

/** OpenAI, and any OpenAI-compatible images endpoint. */
export const openaiDescriptor = defineProvider({
  kind: 'openai',
  label: 'OpenAI',
  note: undefined,
  settingsSchema: z.object({
    ...baseProviderSettings,
    /** Any OpenAI-compatible images endpoint (default `https://api.openai.com/v1`, or `OPENAI_BASE_URL`). */
    baseUrl: endpointUrl.optional(),
  }),
  configShape: {
    baseUrl: z.url().optional(),
    /** Model ids to offer; the first is the `default` route's model. */
    models: z.array(z.string()).optional(),
  },
  secret: { name: 'openai', env: 'OPENAI_API_KEY' },
  envOverrides: [{ name: 'OPENAI_BASE_URL', description: 'OpenAI endpoint (e.g. an emulator)' }],
  defaultModel: (options) => options.models?.[0] ?? 'gpt-image-1',
  aliases: [
    { alias: 'gpt-image-1', label: 'GPT Image 1 (OpenAI)', model: 'gpt-image-1' },
    { alias: 'dall-e-3', label: 'DALL·E 3 (OpenAI)', model: 'dall-e-3' },
  ],
  capabilities: ['generate', 'vary', 'inpaint'],
  keyHelp: { url: 'https://platform.openai.com/api-keys', hint: 'OpenAI API keys are created at platform.openai.com under API keys.' },
  hosts: { api: ['api.openai.com'], links: ['platform.openai.com'] },
  runsLocally: false,
  endpoints: ({ builtIn, options, env }) => [options.baseUrl || (builtIn ? env.OPENAI_BASE_URL : undefined)],
  create: ({ id, builtIn, options, label, getApiKey, env, clock }) =>
    new OpenAIImageProvider({
      id,
      getApiKey,
      clock,
      ...(label ? { label } : builtIn ? {} : { label: id }),
      ...(options.baseUrl || (builtIn ? env.OPENAI_BASE_URL : undefined) ? { baseUrl: options.baseUrl || env.OPENAI_BASE_URL } : {}),
      ...(options.models ? { models: options.models } : {}),
    }),
});

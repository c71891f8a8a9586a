import { z } from 'zod';
import { baseProviderSettings, defineProvider, endpointUrl } from '../provider-descriptor.ts';
import { FalProvider } from './fal-provider.ts';

/** fal.ai: FLUX over fal's queue API (submit, poll status, read result). */
export const falDescriptor = defineProvider({
  kind: 'fal',
  label: 'fal.ai',
  note: undefined,
  settingsSchema: z.object({
    ...baseProviderSettings,
    /** Overrides the queue endpoint (default `https://queue.fal.run`, or `FAL_QUEUE_URL`). */
    baseUrl: endpointUrl.optional(),
  }),
  configShape: { baseUrl: z.url().optional() },
  secret: { name: 'fal', env: 'FAL_KEY' },
  envOverrides: [{ name: 'FAL_QUEUE_URL', description: 'fal.ai queue endpoint (e.g. an emulator)' }],
  defaultModel: () => 'fal-ai/flux/schnell',
  aliases: [{ alias: 'fal-flux-schnell', label: 'FLUX.1 schnell (fal.ai)', model: 'fal-ai/flux/schnell' }],
  capabilities: ['generate'],
  keyHelp: { url: 'https://fal.ai/dashboard/keys', hint: 'fal.ai keys are created at fal.ai under Dashboard → Keys.' },
  hosts: { api: ['queue.fal.run', 'fal.media'], links: ['fal.ai'] },
  runsLocally: false,
  endpoints: ({ builtIn, options, env }) => [options.baseUrl || (builtIn ? env.FAL_QUEUE_URL : undefined)],
  create: ({ id, builtIn, options, label, getApiKey, env, clock }) =>
    new FalProvider({ id, label, getApiKey, clock, baseUrl: options.baseUrl || (builtIn ? env.FAL_QUEUE_URL : undefined) }),
});

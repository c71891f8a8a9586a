import { z } from 'zod';
import { baseProviderSettings, defineProvider, endpointUrl } from '../provider-descriptor.ts';
import { RunwareProvider } from './runware-provider.ts';

const transport = z.enum(['websocket', 'rest']);

/** Runware: FLUX models over a WebSocket pool, REST as the alternative. */
export const runwareDescriptor = defineProvider({
  kind: 'runware',
  label: 'Runware',
  note: undefined,
  settingsSchema: z.object({
    ...baseProviderSettings,
    /** `websocket` multiplexes tasks over a small socket pool; `rest` uses HTTP for every task. REST is used automatically while sockets are down. */
    transport: transport.default('websocket'),
    /** Overrides the WebSocket endpoint (default `wss://ws-api.runware.ai/v1`, or `RUNWARE_WS_URL`). */
    wsUrl: endpointUrl.optional(),
    /** Overrides the REST endpoint (default `https://api.runware.ai/v1`, or `RUNWARE_API_URL`). */
    apiUrl: endpointUrl.optional(),
    /** Number of persistent WebSocket connections. */
    poolSize: z.number().int().min(1).max(8).default(1),
  }),
  configShape: {
    wsUrl: z.url().optional(),
    apiUrl: z.url().optional(),
    transport: transport.optional(),
    poolSize: z.number().int().min(1).max(8).optional(),
  },
  secret: { name: 'runware', env: 'RUNWARE_API_KEY' },
  envOverrides: [{ name: 'RUNWARE_WS_URL, RUNWARE_API_URL', description: 'Runware WebSocket and REST endpoints (e.g. an emulator)' }],
  defaultModel: () => 'runware:100@1',
  aliases: [
    { alias: 'flux-schnell', label: 'FLUX.1 schnell (Runware)', model: 'runware:100@1' },
    { alias: 'flux-dev', label: 'FLUX.1 dev (Runware)', model: 'runware:101@1' },
  ],
  capabilities: ['generate', 'upload', 'vary', 'outpaint', 'inpaint', 'upscale', 'remove-background', 'caption', 'vectorize'],
  keyHelp: { url: 'https://my.runware.ai/', hint: 'Runware API keys are created at my.runware.ai under API Keys.' },
  hosts: { api: ['ws-api.runware.ai', 'api.runware.ai'], links: ['runware.ai', 'my.runware.ai', 'docs.runware.ai'] },
  runsLocally: false,
  endpoints: ({ options, env }) => [options.wsUrl || env.RUNWARE_WS_URL, options.apiUrl || env.RUNWARE_API_URL],
  create: ({ id, options, getApiKey, pinnedModels, env, clock, random, emit }) =>
    new RunwareProvider({
      id,
      getApiKey,
      pinnedModels,
      clock,
      random,
      emit,
      ...(options.wsUrl || env.RUNWARE_WS_URL ? { wsUrl: options.wsUrl || env.RUNWARE_WS_URL } : {}),
      ...(options.apiUrl || env.RUNWARE_API_URL ? { apiUrl: options.apiUrl || env.RUNWARE_API_URL } : {}),
      ...(options.transport ? { transport: options.transport } : {}),
      ...(options.poolSize ? { poolSize: options.poolSize } : {}),
    }),
});

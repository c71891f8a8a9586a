import { z } from 'zod';
import { baseProviderSettings, defineProvider } from '../provider-descriptor.ts';
import { LOCAL_MODEL, LocalProvider } from './local-provider.ts';

/** The offline engine: procedural decoration artwork drawn on this computer. */
export const localDescriptor = defineProvider({
  kind: 'local',
  label: 'Offline engine',
  note: 'Draws decoration artwork on this computer. No key, no network, no cost.',
  settingsSchema: z.object({ ...baseProviderSettings }),
  configShape: {},
  secret: undefined,
  envOverrides: [],
  defaultModel: () => LOCAL_MODEL.id,
  aliases: [{ alias: 'offline', label: 'Offline engine', model: LOCAL_MODEL.id }],
  capabilities: ['generate', 'upscale', 'remove-background', 'vectorize'],
  keyHelp: undefined,
  hosts: { api: [], links: [] },
  runsLocally: true,
  endpoints: () => [],
  create: ({ id, clock }) => new LocalProvider({ id, clock }),
});

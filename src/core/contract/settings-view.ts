import { z } from 'zod';
import { dataNoticeSchema } from './data-notice.ts';
import { providerInfoSchema } from './service-types.ts';
import { secretNameSchema, settingsSchema } from './settings-schema.ts';

export type ProviderInfo = z.infer<typeof providerInfoSchema>;

/**
 * Settings as the UI sees them: keys appear only as set / not set. The one
 * definition: main validates the `settings:*` responses with it and the
 * engine's `getSettings()` returns its type.
 */
export const settingsViewSchema = z.object({
  settings: settingsSchema,
  /** Which secrets are set. Never the values. */
  secrets: z.record(secretNameSchema, z.boolean()),
  secretStorage: z
    .object({ persistent: z.boolean(), reason: z.string().optional() })
    .transform(({ persistent, reason }) => ({ persistent, reason })),
  providers: z.array(providerInfoSchema),
  /** Model aliases and `provider/model` ids a request may name. */
  models: z.array(z.object({ id: z.string(), label: z.string() })),
  libraryDir: z.string(),
  /** What was found wrong with Motif's own files at start-up and what was kept or reset; the app shows these in a banner. */
  notices: z.array(dataNoticeSchema),
});

export type SettingsView = z.output<typeof settingsViewSchema>;

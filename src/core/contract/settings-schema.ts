import { z } from 'zod';
import { IMAGE_FORMATS, REQUEST_LIMITS } from './image-request.ts';
import { STYLE_IDS } from './styles.ts';
import { CATALOGUE_LIMITS } from './model-catalogue-limits.ts';
import { pinnedModelSchema } from './model-catalogue.ts';

export const SETTINGS_SCHEMA_VERSION = 2;

/**
 * Settings as they cross the process boundary. Each provider's section is
 * described by its descriptor (src/core/providers), which this floor cannot
 * see: here a section is any object with `enabled`; the engine parses it
 * strictly (core/settings/settings-schema.ts) before it is used or stored.
 */
const providerSettingsSchema = z.looseObject({
  /** Whether the router may use this provider. */
  enabled: z.boolean(),
});

/** A provider's id or a secret's name: lower-case letters, digits and dashes. */
const providerId = z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'names are lower-case letters, digits and dashes');

export const settingsSchema = z.object({
  schemaVersion: z.literal(SETTINGS_SCHEMA_VERSION).default(SETTINGS_SCHEMA_VERSION),
  /** Order the router tries providers in for the `default` model; the offline engine is always the last resort. */
  providerOrder: z.array(z.string().min(1).max(64)).max(32).default([]),
  /** Each provider's settings, by provider id. */
  providers: z.record(providerId, providerSettingsSchema).default({}),
  defaults: z
    .object({
      /** Style preselected in the prompt studio and used when a request names none. */
      style: z.enum(STYLE_IDS).default('party'),
      /** Image size preselected in the prompt studio, e.g. `1024x1024`. */
      size: z
        .string()
        .regex(/^\d{2,4}x\d{2,4}$/)
        .default('1024x1024'),
      /** Images per generation preselected in the prompt studio. */
      count: z.number().int().min(1).max(REQUEST_LIMITS.maxCount).default(2),
      /** Image file format written to the library. */
      format: z.enum(IMAGE_FORMATS).default('png'),
    })
    .default({ style: 'party', size: '1024x1024', count: 2, format: 'png' }),
  /** Library folder; empty means the app's user-data folder (or `MOTIF_DATA_DIR`). */
  libraryDir: z.string().max(4096).default(''),
  server: z
    .object({
      /** Serve the local HTTP API from the app. Off by default; always bound to 127.0.0.1 and protected by a token. */
      enabled: z.boolean().default(false),
      /** Port of the local HTTP API. */
      port: z.number().int().min(1024).max(65535).default(8000),
    })
    .default({ enabled: false, port: 8000 }),
  routing: z
    .object({
      /** Start the next target when the first is slower than its observed p90; the first success wins. */
      hedging: z.boolean().default(false),
      /** Milliseconds a whole generation may take, across all attempts. */
      deadlineMs: z.number().int().min(1000).max(600_000).default(120_000),
    })
    .default({ hedging: false, deadlineMs: 120_000 }),
  budget: z
    .object({
      /** Daily spending cap in USD for paid providers; 0 means no cap. The offline engine is never capped. */
      dailyCapUsd: z.number().min(0).max(100_000).default(0),
    })
    .default({ dailyCapUsd: 0 }),
  exports: z
    .object({
      /**
       * Write each image's settings (prompt, negative prompt, style, seed, size,
       * model, provider, cost, Motif version) into exported files: PNG text
       * chunks and XMP, XMP in JPEG. Off: exported files carry no metadata (for clients).
       */
      embedSettings: z.boolean().default(true),
    })
    .default({ embedSettings: true }),
  /** Models pinned from the catalogue: checkpoints join the studio's model menu (and route like the built-in ones), LoRAs the LoRA picker. */
  pinnedModels: z
    .array(pinnedModelSchema)
    .max(CATALOGUE_LIMITS.maxPinned)
    .refine((list) => new Set(list.map((m) => `${m.provider}/${m.air}`)).size === list.length, 'a model is pinned twice')
    .default([]),
  /** Colour theme of the app. */
  theme: z.enum(['system', 'light', 'dark']).default('system'),
  /** Set once the first-run screen has been dismissed. */
  firstRunDone: z.boolean().default(false),
});

export type Settings = z.infer<typeof settingsSchema>;

/** A partial update from the UI: each top-level section may be given in part. */
export const settingsPatchSchema = z.strictObject({
  providerOrder: settingsSchema.shape.providerOrder.optional(),
  /** Each provider's changed fields; the engine checks them against the provider's own schema. */
  providers: z.record(providerId, z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]))).optional(),
  defaults: z
    .strictObject({
      style: z.enum(STYLE_IDS).optional(),
      size: z
        .string()
        .regex(/^\d{2,4}x\d{2,4}$/)
        .optional(),
      count: z.number().int().min(1).max(REQUEST_LIMITS.maxCount).optional(),
      format: z.enum(IMAGE_FORMATS).optional(),
    })
    .optional(),
  libraryDir: z.string().max(4096).optional(),
  server: z.strictObject({ enabled: z.boolean().optional(), port: z.number().int().min(1024).max(65535).optional() }).optional(),
  routing: z.strictObject({ hedging: z.boolean().optional(), deadlineMs: z.number().int().min(1000).max(600_000).optional() }).optional(),
  budget: z.strictObject({ dailyCapUsd: z.number().min(0).max(100_000).optional() }).optional(),
  exports: z.strictObject({ embedSettings: z.boolean().optional() }).optional(),
  theme: z.enum(['system', 'light', 'dark']).optional(),
  /** Replaces the pinned models; the window pins one at a time through `models:pin` instead. */
  pinnedModels: settingsSchema.shape.pinnedModels.unwrap().optional(),
  firstRunDone: z.boolean().optional(),
});
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

/** The secret holding the local API's bearer token; the providers' secrets are named by their descriptors. */
export const SERVER_TOKEN_SECRET = 'server-token';

/** A secret's name: a provider's key (named by its descriptor) or `server-token`. */
export const secretNameSchema = providerId;
export type SecretName = z.infer<typeof secretNameSchema>;

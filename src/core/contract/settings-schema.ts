import { z } from 'zod';
import { IMAGE_FORMATS, REQUEST_LIMITS } from './image-request.ts';
import { STYLE_IDS } from './styles.ts';

export const SETTINGS_SCHEMA_VERSION = 2;

const httpUrl = z.url({ protocol: /^(https?|wss?)$/ });

/** Per-provider settings. Keys live in the SecretStore, never here. */
export const providerSettingsSchema = z.object({
  /** Whether the router may use this provider. */
  enabled: z.boolean().default(true),
});

export const runwareSettingsSchema = providerSettingsSchema.extend({
  /** `websocket` multiplexes tasks over a small socket pool; `rest` uses HTTP for every task. REST is used automatically while sockets are down. */
  transport: z.enum(['websocket', 'rest']).default('websocket'),
  /** Overrides the WebSocket endpoint (default `wss://ws-api.runware.ai/v1`, or `RUNWARE_WS_URL`). */
  wsUrl: httpUrl.optional(),
  /** Overrides the REST endpoint (default `https://api.runware.ai/v1`, or `RUNWARE_API_URL`). */
  apiUrl: httpUrl.optional(),
  /** Number of persistent WebSocket connections. */
  poolSize: z.number().int().min(1).max(8).default(1),
});

export const openaiSettingsSchema = providerSettingsSchema.extend({
  /** Any OpenAI-compatible images endpoint (default `https://api.openai.com/v1`, or `OPENAI_BASE_URL`). */
  baseUrl: httpUrl.optional(),
});

export const settingsSchema = z.object({
  schemaVersion: z.literal(SETTINGS_SCHEMA_VERSION).default(SETTINGS_SCHEMA_VERSION),
  /** Order the router tries providers in for the `default` model; the offline engine is always the last resort. */
  providerOrder: z.array(z.string().min(1).max(64)).max(32).default(['runware', 'openai', 'local']),
  providers: z.object({
    runware: runwareSettingsSchema.default(runwareSettingsSchema.parse({})),
    openai: openaiSettingsSchema.default(openaiSettingsSchema.parse({})),
    local: providerSettingsSchema.default(providerSettingsSchema.parse({})),
  }).default({ runware: runwareSettingsSchema.parse({}), openai: openaiSettingsSchema.parse({}), local: providerSettingsSchema.parse({}) }),
  defaults: z.object({
    /** Style preselected in the prompt studio and used when a request names none. */
    style: z.enum(STYLE_IDS).default('party'),
    /** Image size preselected in the prompt studio, e.g. `1024x1024`. */
    size: z.string().regex(/^\d{2,4}x\d{2,4}$/).default('1024x1024'),
    /** Images per generation preselected in the prompt studio. */
    count: z.number().int().min(1).max(REQUEST_LIMITS.maxCount).default(2),
    /** Image file format written to the library. */
    format: z.enum(IMAGE_FORMATS).default('png'),
  }).default({ style: 'party', size: '1024x1024', count: 2, format: 'png' }),
  /** Library folder; empty means the app's user-data folder (or `MOTIF_DATA_DIR`). */
  libraryDir: z.string().max(4096).default(''),
  server: z.object({
    /** Serve the local HTTP API from the app. Off by default; always bound to 127.0.0.1 and protected by a token. */
    enabled: z.boolean().default(false),
    /** Port of the local HTTP API. */
    port: z.number().int().min(1024).max(65535).default(8000),
  }).default({ enabled: false, port: 8000 }),
  routing: z.object({
    /** Start the next target when the first is slower than its observed p90; the first success wins. */
    hedging: z.boolean().default(false),
    /** Milliseconds a whole generation may take, across all attempts. */
    deadlineMs: z.number().int().min(1000).max(600_000).default(120_000),
  }).default({ hedging: false, deadlineMs: 120_000 }),
  budget: z.object({
    /** Daily spending cap in USD for paid providers; 0 means no cap. The offline engine is never capped. */
    dailyCapUsd: z.number().min(0).max(100_000).default(0),
  }).default({ dailyCapUsd: 0 }),
  /** Colour theme of the app. */
  theme: z.enum(['system', 'light', 'dark']).default('system'),
  /** Set once the first-run screen has been dismissed. */
  firstRunDone: z.boolean().default(false),
});

export type Settings = z.infer<typeof settingsSchema>;

/** A partial update from the UI: each top-level section may be given in part. */
export const settingsPatchSchema = z.strictObject({
  providerOrder: settingsSchema.shape.providerOrder.optional(),
  providers: z.strictObject({
    runware: runwareSettingsSchema.partial().strict().optional(),
    openai: openaiSettingsSchema.partial().strict().optional(),
    local: providerSettingsSchema.partial().strict().optional(),
  }).optional(),
  defaults: z.strictObject({
    style: z.enum(STYLE_IDS).optional(),
    size: z.string().regex(/^\d{2,4}x\d{2,4}$/).optional(),
    count: z.number().int().min(1).max(REQUEST_LIMITS.maxCount).optional(),
    format: z.enum(IMAGE_FORMATS).optional(),
  }).optional(),
  libraryDir: z.string().max(4096).optional(),
  server: z.strictObject({ enabled: z.boolean().optional(), port: z.number().int().min(1024).max(65535).optional() }).optional(),
  routing: z.strictObject({ hedging: z.boolean().optional(), deadlineMs: z.number().int().min(1000).max(600_000).optional() }).optional(),
  budget: z.strictObject({ dailyCapUsd: z.number().min(0).max(100_000).optional() }).optional(),
  theme: z.enum(['system', 'light', 'dark']).optional(),
  firstRunDone: z.boolean().optional(),
});
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({});

/** Names of the secrets the engine knows. */
export const SECRET_NAMES = ['runware', 'openai', 'server-token'] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

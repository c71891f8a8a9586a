import { z } from 'zod';
import { ERROR_CODES } from '../errors/error-codes.ts';
import { IMAGE_FORMATS, IMAGE_TASK_KINDS } from './request-limits.ts';
import { attemptSchema, historyEntrySchema } from './history-entry.ts';
import { STYLE_IDS } from './styles.ts';
import { LAYOUT_IDS } from './offline-design.ts';

/**
 * Plain-data shapes the service hands to IPC, HTTP and the CLI. They are zod
 * schemas so main can validate what it sends, and the renderer's types derive
 * from them.
 */

export const serializedErrorSchema = z.object({
  code: z.enum(Object.keys(ERROR_CODES) as [keyof typeof ERROR_CODES, ...(keyof typeof ERROR_CODES)[]]),
  message: z.string(),
  userMessage: z.string(),
  param: z.string().optional(),
  provider: z.string().optional(),
  retryAfterMs: z.number().optional(),
});

const JOB_STATES = ['queued', 'waiting-network', 'sending', 'waiting', 'receiving', 'saved', 'failed', 'cancelled', 'interrupted'] as const;
export type JobState = (typeof JOB_STATES)[number];
export const FINAL_JOB_STATES: readonly JobState[] = ['saved', 'failed', 'cancelled'];

/** The normalised request a job was submitted with (sizes as `WxH`), enough to resume or reuse it. */
const jobRequestSchema = z.object({
  prompt: z.string(),
  negativePrompt: z.string().optional(),
  style: z.enum(STYLE_IDS),
  size: z.string(),
  count: z.number().int(),
  seed: z.number().int().optional(),
  format: z.enum(IMAGE_FORMATS),
  model: z.string(),
  allowFallback: z.boolean().optional(),
  /** LoRAs with their weights, as submitted. */
  loras: z.array(z.object({ model: z.string(), weight: z.number() })).optional(),
  /** The product layout asked for (offline engine), as submitted. */
  layout: z.enum(LAYOUT_IDS).optional(),
});

export const jobSnapshotSchema = z.object({
  id: z.string(),
  request: jobRequestSchema,
  state: z.enum(JOB_STATES),
  /** The provider serving (or that served) the job. */
  provider: z.string().optional(),
  model: z.string().optional(),
  /** The seed actually used as the base seed. */
  seed: z.number().int().optional(),
  createdAt: z.number(),
  updatedAt: z.number(),
  /** Library entries saved so far, in arrival order. */
  entryIds: z.array(z.string()),
  expected: z.number().int(),
  error: serializedErrorSchema.optional(),
  attempts: z.array(attemptSchema),
  fallback: z.boolean(),
  /** What the app is doing about a problem, in words: "Runware timed out; trying OpenAI". */
  notice: z.string().optional(),
  estimatedCostUsd: z.number().optional(),
  costUsd: z.number().optional(),
  /**
   * Set when the job runs a tool on an image instead of generating: which tool,
   * the entry it works on, and its words for the queue card ("Upscale ×2").
   * `request` then describes the source (its prompt, style, the result's size).
   */
  task: z
    .object({
      kind: z.enum(IMAGE_TASK_KINDS),
      sourceEntryId: z.string(),
      label: z.string(),
      params: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
  /** What a caption job read from the image (one sentence per caption). */
  texts: z.array(z.string()).optional(),
});
export type JobSnapshot = z.infer<typeof jobSnapshotSchema>;

/** What a job would cost before it is submitted: the Generate button's estimate and the daily cap's verdict. */
export const costQuoteSchema = z.object({
  /** The estimate on the provider the job would start on; absent when its price is unknown (never shown as $0). */
  estimatedCostUsd: z.number().optional(),
  /** The provider the job would start on; absent when none could serve it now. */
  provider: z.string().optional(),
  /** Today's spend and cap (0 = no cap), so the UI can say how much room is left. */
  spentTodayUsd: z.number(),
  capUsd: z.number(),
  /** Set when the daily cap would refuse the job before it starts (`budget_exceeded` or `budget_would_exceed`). */
  refusal: serializedErrorSchema.optional(),
});
export type CostQuote = z.infer<typeof costQuoteSchema>;

export const jobEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('job-updated'), job: jobSnapshotSchema }),
  z.object({ type: z.literal('job-image'), jobId: z.string(), entry: historyEntrySchema }),
  z.object({ type: z.literal('job-removed'), jobId: z.string() }),
  /** Another Motif process (the app or the command line) changed the library; this one has read its changes in. */
  z.object({ type: z.literal('library-changed'), message: z.string() }),
  /** An entry changed after it was saved (an imported image's caption arrived): the gallery shows the new version. */
  z.object({ type: z.literal('entry-updated'), entry: historyEntrySchema }),
]);
export type JobEvent = z.infer<typeof jobEventSchema>;

const BREAKER_STATES = ['closed', 'open', 'half-open', 'isolated'] as const;
export const BREAKER_MODES = ['auto', 'forced-open', 'forced-closed'] as const;
export type BreakerMode = (typeof BREAKER_MODES)[number];

const PROVIDER_STATUSES = ['healthy', 'degraded', 'open', 'half-open', 'key-missing', 'key-rejected', 'disabled', 'idle'] as const;

/**
 * What the last check of a provider's current key found: `valid` (the
 * provider accepted it), `rejected` (it refused it: the key is wrong or
 * revoked), or `unverified` (the check could not reach the provider, which
 * says nothing about the key). Absent when the current key was never checked.
 */
const KEY_VERDICTS = ['valid', 'rejected', 'unverified'] as const;
export const keyCheckSchema = z.object({
  verdict: z.enum(KEY_VERDICTS),
  /** Epoch ms of the check. */
  at: z.number(),
  /** The provider's answer in words, for rejected and unverified keys. */
  message: z.string().optional(),
});
export type KeyCheck = z.infer<typeof keyCheckSchema>;

const poolStatsSchema = z.object({
  transport: z.enum(['websocket', 'rest']),
  openSockets: z.number().int(),
  connecting: z.number().int(),
  reconnects: z.number().int(),
  inFlight: z.number().int(),
  queued: z.number().int(),
});

const latencySchema = z.object({
  avgMs: z.number().nullable(),
  p95Ms: z.number().nullable(),
  /** Most recent samples, oldest first, for the sparkline; bounded. */
  recentMs: z.array(z.number()).max(60),
});

const targetHealthSchema = z.object({
  /** `provider/model`. */
  id: z.string(),
  provider: z.string(),
  model: z.string(),
  breaker: z.enum(BREAKER_STATES),
  breakerMode: z.enum(BREAKER_MODES),
  /** Epoch ms when an open breaker will admit a probe. */
  retryAt: z.number().optional(),
  trips: z.number().int(),
  transitions: z.array(z.object({ at: z.number(), to: z.enum(BREAKER_STATES) })).max(20),
  requests: z.number().int(),
  failures: z.number().int(),
  successRate: z.number().nullable(),
  latency: latencySchema,
  inFlight: z.number().int(),
  queued: z.number().int(),
  retries: z.number().int(),
  fallbacks: z.number().int(),
  hedgesWon: z.number().int(),
  hedgesLost: z.number().int(),
  costUsd: z.number(),
  degraded: z.boolean(),
  /** Last time from breaker open to closed again. */
  lastRecoveryMs: z.number().optional(),
});
export type TargetHealth = z.infer<typeof targetHealthSchema>;

const providerHealthSchema = z.object({
  id: z.string(),
  label: z.string(),
  /** The provider's kind (its descriptor's), e.g. `runware`. */
  kind: z.string(),
  enabled: z.boolean(),
  keySet: z.boolean(),
  requiresKey: z.boolean(),
  status: z.enum(PROVIDER_STATUSES),
  /** Words for the status, e.g. "Paused after repeated failures — trying again in 12 s". */
  statusText: z.string(),
  breaker: z.enum(BREAKER_STATES),
  breakerMode: z.enum(BREAKER_MODES),
  retryAt: z.number().optional(),
  successRate: z.number().nullable(),
  latency: latencySchema,
  inFlight: z.number().int(),
  queued: z.number().int(),
  costTodayUsd: z.number(),
  lastError: z.object({ code: z.string(), message: z.string(), at: z.number() }).optional(),
  lastCheck: z.object({ ok: z.boolean(), latencyMs: z.number(), at: z.number(), message: z.string().optional() }).optional(),
  /** What the last check of the current key found; a rejected key stays rejected until the key changes. */
  keyCheck: keyCheckSchema.optional(),
  pool: poolStatsSchema.optional(),
});
export type ProviderHealth = z.infer<typeof providerHealthSchema>;

const cacheStatsSchema = z.object({
  name: z.string(),
  hits: z.number().int(),
  misses: z.number().int(),
  size: z.number().int(),
  hitRatio: z.number().nullable(),
});
export type CacheStats = z.infer<typeof cacheStatsSchema>;

export const telemetrySnapshotSchema = z.object({
  at: z.number(),
  providers: z.array(providerHealthSchema),
  targets: z.array(targetHealthSchema),
  caches: z.array(cacheStatsSchema),
  spend: z.object({
    todayUsd: z.number(),
    capUsd: z.number(),
    /** Images made today whose price is unknown (not counted as $0). */
    unknownPricedToday: z.number().int(),
    byProvider: z.record(z.string(), z.number()),
  }),
});
export type TelemetrySnapshot = z.infer<typeof telemetrySnapshotSchema>;

/** A provider as settings and health list it. */
export const providerInfoSchema = z.object({
  id: z.string(),
  label: z.string(),
  kind: z.string(),
  requiresKey: z.boolean(),
  /** The secret the settings screen sets this provider's key under; absent when it needs none. */
  secret: z.string().optional(),
  /** One sentence the settings screen shows instead of the model count. */
  note: z.string().optional(),
  keySet: z.boolean(),
  /** What the last check of the current key found (see `keyCheckSchema`). */
  keyCheck: keyCheckSchema.optional(),
  enabled: z.boolean(),
  models: z.array(z.object({ id: z.string(), label: z.string(), pricePerImageUsd: z.number().optional() })),
});

import { z } from 'zod';
import { CATALOGUE_LIMITS, MODEL_ARCHITECTURES, MODEL_CATEGORIES, PINNABLE_CATEGORIES } from './model-catalogue-limits.ts';

/**
 * The model catalogue as it crosses every boundary (IPC, HTTP, CLI, settings):
 * what a search asks for, what a page of results holds, a pinned model, and a
 * LoRA attached to a generation. Runware's `modelSearch` (runware-api.md §4.4)
 * is the upstream; other providers could serve the same shapes.
 */

/** Runware's AIR id, `source:id@version` (e.g. `runware:101@1`, `civitai:139562@297320`). */
const AIR_PATTERN = /^[a-z][a-z0-9_-]{0,31}:[\w.-]{1,64}@[\w.-]{1,32}$/;
export const airSchema = z.string().regex(AIR_PATTERN, 'model ids look like runware:101@1 or civitai:139562@297320');

/** A catalogue search. Strict: a misspelt filter is an error, not a silent "everything". */
export const modelSearchQuerySchema = z.strictObject({
  /** Words matched against names, ids and tags. */
  search: z.string().trim().max(200).optional(),
  tags: z.array(z.string().trim().min(1).max(64)).max(10).optional(),
  category: z.enum(MODEL_CATEGORIES).optional(),
  architecture: z.enum(MODEL_ARCHITECTURES).optional(),
  limit: z.number().int().min(1).max(CATALOGUE_LIMITS.maxPageSize).default(20),
  offset: z.number().int().min(0).max(100_000).default(0),
});
export type ModelSearchQuery = z.input<typeof modelSearchQuerySchema>;
export type ModelSearchRequest = z.output<typeof modelSearchQuerySchema>;

/** One model as the catalogue shows it. */
const catalogueModelSchema = z.object({
  /** The instance that offers it (`runware`). */
  provider: z.string().min(1).max(64),
  air: airSchema,
  name: z.string().min(1).max(200),
  version: z.string().max(100).optional(),
  category: z.string().min(1).max(32),
  architecture: z.string().max(32).optional(),
  tags: z.array(z.string().max(64)).max(50),
  /** Whether the upstream gave a preview image; the app serves it through `motif-media://preview/<air>`. */
  hasPreview: z.boolean(),
  /** USD per image when known (the provider's price table); absent means unknown, never free. */
  pricePerImageUsd: z.number().nonnegative().optional(),
  defaultWidth: z.number().int().positive().optional(),
  defaultHeight: z.number().int().positive().optional(),
  defaultSteps: z.number().int().positive().optional(),
  defaultCFG: z.number().nonnegative().optional(),
  /** Words a LoRA wants in the prompt. */
  triggerWords: z.string().max(500).optional(),
  /** One of the app's built-in models (always shown, also offline). */
  builtIn: z.boolean(),
  pinned: z.boolean(),
});
export type CatalogueModel = z.infer<typeof catalogueModelSchema>;

/** Why a page came from the built-in and pinned models instead of the upstream. */
const catalogueOfflineSchema = z.object({
  /** A registered error code (`key_missing`, `connection_lost`, `upstream_malformed`, …). */
  code: z.string(),
  message: z.string(),
});

/** One page of search results. */
export const catalogueModelsPageSchema = z.object({
  models: z.array(catalogueModelSchema),
  /** Matches in all (of this source). */
  total: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  limit: z.number().int().positive(),
  /** `live`: from the upstream now; `cache`: an earlier identical search; `offline`: built-in and pinned models only. */
  source: z.enum(['live', 'cache', 'offline']),
  /** Set when `source` is `offline`: what stopped the upstream search, in words. */
  offline: catalogueOfflineSchema.optional(),
});
export type CatalogueModelsPage = z.infer<typeof catalogueModelsPageSchema>;

/** A model the designer pinned, as saved in settings: enough to route to it and show it offline. */
export const pinnedModelSchema = z.strictObject({
  provider: z.string().regex(/^[a-z][a-z0-9-]{0,63}$/),
  air: airSchema,
  name: z.string().min(1).max(200),
  category: z.enum(PINNABLE_CATEGORIES),
  architecture: z.string().max(32).optional(),
  pricePerImageUsd: z.number().nonnegative().optional(),
  defaultSteps: z.number().int().positive().max(150).optional(),
  defaultCFG: z.number().nonnegative().max(50).optional(),
  triggerWords: z.string().max(500).optional(),
  /** The upstream's preview address, fetched by the engine only (never by the window). */
  previewUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
});
export type PinnedModel = z.infer<typeof pinnedModelSchema>;

/** A LoRA attached to a generation, with its weight. */
const loraSchema = z.strictObject({
  model: airSchema,
  weight: z.number().min(CATALOGUE_LIMITS.loraWeightMin).max(CATALOGUE_LIMITS.loraWeightMax).default(CATALOGUE_LIMITS.loraWeightDefault),
});
export type Lora = z.output<typeof loraSchema>;

export const lorasSchema = z
  .array(loraSchema)
  .max(CATALOGUE_LIMITS.maxLoras, `at most ${CATALOGUE_LIMITS.maxLoras} LoRAs`)
  .refine((list) => new Set(list.map((l) => l.model)).size === list.length, 'a LoRA is attached twice');

/** One model as a provider's search returned it, before the catalogue adds prices, pins and preview URLs. */
export interface SearchedModel {
  readonly air: string;
  readonly name: string;
  readonly version: string | undefined;
  readonly category: string;
  readonly architecture: string | undefined;
  readonly tags: readonly string[];
  /** The upstream's own preview URL; only the engine fetches it, never the renderer. */
  readonly previewUrl: string | undefined;
  readonly defaultWidth: number | undefined;
  readonly defaultHeight: number | undefined;
  readonly defaultSteps: number | undefined;
  readonly defaultCFG: number | undefined;
  readonly triggerWords: string | undefined;
}

/** Signal and deadline of a catalogue call (epoch ms on the provider's clock). */
export interface CatalogueCallOptions {
  readonly signal: AbortSignal;
  readonly deadline: number;
}

/** A provider that can search its model catalogue (Runware's `modelSearch`). */
export interface ModelSearchCapable {
  searchModels(
    query: ModelSearchRequest,
    options: CatalogueCallOptions,
  ): Promise<{ readonly models: readonly SearchedModel[]; readonly total: number }>;
  /** Fetches a preview image the search named; rejects anything but an image. */
  fetchPreview(url: string, options: CatalogueCallOptions): Promise<Uint8Array>;
}

export const canSearchModels = <P extends object>(provider: P | undefined): provider is P & ModelSearchCapable =>
  provider !== undefined &&
  typeof (provider as Partial<ModelSearchCapable>).searchModels === 'function' &&
  typeof (provider as Partial<ModelSearchCapable>).fetchPreview === 'function';

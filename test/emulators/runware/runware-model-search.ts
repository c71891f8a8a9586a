import type { ImageStore } from '../image-store.ts';
import { renderEmulatedImage } from '../render-image.ts';
import { errorItem, type RunwareErrorItem } from './runware-errors.ts';
import { EMULATED_MODEL_BY_AIR, EMULATED_MODELS, type EmulatedModel } from './runware-model-catalogue.ts';
import type { RawTask } from './runware-validation.ts';

/**
 * `modelSearch` (runware-api.md §4.4) and the `lora` field of
 * `imageInference` (§3.1), for the emulator: validation with Runware-style
 * error items, the search itself over the fixed catalogue, and the preview
 * images its `heroImage` URLs point at (served by the emulator at `/img/…`).
 */

const DOCS = 'https://runware.ai/docs/en/utilities/model-search';
const CATEGORIES = new Set(['checkpoint', 'lora', 'lycoris', 'controlnet', 'vae', 'embeddings']);
const VISIBILITIES = new Set(['public', 'private', 'all']);
const AIR = /^[\w.-]+:[\w.-]+@[\w.-]+$/;

/** A `modelSearch` task after validation, with defaults (limit 20, offset 0) filled in. */
export interface ModelSearchParams {
  readonly taskType: string;
  readonly taskUUID: string;
  readonly search: string | undefined;
  readonly tags: readonly string[];
  readonly category: string | undefined;
  readonly architecture: string | undefined;
  readonly type: string | undefined;
  readonly conditioning: string | undefined;
  readonly limit: number;
  readonly offset: number;
  readonly async: boolean;
}

type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: RunwareErrorItem };

/** Validates a `modelSearch` task whose taskUUID was already checked. */
export function validateModelSearch(task: RawTask, tag: { taskType: string; taskUUID: string }): Checked<ModelSearchParams> {
  const fail = (parameter: string, message: string, extra: Partial<RunwareErrorItem> = {}): Checked<ModelSearchParams> => ({
    ok: false,
    error: errorItem(`invalid${parameter.charAt(0).toUpperCase()}${parameter.slice(1)}`, tag, {
      parameter,
      message,
      documentation: `${DOCS}#request-${parameter.toLowerCase()}`,
      ...extra,
    }),
  });
  const optionalString = (name: string): string | undefined | null => {
    const value = task[name];
    if (value === undefined || value === null) return undefined;
    return typeof value === 'string' && value.length <= 300 ? value : null;
  };
  const strings: Record<string, string | undefined> = {};
  for (const name of ['search', 'category', 'architecture', 'type', 'conditioning', 'visibility']) {
    const value = optionalString(name);
    if (value === null) return fail(name, `Invalid value for '${name}' parameter. It must be a string.`, { type: 'string' });
    strings[name] = value;
  }
  if (strings.category !== undefined && !CATEGORIES.has(strings.category))
    return fail('category', `Invalid value for 'category' parameter. It must be one of: ${[...CATEGORIES].join(', ')}.`);
  if (strings.visibility !== undefined && !VISIBILITIES.has(strings.visibility))
    return fail('visibility', "Invalid value for 'visibility' parameter. It must be one of: public, private, all.");
  const tags = task.tags ?? [];
  if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string'))
    return fail('tags', "Invalid value for 'tags' parameter. It must be an array of strings.", { type: 'array' });
  const limit = task.limit ?? 20;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 100)
    return fail('limit', "Invalid value for 'limit' parameter. It must be an integer value between 1 and 100.", {
      type: 'integer',
      min: 1,
      max: 100,
    });
  const offset = task.offset ?? 0;
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0)
    return fail('offset', "Invalid value for 'offset' parameter. It must be an integer value of 0 or more.", { type: 'integer', min: 0 });
  return {
    ok: true,
    value: {
      ...tag,
      search: strings.search?.trim() || undefined,
      tags: tags as string[],
      category: strings.category,
      architecture: strings.architecture,
      type: strings.type,
      conditioning: strings.conditioning,
      limit,
      offset,
      async: task.deliveryMethod === 'async',
    },
  };
}

const matches = (model: EmulatedModel, p: ModelSearchParams): boolean => {
  if (p.category !== undefined && model.category !== p.category) return false;
  if (p.architecture !== undefined && model.architecture !== p.architecture) return false;
  if (p.type !== undefined && model.type !== p.type) return false;
  if (p.conditioning !== undefined && model.conditioning !== p.conditioning) return false;
  const tags = model.tags.map((t) => t.toLowerCase());
  if (!p.tags.every((t) => tags.includes(t.toLowerCase()))) return false;
  if (p.search === undefined) return true;
  const haystack = [model.name, model.air, model.version, ...model.tags].join(' ').toLowerCase();
  return p.search
    .toLowerCase()
    .split(/\s+/)
    .every((word) => haystack.includes(word));
};

/** How many preview variants exist; models share them by position. */
const PREVIEW_VARIANTS = 6;
const PREVIEW_PROMPTS = [
  'balloons party',
  'confetti birthday',
  'floral wedding',
  'snowflake holiday',
  'pastel baby shower',
  'minimal stars',
];
const previewId = (model: EmulatedModel): string => `preview-${model.air.replace(/[^\w]+/g, '-')}`;

/**
 * Runs the search and answers one item `{results, totalResults}`. Previews of
 * the page's models are put in the image store first, so every `heroImage`
 * URL answers.
 */
export async function searchModels(p: ModelSearchParams, images: ImageStore, origin: string): Promise<Record<string, unknown>> {
  const found = EMULATED_MODELS.filter((m) => matches(m, p));
  const page = found.slice(p.offset, p.offset + p.limit);
  const results = await Promise.all(
    page.map(async (model) => {
      let heroImage = '';
      if (!model.noPreview) {
        const variant = EMULATED_MODELS.indexOf(model) % PREVIEW_VARIANTS;
        const bytes = await renderEmulatedImage({
          prompt: PREVIEW_PROMPTS[variant] ?? 'party',
          seed: 1000 + variant,
          width: 128,
          height: 128,
          format: 'webp',
        });
        heroImage = `${origin}${images.put(previewId(model), bytes, 'webp')}`;
      }
      const { costUsd: _cost, noPreview: _noPreview, ...fields } = model;
      return { ...fields, heroImage, private: false, comment: '' };
    }),
  );
  return { taskType: p.taskType, taskUUID: p.taskUUID, results, totalResults: found.length };
}

/**
 * Checks an `imageInference` task's `lora` list: an array of `{model, weight}`
 * whose models are AIR ids of LoRAs the catalogue knows. Undefined when fine.
 */
export function checkLoras(task: RawTask, tag: { taskType: string; taskUUID: string | undefined }): RunwareErrorItem | undefined {
  const list = task.lora;
  if (list === undefined) return undefined;
  const invalid = (message: string): RunwareErrorItem =>
    errorItem('invalidLora', tag, {
      parameter: 'lora',
      message,
      documentation: 'https://runware.ai/docs/en/image-inference/api-reference#request-lora',
    });
  if (!Array.isArray(list)) return invalid("Invalid value for 'lora' parameter. It must be an array of objects.");
  for (const item of list) {
    const { model, weight } = (item ?? {}) as { model?: unknown; weight?: unknown };
    if (typeof model !== 'string' || !AIR.test(model)) return invalid("Invalid value for 'lora.model'. It must be an AIR identifier.");
    if (weight !== undefined && (typeof weight !== 'number' || !Number.isFinite(weight) || weight < -4 || weight > 4))
      return invalid("Invalid value for 'lora.weight'. It must be a number between -4 and 4.");
    const known = EMULATED_MODEL_BY_AIR.get(model);
    if (known !== undefined && known.category !== 'lora' && known.category !== 'lycoris')
      return invalid(`Invalid value for 'lora.model': ${model} is a ${known.category}, not a LoRA.`);
  }
  return undefined;
}

import { z } from 'zod';
import type { ProviderCapabilities, ProviderModel, ProviderWarning } from '../../contract/image-provider.ts';
import type { ImageFormat, ImageRequest } from '../../contract/image-request.ts';
import { MotifError } from '../../errors/index.ts';
import { applyStyle } from '../../contract/styles.ts';
import type { PinnedModel } from '../../contract/model-catalogue.ts';
import type { RunwareDataItem, RunwareTaskPayload } from './runware-protocol.ts';

/** How Runware returns image bytes: inline base64 (no second download) or a URL to fetch. */
export type RunwareOutputType = 'base64Data' | 'URL';

/** Runware's size grid for the FLUX models offered (§3.1): multiples of 64 from 128 to 2048. */
const RUNWARE_SIZE_GRID = { kind: 'range', min: 128, max: 2048, multipleOf: 64 } as const;

const RUNWARE_CAPABILITIES: ProviderCapabilities = {
  sizes: RUNWARE_SIZE_GRID,
  maxImagesPerCall: 8,
  seed: true,
  negativePrompt: true,
  formats: ['png', 'jpeg', 'webp'],
  loras: true,
};

interface RunwareModelSpec {
  readonly label: string;
  /** The model's own sampling defaults, sent explicitly so results do not drift with server defaults. */
  readonly steps: number;
  readonly CFGScale: number;
}

/** The models offered, by AIR id. */
export const RUNWARE_MODELS: Readonly<Record<string, RunwareModelSpec>> = {
  'runware:100@1': { label: 'FLUX.1 schnell', steps: 4, CFGScale: 1 },
  'runware:101@1': { label: 'FLUX.1 dev', steps: 28, CFGScale: 3.5 },
};

/**
 * Default prices per image in USD. These are estimates (Runware bills open models by compute
 * time and publishes no fixed figure for these two, see runware-api.md §6); the real cost of
 * each image comes back in its `cost` field. Override with the provider's `priceTable`.
 */
export const RUNWARE_DEFAULT_PRICES: Readonly<Record<string, number>> = {
  'runware:100@1': 0.0013,
  'runware:101@1': 0.0038,
};

/** The catalogue entries for the offered models, priced from `priceTable`, then the pinned checkpoints (priced by the table, else as pinned). */
export function runwareModels(priceTable: Readonly<Record<string, number>>, pinned: readonly PinnedModel[] = []): ProviderModel[] {
  const builtIn = Object.entries(RUNWARE_MODELS).map(([id, spec]) => ({
    id,
    label: spec.label,
    capabilities: RUNWARE_CAPABILITIES,
    pricePerImageUsd: priceTable[id],
  }));
  const extra = pinned
    .filter((m) => m.category === 'checkpoint' && RUNWARE_MODELS[m.air] === undefined)
    .map((m) => ({
      id: m.air,
      label: m.name,
      capabilities: RUNWARE_CAPABILITIES,
      pricePerImageUsd: priceTable[m.air] ?? m.pricePerImageUsd,
    }));
  return [...builtIn, ...extra];
}

/** Rounds a side to the nearest multiple of the grid, within its bounds. */
export function snapToGrid(
  side: number,
  grid: { readonly min: number; readonly max: number; readonly multipleOf: number } = RUNWARE_SIZE_GRID,
): number {
  const snapped = Math.round(side / grid.multipleOf) * grid.multipleOf;
  return Math.min(grid.max, Math.max(grid.min, snapped));
}

const OUTPUT_FORMATS: Readonly<Record<ImageFormat, string>> = { png: 'PNG', jpeg: 'JPG', webp: 'WEBP' };
const MAX_PROMPT_CHARS = 3000;
/** Runware rejects seed 0 (the JS SDK even drops it); this stand-in lies outside the canonical 32-bit range, so it never collides with another seed. */
const SEED_ZERO_STAND_IN = 2 ** 32;

export interface MappedImageInference {
  readonly payload: RunwareTaskPayload;
  readonly warnings: readonly ProviderWarning[];
  /** The size Runware will render, after snapping. */
  readonly width: number;
  readonly height: number;
}

/** Maps the canonical request to one `imageInference` task. */
export function buildImageInferenceTask(
  request: ImageRequest,
  options: {
    model: string;
    taskUUID: string;
    outputType: RunwareOutputType;
    /** Sampling defaults of a model outside `RUNWARE_MODELS` (a pinned one), from its catalogue entry. */
    sampling?: { readonly steps: number | undefined; readonly CFGScale: number | undefined } | undefined;
  },
): MappedImageInference {
  const spec = RUNWARE_MODELS[options.model] ?? options.sampling;
  const warnings: ProviderWarning[] = [];
  const width = snapToGrid(request.width);
  const height = snapToGrid(request.height);
  if (width !== request.width || height !== request.height) {
    warnings.push({
      type: 'compatibility',
      setting: 'size',
      details: `Runware needs sides that are multiples of 64 between 128 and 2048: ${request.width}x${request.height} was changed to ${width}x${height}`,
    });
  }
  let seed = request.seed;
  if (seed === 0) {
    seed = SEED_ZERO_STAND_IN;
    warnings.push({
      type: 'compatibility',
      setting: 'seed',
      details: `Runware does not accept seed 0; seed ${SEED_ZERO_STAND_IN} was used instead`,
    });
  }
  const styled = applyStyle(request.prompt, request.style);
  const negativePrompt = [request.negativePrompt?.trim(), styled.negativePrompt]
    .filter((part) => part !== undefined && part !== '')
    .join(', ');
  const payload: RunwareTaskPayload = {
    taskType: 'imageInference',
    taskUUID: options.taskUUID,
    model: options.model,
    positivePrompt: styled.prompt.slice(0, MAX_PROMPT_CHARS),
    negativePrompt: negativePrompt.slice(0, MAX_PROMPT_CHARS),
    width,
    height,
    ...(spec?.steps === undefined ? {} : { steps: spec.steps }),
    ...(spec?.CFGScale === undefined ? {} : { CFGScale: spec.CFGScale }),
    ...(request.loras && request.loras.length > 0 ? { lora: request.loras.map(({ model, weight }) => ({ model, weight })) } : {}),
    numberResults: request.count,
    seed,
    outputType: options.outputType,
    outputFormat: OUTPUT_FORMATS[request.format],
    includeCost: true,
  };
  return { payload, warnings, width, height };
}

const imageItemSchema = z.object({
  taskUUID: z.string(),
  imageUUID: z.string().optional(),
  imageBase64Data: z.string().min(1).optional(),
  imageDataURI: z.string().min(1).optional(),
  imageURL: z.string().min(1).optional(),
  seed: z.number().optional(),
  cost: z.number().nonnegative().optional(),
});

/** One image of a response, before any download. */
export interface RunwareImageItem {
  /** Decoded bytes for inline outputs; undefined when the image must be fetched from `url`. */
  readonly bytes: Uint8Array | undefined;
  readonly url: string | undefined;
  readonly seed: number | undefined;
  readonly costUsd: number | undefined;
}

/** Validates one response item; anything unusable is `upstream_malformed`, never a crash. */
export function readImageItem(item: RunwareDataItem, provider: string): RunwareImageItem {
  const parsed = imageItemSchema.safeParse(item);
  if (!parsed.success)
    throw malformed(
      provider,
      `an image item did not match the schema (${parsed.error.issues[0]?.path.join('.') ?? '?'}: ${parsed.error.issues[0]?.message ?? ''})`,
    );
  const { imageBase64Data, imageDataURI, imageURL, seed, cost } = parsed.data;
  let base64 = imageBase64Data;
  if (base64 === undefined && imageDataURI !== undefined) {
    const comma = imageDataURI.indexOf(',');
    if (!imageDataURI.startsWith('data:') || comma < 0) throw malformed(provider, 'an imageDataURI is not a data URI');
    base64 = imageDataURI.slice(comma + 1);
  }
  if (base64 !== undefined) return { bytes: decodeBase64(base64, provider), url: undefined, seed, costUsd: cost };
  if (imageURL !== undefined) return { bytes: undefined, url: imageURL, seed, costUsd: cost };
  throw malformed(provider, 'an image item carried no image');
}

function decodeBase64(base64: string, provider: string): Uint8Array {
  const buffer = Buffer.from(base64, 'base64');
  // Node skips characters that are not base64; a much shorter result means the text was not base64.
  let length = base64.length;
  while (length > 0 && base64.charCodeAt(length - 1) === 61 /* '=' */) length -= 1;
  const expected = Math.floor((length * 3) / 4);
  if (buffer.length === 0 || buffer.length < expected - 2) throw malformed(provider, 'imageBase64Data is not valid base64');
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

function malformed(provider: string, detail: string): MotifError {
  return new MotifError('upstream_malformed', { provider, message: `Runware sent an unusable reply: ${detail}`, upstream: { provider } });
}

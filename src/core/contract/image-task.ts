import { z } from 'zod';
import { IMAGE_TASK_KINDS as IMAGE_TASK_KINDS_TUPLE, REQUEST_LIMITS, TASK_LIMITS, type ImageFormat } from './request-limits.ts';
import type { StyleId } from './styles.ts';
import type { Extension } from './task-words.ts';

export { TASK_LIMITS, type ImageTaskKind } from './request-limits.ts';
// The words and geometry the renderer shows live in a zod-free module; re-exported here for the engine.
export { describeTask, extensionForAspect } from './task-words.ts';

/** The default width of a seam repair's band, as a share of the side: wide enough for a model to join the two sides. */
const SEAM_BAND = 0.125;

/** Library entry ids as a task names them. */
const entryIdSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^(?!\.+$)[\w.:-]+$/, 'entryId has unexpected characters');

/** Encoded image bytes a caller hands over (a file dragged in, a mask); sniffed and size-checked by the engine. */
const imageBytesSchema = z
  .custom<Uint8Array>((value) => value instanceof Uint8Array, { message: 'expected image bytes' })
  .refine((bytes) => bytes.byteLength > 0, 'the image is empty')
  .refine(
    (bytes) => bytes.byteLength <= TASK_LIMITS.maxSourceBytes,
    `the image must be at most ${TASK_LIMITS.maxSourceBytes / 1024 / 1024} MB`,
  );

/**
 * The image a task works on: a library entry, or a file's bytes (PNG, JPEG or
 * WebP). Bytes are imported into the library first, so every result has a
 * parent entry and a job can be resumed.
 */
const imageSourceSchema = z.union([
  z.strictObject({ entryId: entryIdSchema }),
  z.strictObject({
    bytes: imageBytesSchema,
    /** The file's name, kept as the imported entry's prompt so it can be found. */
    name: z.string().trim().max(255).optional(),
  }),
]);
export type ImageSourceInput = z.input<typeof imageSourceSchema>;

const optionalPromptSchema = z
  .string()
  .trim()
  .min(1, 'prompt must not be empty')
  .max(REQUEST_LIMITS.promptMaxChars, `prompt must be at most ${REQUEST_LIMITS.promptMaxChars} characters`)
  .optional();

const side = z.number().int('extension must be whole pixels').min(0).max(TASK_LIMITS.maxExtendPx);

/** Extra pixels on each side, or a target aspect (`3:1`) the image is widened or heightened to, centred. */
const extendSchema = z.union([
  z.strictObject({ top: side, right: side, bottom: side, left: side }).refine((e) => e.top + e.right + e.bottom + e.left > 0, {
    message: 'extend at least one side',
  }),
  z.strictObject({
    aspect: z
      .string()
      .regex(/^\d{1,2}:\d{1,2}$/, 'aspect must look like 3:1')
      .refine((a) => !a.split(':').some((n) => Number(n) === 0), 'aspect sides must be positive'),
  }),
]);

const common = {
  source: imageSourceSchema,
  /** Set to skip the result cache. */
  noCache: z.boolean().optional(),
};

/**
 * What a caller (UI, CLI, HTTP) asks a tool to do, validated at every
 * boundary. Unknown keys are rejected. `task` names the tool; every variant
 * names its source image.
 */
export const imageTaskInputSchema = z.discriminatedUnion('task', [
  /** Brings a file into the library (and, with a Runware key, uploads it once so later tasks reuse its image id). */
  z.strictObject({ task: z.literal('upload'), ...common }),
  /** More like this: image-to-image. `strength` is how far results may stray (a preset or 0.05–1). */
  z.strictObject({
    task: z.literal('vary'),
    ...common,
    strength: z.union([z.enum(['subtle', 'strong']), z.number().min(0.05).max(1)]).default('subtle'),
    count: z.number().int('count must be a whole number').min(1).max(TASK_LIMITS.maxVariations).default(1),
    /** Defaults to the source entry's prompt. */
    prompt: optionalPromptSchema,
    seed: z.number().int().min(0).max(REQUEST_LIMITS.maxSeed).optional(),
  }),
  /** Extends the canvas (e.g. square → 3:1 banner); `blur` softens the seam (0–32 px). */
  z.strictObject({
    task: z.literal('outpaint'),
    ...common,
    extend: extendSchema,
    blur: z.number().int().min(0).max(32).default(8),
    prompt: optionalPromptSchema,
  }),
  /** Repaints the white area of `mask` (same size as the source; black is kept). */
  z.strictObject({
    task: z.literal('inpaint'),
    ...common,
    mask: imageBytesSchema,
    /** Extra context around the mask, in pixels (32–128). */
    maskMargin: z.number().int().min(32).max(128).optional(),
    prompt: optionalPromptSchema,
  }),
  z.strictObject({
    task: z.literal('upscale'),
    ...common,
    factor: z.union([z.literal(2), z.literal(3), z.literal(4)]).default(2),
  }),
  /** A transparent PNG of the subject. */
  z.strictObject({ task: z.literal('remove-background'), ...common }),
  /** A sentence describing the image (makes imported images searchable). */
  z.strictObject({ task: z.literal('caption'), ...common }),
  /** An SVG of the image; the entry keeps a raster preview and the SVG as its vector twin. */
  z.strictObject({ task: z.literal('vectorize'), ...common }),
  /**
   * A tile that repeats without a seam (wrapping paper): the image offset by
   * half on both axes, so its old edges meet in a cross through the middle,
   * and that cross repainted by the provider's inpainting. The result is the
   * same size, marked seamless (`task: 'seamless'`), made from the source.
   */
  z.strictObject({
    task: z.literal('seamless'),
    ...common,
    /** Width of the repainted band across the old edges, as a share of the side (0.05–0.5). */
    band: z.number().min(0.05).max(0.5).default(SEAM_BAND),
    /** Defaults to the source entry's prompt. */
    prompt: optionalPromptSchema,
  }),
]);
export type ImageTaskInput = z.input<typeof imageTaskInputSchema>;
export type ParsedImageTaskInput = z.output<typeof imageTaskInputSchema>;

/** The source image, loaded: what a provider gets. */
export interface TaskSourceImage {
  /** The library entry (a file's bytes were imported first). */
  readonly entryId: string;
  readonly bytes: Uint8Array;
  readonly format: ImageFormat;
  readonly width: number;
  readonly height: number;
  /** sha256 of the bytes: the key of upload caches. */
  readonly hash: string;
  /** The entry's SVG twin, when it has one (offline designs). */
  readonly svg: string | undefined;
  /** Who made the source: an offline design can be redrawn by the engine that drew it. */
  readonly madeBy: { readonly provider: string; readonly model: string; readonly kind: string | undefined };
  readonly prompt: string;
  readonly style: StyleId;
  readonly seed: number | undefined;
}

/** The canonical task inside the engine: source loaded, presets resolved, output size worked out. */
export type ImageTask =
  | { readonly kind: 'upload'; readonly source: TaskSourceImage }
  | {
      readonly kind: 'vary';
      readonly source: TaskSourceImage;
      /** 0–1: how far the results may move from the source. */
      readonly strength: number;
      readonly count: number;
      readonly prompt: string;
      readonly seed: number;
    }
  | {
      readonly kind: 'outpaint';
      readonly source: TaskSourceImage;
      readonly extend: Extension;
      readonly blur: number;
      readonly prompt: string;
    }
  | InpaintTask
  | { readonly kind: 'upscale'; readonly source: TaskSourceImage; readonly factor: 2 | 3 | 4 }
  | { readonly kind: 'remove-background'; readonly source: TaskSourceImage }
  | { readonly kind: 'caption'; readonly source: TaskSourceImage }
  | { readonly kind: 'vectorize'; readonly source: TaskSourceImage }
  | {
      readonly kind: 'seamless';
      /** The image asked about: the result is made from it. */
      readonly source: TaskSourceImage;
      /** What the provider runs: an inpaint of the source offset by half, masked over the cross where its edges meet. */
      readonly repair: InpaintTask;
      readonly band: number;
    };

type InpaintTask = {
  readonly kind: 'inpaint';
  readonly source: TaskSourceImage;
  readonly mask: { readonly bytes: Uint8Array; readonly format: ImageFormat };
  readonly maskMargin: number | undefined;
  readonly prompt: string;
};

/** A task as a provider runs it: every tool but `seamless`, which is composed of `inpaint`. */
export type ProviderTask = Exclude<ImageTask, { kind: 'seamless' }>;

/** The provider tool that runs a task: a seam repair is an inpaint; every other task is its own tool. */
export function providerTask(task: ImageTask): ProviderTask {
  return task.kind === 'seamless' ? task.repair : task;
}

/** `strength` of the vary presets. */
export const VARY_STRENGTH = { subtle: 0.35, strong: 0.75 } as const;

/** How many images a task makes (caption makes text, upload makes none). */
export function taskImageCount(task: ImageTask): number {
  if (task.kind === 'vary') return task.count;
  if (task.kind === 'caption' || task.kind === 'upload') return 0;
  return 1;
}

/** The size of the task's result image(s). */
export function taskOutputSize(task: ImageTask): { readonly width: number; readonly height: number } {
  const { width, height } = task.source;
  if (task.kind === 'upscale') return { width: width * task.factor, height: height * task.factor };
  if (task.kind === 'outpaint')
    return { width: width + task.extend.left + task.extend.right, height: height + task.extend.top + task.extend.bottom };
  return { width, height };
}

/** What the tool was asked, as plain data: the lineage line's details and part of the result cache key. */
export function taskParams(task: ImageTask): Record<string, unknown> {
  switch (task.kind) {
    case 'vary':
      return { strength: task.strength, count: task.count, prompt: task.prompt, seed: task.seed };
    case 'outpaint':
      return { extend: { ...task.extend }, blur: task.blur, prompt: task.prompt };
    case 'inpaint':
      return { prompt: task.prompt, ...(task.maskMargin === undefined ? {} : { maskMargin: task.maskMargin }) };
    case 'upscale':
      return { factor: task.factor };
    case 'seamless':
      return { band: task.band, prompt: task.repair.prompt };
    default:
      return {};
  }
}

/** The estimate shown before a tool runs, and who could run it now. */
export const taskEstimateSchema = z.object({
  task: z.enum(IMAGE_TASK_KINDS_TUPLE),
  /** The first provider that would be tried; absent when none can run it now. */
  provider: z.string().optional(),
  /** USD on that provider; absent when unknown or when nothing can run it. */
  estimatedCostUsd: z.number().nonnegative().optional(),
  /** Every provider, whether it could run the tool on this image now, and why not. */
  providers: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      available: z.boolean(),
      reason: z.string().optional(),
      /** Why not, as the router's skip code (`key_missing`, `unsupported_task`…). */
      code: z.string().optional(),
      priceUsd: z.number().nonnegative().optional(),
    }),
  ),
  /** The result's size (`WxH`), when the tool makes an image. */
  outputSize: z.string().optional(),
  /** Why it would not start now although a provider could run it (today's spend cap), as the error it would fail with. */
  refusal: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type TaskEstimate = z.infer<typeof taskEstimateSchema>;

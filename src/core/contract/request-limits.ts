/**
 * Plain constants of the canonical request, with no schema library behind
 * them, so the renderer can import them without bundling zod.
 * `image-request.ts` re-exports them for everything else.
 */

/** Limits of the canonical request. Providers may be narrower; the router adapts or skips. */
export const REQUEST_LIMITS = {
  promptMaxChars: 2000,
  negativePromptMaxChars: 1000,
  minSide: 64,
  maxSide: 4096,
  maxCount: 8,
  maxSeed: 2 ** 32 - 1,
} as const;

/** Image formats a caller may ask for. */
export const IMAGE_FORMATS = ['png', 'jpeg', 'webp'] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];

/** The media type of each image format. */
export const MEDIA_TYPES: Readonly<Record<ImageFormat, string>> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' };

/**
 * The image tools (besides generating): see `image-task.ts`. `seamless` (a
 * pattern tile's seam repaired) is composed of `inpaint`: a provider offers
 * it by offering inpainting.
 */
export const IMAGE_TASK_KINDS = [
  'upload',
  'vary',
  'outpaint',
  'inpaint',
  'upscale',
  'remove-background',
  'caption',
  'vectorize',
  'seamless',
] as const;
export type ImageTaskKind = (typeof IMAGE_TASK_KINDS)[number];

/** Limits of task requests. */
export const TASK_LIMITS = {
  /** Largest source or mask file accepted. */
  maxSourceBytes: 20 * 1024 * 1024,
  /** Largest side of a source image. */
  maxSourceSide: 4096,
  /** Largest side of a task's result (upscale, outpaint). */
  maxOutputSide: 8192,
  maxVariations: 4,
  /** Most pixels one outpaint may add to a side. */
  maxExtendPx: 2048,
  upscaleFactors: [2, 3, 4],
} as const;

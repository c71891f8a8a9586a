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

import { REQUEST_LIMITS } from '../../shared/catalog.ts';

/** Size presets the studio offers; anything else is "custom". */
export interface SizePreset {
  readonly id: 'square' | 'portrait' | 'landscape';
  readonly label: string;
  readonly width: number;
  readonly height: number;
}

export const SIZE_PRESETS: readonly SizePreset[] = [
  { id: 'square', label: 'Square', width: 1024, height: 1024 },
  { id: 'portrait', label: 'Portrait', width: 832, height: 1216 },
  { id: 'landscape', label: 'Landscape', width: 1216, height: 832 },
];

/** Each side of an image, in pixels, as the engine accepts it. */
export const SIZE_LIMITS = { min: REQUEST_LIMITS.minSide, max: REQUEST_LIMITS.maxSide } as const;

export interface ImageSize {
  readonly width: number;
  readonly height: number;
}

/** Parses `1024x1024`; undefined when malformed. */
export function parseSize(value: string): ImageSize | undefined {
  const match = /^(\d{2,4})x(\d{2,4})$/.exec(value.trim());
  if (!match) return undefined;
  return { width: Number(match[1]), height: Number(match[2]) };
}

export const sizeToString = (size: ImageSize): string => `${size.width}x${size.height}`;

export function presetFor(size: ImageSize): SizePreset | undefined {
  return SIZE_PRESETS.find((preset) => preset.width === size.width && preset.height === size.height);
}

/** A problem with a custom size in words, or undefined when it is fine. */
export function sizeProblem(size: ImageSize): string | undefined {
  for (const [name, side] of [
    ['Width', size.width],
    ['Height', size.height],
  ] as const) {
    if (!Number.isInteger(side)) return `${name} must be a whole number of pixels.`;
    if (side < SIZE_LIMITS.min || side > SIZE_LIMITS.max)
      return `${name} must be between ${SIZE_LIMITS.min} and ${SIZE_LIMITS.max} pixels.`;
  }
  return undefined;
}

/** `3:2`, `1:1`, reduced by the greatest common divisor. */
export function aspectRatioLabel(size: ImageSize): string {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const divisor = gcd(size.width, size.height) || 1;
  const w = size.width / divisor;
  const h = size.height / divisor;
  if (w > 32 || h > 32) return (size.width / size.height).toFixed(2);
  return `${w}:${h}`;
}

import { z } from 'zod';
import { STYLE_IDS } from './styles.ts';
import { IMAGE_FORMATS, REQUEST_LIMITS, type ImageFormat } from './request-limits.ts';
import { lorasSchema, type Lora } from './model-catalogue.ts';
import { LAYOUT_IDS, type LayoutId } from './offline-design.ts';

export { IMAGE_FORMATS, MEDIA_TYPES, REQUEST_LIMITS, type ImageFormat } from './request-limits.ts';

/** `WIDTHxHEIGHT`, e.g. `1024x1024`. */
const sizeSchema = z
  .string()
  .regex(/^\d{2,4}x\d{2,4}$/, 'size must look like 1024x1024')
  .transform((value, ctx) => {
    const [width, height] = value.split('x').map(Number) as [number, number];
    for (const side of [width, height]) {
      if (side < REQUEST_LIMITS.minSide || side > REQUEST_LIMITS.maxSide) {
        ctx.addIssue({
          code: 'custom',
          message: `each side must be between ${REQUEST_LIMITS.minSide} and ${REQUEST_LIMITS.maxSide} pixels`,
        });
        return z.NEVER;
      }
    }
    return { width, height };
  });

const promptSchema = z
  .string()
  .trim()
  .min(1, 'prompt must not be empty')
  .max(REQUEST_LIMITS.promptMaxChars, `prompt must be at most ${REQUEST_LIMITS.promptMaxChars} characters`);

/**
 * What a caller (UI, CLI, HTTP) asks for. Validated at every boundary; unknown
 * keys are rejected so a typo never silently falls back to a default.
 */
export const generateInputSchema = z.strictObject({
  prompt: promptSchema,
  negativePrompt: z.string().trim().max(REQUEST_LIMITS.negativePromptMaxChars).optional(),
  style: z.enum(STYLE_IDS).default('party'),
  size: sizeSchema.default({ width: 1024, height: 1024 }),
  count: z.number().int('count must be a whole number').min(1).max(REQUEST_LIMITS.maxCount).default(1),
  seed: z.number().int().min(0).max(REQUEST_LIMITS.maxSeed).optional(),
  format: z.enum(IMAGE_FORMATS).default('png'),
  /** A model alias (`default`, `offline`, …) or `provider/model`. */
  model: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[\w.:@/-]+$/, 'model has unexpected characters')
    .default('default'),
  /** LoRAs (by AIR id) with their weights, applied by providers that support them (Runware); others say they ignored them. */
  loras: lorasSchema.optional(),
  /**
   * The product to lay out (`poster`, `sticker`, …). The offline engine honours
   * it over the prompt's own words; providers that cannot lay out a product
   * leave it out and say so in a warning. Absent: the prompt chooses.
   */
  layout: z.enum(LAYOUT_IDS).optional(),
  /** Set to skip the result cache and single-flight. */
  noCache: z.boolean().optional(),
  /**
   * A request naming a model (`dall-e-3`, `flux-schnell`, …) is served by that
   * model's provider or fails with a clear error. With this set, the default
   * route (ending at the offline engine) is tried after the model's own
   * targets, and the result says a fallback served it.
   */
  allowFallback: z.boolean().optional(),
});

export type GenerateInput = z.input<typeof generateInputSchema>;

/** What a cost estimate needs: a job's settings; the prompt may be left out, since it does not change a price. */
export const estimateInputSchema = generateInputSchema.partial({ prompt: true });
export type EstimateInput = z.input<typeof estimateInputSchema>;

/** The canonical request inside the engine. Providers map to and from it. */
export interface ImageRequest {
  readonly prompt: string;
  readonly negativePrompt: string | undefined;
  readonly style: (typeof STYLE_IDS)[number];
  readonly width: number;
  readonly height: number;
  readonly count: number;
  /** The base seed; image i uses `seed + i`. Always set: the service draws one when the caller gave none. */
  readonly seed: number;
  /** True when the caller chose the seed, making the request deterministic. */
  readonly seedExplicit: boolean;
  readonly format: ImageFormat;
  readonly model: string;
  /** LoRAs with weights; absent or empty means none. */
  readonly loras?: readonly Lora[] | undefined;
  /** The product layout asked for; undefined lets the prompt choose (see `generateInputSchema`). */
  readonly layout?: LayoutId | undefined;
  readonly noCache: boolean;
  /** When the named model's targets all fail, try the default route after them; see `generateInputSchema`. */
  readonly allowFallback?: boolean;
}

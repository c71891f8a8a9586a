import { z } from 'zod';
import { generateInputSchema, type GenerateInput } from '../core/contract/image-request.ts';
import type { GenerateOutcome } from '../core/service/motif-api.ts';
import { STYLE_IDS, type StyleId } from '../core/contract/styles.ts';
import { zodErrorToMotifError } from './zod-issues.ts';
import type { RouteContext } from './route-context.ts';
import { readJsonObject } from './json-body.ts';
import { sendJsonBody } from './http-error.ts';
import { setGenerationHeaders } from './generation-headers.ts';

/** Engine field names → the OpenAI images API's names, for error `param`s. */
export const OPENAI_PARAM_MAP: Readonly<Record<string, string>> = {
  count: 'n',
  format: 'output_format',
  negativePrompt: 'negative_prompt',
};

/** OpenAI model names that mean "whatever Motif would pick": they map to the `default` alias. */
const OPENAI_MODEL_NAMES = /^(dall-e-\d|gpt-image-[\w.-]+|chatgpt-image-[\w.-]+)$/;
/** OpenAI's own `style` values (DALL·E 3); accepted and treated as the default Motif style. */
const OPENAI_STYLES = ['vivid', 'natural'] as const;

/**
 * The body of `POST /v1/images/generations`: OpenAI's fields plus Motif's
 * `style` (a Motif style id), `seed` and `negative_prompt`. Field types are
 * checked here; ranges and formats by `generateInputSchema`. Unknown fields are
 * rejected. `user`, `quality` and `moderation` are accepted for compatibility
 * and ignored; `stream: true` is refused.
 */
export const openAiImageBodySchema = z.strictObject({
  prompt: z.string(),
  model: z.string().optional(),
  n: z.number().optional(),
  size: z.string().optional(),
  response_format: z.enum(['url', 'b64_json']).optional(),
  output_format: z.string().optional(),
  style: z.enum([...STYLE_IDS, ...OPENAI_STYLES]).optional(),
  seed: z.number().optional(),
  negative_prompt: z.string().optional(),
  user: z.string().max(256).optional(),
  quality: z.enum(['auto', 'standard', 'hd', 'low', 'medium', 'high']).optional(),
  moderation: z.enum(['auto', 'low']).optional(),
  stream: z.literal(false, { message: 'streaming is not supported; omit stream or set it to false' }).optional(),
});

export interface OpenAiImageRequest {
  readonly input: GenerateInput;
  readonly responseFormat: 'url' | 'b64_json';
}

/** Validates an OpenAI images body and maps it to the engine's input; throws `invalid_request` naming the OpenAI field. */
export function parseOpenAiImageBody(body: Record<string, unknown>): OpenAiImageRequest {
  const parsed = openAiImageBodySchema.safeParse(body);
  if (!parsed.success) throw zodErrorToMotifError(parsed.error);
  const b = parsed.data;
  const input: GenerateInput = {
    prompt: b.prompt,
    ...(b.model === undefined ? {} : { model: OPENAI_MODEL_NAMES.test(b.model) ? 'default' : b.model }),
    ...(b.n === undefined ? {} : { count: b.n }),
    ...(b.size === undefined || b.size === 'auto' ? {} : { size: b.size }),
    ...(b.output_format === undefined ? {} : { format: b.output_format as GenerateInput['format'] }),
    ...(isMotifStyle(b.style) ? { style: b.style } : {}),
    ...(b.seed === undefined ? {} : { seed: b.seed }),
    ...(b.negative_prompt === undefined ? {} : { negativePrompt: b.negative_prompt }),
  };
  const checked = generateInputSchema.safeParse(input);
  if (!checked.success) throw zodErrorToMotifError(checked.error, OPENAI_PARAM_MAP);
  return { input, responseFormat: b.response_format ?? 'url' };
}

function isMotifStyle(style: string | undefined): style is StyleId {
  return style !== undefined && (STYLE_IDS as readonly string[]).includes(style);
}

/** `POST /v1/images/generations`: OpenAI-compatible image generation. */
export async function handleOpenAiImages(ctx: RouteContext): Promise<void> {
  const body = await readJsonObject(ctx.req, ctx.maxBodyBytes);
  const request = parseOpenAiImageBody(body);
  const outcome = await ctx.service.generate(request.input, { signal: ctx.signal });
  const data = await Promise.all(outcome.entries.map(async (entry) => {
    if (request.responseFormat === 'url') return { url: imageUrl(ctx.baseUrl, entry.id) };
    const image = await ctx.service.readImage(entry.id);
    return { b64_json: Buffer.from(image.bytes).toString('base64') };
  }));
  setGenerationHeaders(ctx.res, outcome);
  sendJsonBody(ctx.res, 200, openAiImagesResponse(outcome, data));
}

/** The URL at which this server serves a library image. */
export function imageUrl(baseUrl: string, entryId: string): string {
  return `${baseUrl}/images/${encodeURIComponent(entryId)}`;
}

function openAiImagesResponse(outcome: GenerateOutcome, data: readonly object[]): Record<string, unknown> {
  const first = outcome.entries[0];
  return {
    created: Math.floor(outcome.job.createdAt / 1000),
    data,
    ...(first ? { output_format: first.format, size: `${first.width}x${first.height}` } : {}),
  };
}

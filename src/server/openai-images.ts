import { z } from 'zod';
import { generateInputSchema, type GenerateInput } from '../core/contract/image-request.ts';
import type { GenerateOutcome } from '../core/service/motif-api.ts';
import { STYLE_IDS, type StyleId } from '../core/contract/styles.ts';
import { zodErrorToMotifError } from './zod-issues.ts';
import { elapsedMs, type RegisterRoutes } from './route-context.ts';
import { setGenerationHeaders } from './generation-headers.ts';

/** Engine field names → the OpenAI images API's names, for error `param`s. */
export const OPENAI_PARAM_MAP: Readonly<Record<string, string>> = {
  count: 'n',
  format: 'output_format',
  negativePrompt: 'negative_prompt',
};

/** OpenAI's own `style` values (DALL·E 3); accepted and treated as the default Motif style. */
const OPENAI_STYLES = ['vivid', 'natural'] as const;

/**
 * The body of `POST /v1/images/generations`: OpenAI's fields plus Motif's
 * `style` (a Motif style id), `seed` and `negative_prompt`. Field types are
 * checked here; ranges and formats by `generateInputSchema`. Unknown fields are
 * rejected. `model` is taken at its word: `dall-e-3` is served by OpenAI or
 * fails, unless `allow_fallback: true` lets another provider (finally the
 * offline engine) answer, which the response's `motif.fallback` then says.
 * `user`, `quality` and `moderation` are accepted for compatibility and
 * ignored; `stream: true` is refused.
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
  allow_fallback: z.boolean().optional(),
  user: z.string().max(256).optional(),
  quality: z.enum(['auto', 'standard', 'hd', 'low', 'medium', 'high']).optional(),
  moderation: z.enum(['auto', 'low']).optional(),
  stream: z.literal(false, { message: 'streaming is not supported; omit stream or set it to false' }).optional(),
});

export interface OpenAiImageRequest {
  readonly input: GenerateInput;
  readonly responseFormat: 'url' | 'b64_json';
}

/**
 * Maps a (schema-checked) OpenAI images body to the engine's input and checks
 * ranges and formats; throws `invalid_request` naming the OpenAI field.
 */
export function toOpenAiImageRequest(b: z.infer<typeof openAiImageBodySchema>): OpenAiImageRequest {
  const input: GenerateInput = {
    prompt: b.prompt,
    ...(b.model === undefined ? {} : { model: b.model }),
    ...(b.n === undefined ? {} : { count: b.n }),
    ...(b.size === undefined || b.size === 'auto' ? {} : { size: b.size }),
    ...(b.output_format === undefined ? {} : { format: b.output_format as GenerateInput['format'] }),
    ...(isMotifStyle(b.style) ? { style: b.style } : {}),
    ...(b.seed === undefined ? {} : { seed: b.seed }),
    ...(b.negative_prompt === undefined ? {} : { negativePrompt: b.negative_prompt }),
    ...(b.allow_fallback === undefined ? {} : { allowFallback: b.allow_fallback }),
  };
  const checked = generateInputSchema.safeParse(input);
  if (!checked.success) throw zodErrorToMotifError(checked.error, OPENAI_PARAM_MAP);
  return { input, responseFormat: b.response_format ?? 'url' };
}

function isMotifStyle(style: string | undefined): style is StyleId {
  return style !== undefined && (STYLE_IDS as readonly string[]).includes(style);
}

/** `POST /v1/images/generations`: OpenAI-compatible image generation. */
export const registerOpenAiImages: RegisterRoutes = (app, service) => {
  app.post('/v1/images/generations', {
    schema: { body: openAiImageBodySchema },
    config: { auth: true, generation: true, paramMap: OPENAI_PARAM_MAP },
  }, async (request, reply) => {
    const { input, responseFormat } = toOpenAiImageRequest(request.body);
    const outcome = await service.generate(input, { signal: request.motif.signal });
    const data = await Promise.all(outcome.entries.map(async (entry) => {
      if (responseFormat === 'url') return { url: imageUrl(request.motif.baseUrl, entry.id) };
      const image = await service.readImage(entry.id);
      return { b64_json: Buffer.from(image.bytes).toString('base64') };
    }));
    setGenerationHeaders(reply, outcome, elapsedMs(request));
    return openAiImagesResponse(outcome, data);
  });
};

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
    // Who made the images, in the body too (not only in headers): `fallback` is true when it was not the model asked for.
    motif: {
      provider: first?.provider ?? outcome.job.provider ?? null,
      model: first?.model ?? outcome.job.model ?? null,
      requested_model: outcome.job.request.model,
      fallback: outcome.job.fallback,
      cached: outcome.cached,
    },
  };
}

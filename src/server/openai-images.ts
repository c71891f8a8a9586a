import { z } from 'zod';
import { generateInputSchema, type GenerateInput } from '../core/contract/image-request.ts';
import type { GenerateOutcome } from '../core/service/motif-api.ts';
import { STYLE_IDS, type StyleId } from '../core/contract/styles.ts';
import { LAYOUT_IDS, offlineDesignReport } from '../core/contract/offline-design.ts';
import { MotifError } from '../core/errors/index.ts';
import { zodErrorToMotifError } from '../core/errors/zod-error.ts';
import { elapsedMs, type RegisterRoutes } from './route-context.ts';
import { setGenerationHeaders } from './generation-headers.ts';

/** Engine field names → the OpenAI images API's names, for error `param`s. */
const OPENAI_PARAM_MAP: Readonly<Record<string, string>> = {
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
 * ignored; `stream: true` is refused. `format: "svg"` (Motif's) asks the
 * offline engine, which draws in vectors, and adds each design's SVG markup
 * as `svg` to its data item, whatever `response_format` says. `layout`
 * (Motif's) names the offline engine's product (`poster`, `sticker`, …);
 * a provider that cannot lay one out ignores it and says so in a warning.
 */
const openAiImageBodySchema = z.strictObject({
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
  layout: z.enum(LAYOUT_IDS).optional(),
  format: z.literal('svg', { message: 'format can only be "svg" (use output_format for png, jpeg or webp)' }).optional(),
});

interface OpenAiImageRequest {
  readonly input: GenerateInput;
  readonly responseFormat: 'url' | 'b64_json';
  /** Add each design's SVG (offline engine only). */
  readonly svg: boolean;
}

/** Model names that mean the offline engine, the only one that draws SVG. */
const OFFLINE_MODELS = ['offline', 'local/procedural-v1'];

/**
 * Maps a (schema-checked) OpenAI images body to the engine's input and checks
 * ranges and formats; throws `invalid_request` naming the OpenAI field.
 */
function toOpenAiImageRequest(b: z.infer<typeof openAiImageBodySchema>): OpenAiImageRequest {
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
    ...(b.layout === undefined ? {} : { layout: b.layout }),
    ...(b.format === 'svg' ? { model: 'offline' } : {}),
  };
  if (b.format === 'svg' && b.model !== undefined && !OFFLINE_MODELS.includes(b.model)) {
    throw new MotifError('invalid_request', {
      param: 'model',
      message: 'format "svg" comes from the offline engine only; leave out model or use "offline"',
    });
  }
  const checked = generateInputSchema.safeParse(input);
  if (!checked.success) throw zodErrorToMotifError(checked.error, { paramMap: OPENAI_PARAM_MAP });
  return { input, responseFormat: b.response_format ?? 'url', svg: b.format === 'svg' };
}

function isMotifStyle(style: string | undefined): style is StyleId {
  return style !== undefined && (STYLE_IDS as readonly string[]).includes(style);
}

/** `POST /v1/images/generations`: OpenAI-compatible image generation. */
export const registerOpenAiImages: RegisterRoutes = (app, service) => {
  app.post(
    '/v1/images/generations',
    {
      schema: { body: openAiImageBodySchema },
      config: { auth: true, generation: true, paramMap: OPENAI_PARAM_MAP },
    },
    async (request, reply) => {
      const { input, responseFormat, svg } = toOpenAiImageRequest(request.body);
      const outcome = await service.generate(input, { signal: request.motif.signal });
      const data = await Promise.all(
        outcome.entries.map(async (entry) => {
          const vector = svg ? { svg: await service.readVector(entry.id) } : {};
          if (responseFormat === 'url') return { url: imageUrl(request.motif.baseUrl, entry.id), ...vector };
          const image = await service.readImage(entry.id);
          return { b64_json: Buffer.from(image.bytes).toString('base64'), ...vector };
        }),
      );
      setGenerationHeaders(reply, outcome, elapsedMs(request));
      return openAiImagesResponse(outcome, data);
    },
  );
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
      // The offline engine's report: what it drew, the layout, the text it set, the words it did not know.
      drew: offlineDesignReport(first?.providerMetadata) ?? null,
    },
  };
}
